// Loopdesk as child processes for tests: fresh data (a temp DATA_DIR, plus a new PostgreSQL database when
// DATABASE_URL is set), the CLI, and servers started and stopped like an operator would.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'loopdesk.mjs');
export const NODE = join(ROOT, 'node_modules', '.bin', 'node');
const cleanups: (() => void)[] = [];
/** Removes every data dir and database and kills every server this file made (call it in afterAll). */
export function cleanUp(): void {
  for (const cleanup of cleanups.splice(0)) cleanup();
}

/** A fresh place to keep data: a temp DATA_DIR, plus a new PostgreSQL database when DATABASE_URL is set. */
export function freshEnv(extra: Record<string, string> = {}): Record<string, string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loopdesk-cli-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...extra,
  };
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/loopdesk_cli_${randomBytes(5).toString('hex')}`;
    env.DATABASE_URL = url.toString();
    cleanups.push(() => {
      const admin = new URL(url);
      admin.pathname = '/postgres';
      spawnSync('psql', [admin.toString(), '-qc', `drop database if exists "${url.pathname.slice(1)}" with (force)`]);
    });
  }
  return env;
}

export function cli(args: string[], env: Record<string, string>) {
  const result = spawnSync(NODE, [BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    signal: result.signal,
    error: result.error?.message,
  };
}

export async function startServer(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(NODE, [BIN, 'start'], {
    env: { ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  cleanups.push(() => child.kill('SIGKILL'));
  for (let i = 0; i < 200; i++) {
    const match = /running at (http:\/\/\S+)/.exec(output);
    if (match?.[1]) return { child, url: match[1], output: () => output };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start: ${output}`);
}

export async function stop(child: ChildProcess): Promise<number | null> {
  child.kill('SIGTERM');
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}
