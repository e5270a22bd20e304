#!/usr/bin/env node
// Loopdesk's command line. It runs the TypeScript sources directly (Node >= 22.18 strips types);
// on an older Node it re-runs itself with the Node that `npm install` put in node_modules.
//
// Memory: the process runs with a small V8 young generation (--max-semi-space-size=8; it otherwise grows
// to 128 MiB under load), an old generation that grows by 80 % between collections instead of V8's
// default of up to 4x (--heap-growing-percent=80), and at most two glibc malloc arenas (MALLOC_ARENA_MAX;
// one per thread otherwise). Together they take the server's peak RSS under the API benchmark from
// ~330 to ~215 MiB at the same throughput (docs/performance.md). The flags cannot be set from inside a
// running process, so when they are missing the bin replaces itself (execve: same pid, same stdio).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FLAGS = ['--max-semi-space-size=8', '--heap-growing-percent=80'];
const self = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
const env = { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2', LOOPDESK_TUNED: '1' };

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  const bundled = join(dirname(self), '..', 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bundled)) {
    process.stderr.write(
      `Loopdesk needs Node.js 22.18 or newer (this is ${process.version}); run npm install first.\n`,
    );
    process.exit(1);
  }
  const result = spawnSync(bundled, [...FLAGS, self, ...args], { stdio: 'inherit', env });
  process.exit(result.status ?? 1);
}
const missing = FLAGS.filter((flag) => !process.execArgv.includes(flag));
if ((missing.length || !process.env.MALLOC_ARENA_MAX) && !process.env.LOOPDESK_TUNED && process.execve) {
  process.execve(process.execPath, [process.execPath, ...process.execArgv, ...missing, self, ...args], env);
}
const { main } = await import('../src/cli.ts');
await main(args, process.env);
