// The Loopdesk server and CLI as child processes: `node bin/loopdesk.mjs …` started directly (not via
// npm) so the child's pid is the server's and /proc/<pid> tells its RSS and CPU time.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'loopdesk.mjs');

export type ServerEnv = Record<string, string>;

function childEnv(env: ServerEnv): NodeJS.ProcessEnv {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 18)) throw new Error(`run the bench with Node >= 22.18 (npm run bench does); this is ${process.version}`);
  return { ...process.env, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0', LOOPDESK_ADMIN_PASSWORD: 'bench-admin-password', ...env };
}

/** Runs one CLI command to completion and returns its stdout. */
export async function runCli(args: string[], env: ServerEnv): Promise<string> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`loopdesk ${args.join(' ')} exited ${code}: ${stderr}`);
  return stdout;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type RunningServer = { pid: number; url: string; stop(): Promise<void>; output(): string };

export async function startServer(env: ServerEnv): Promise<RunningServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [BIN, 'start'], {
    cwd: ROOT,
    env: childEnv({ ...env, PORT: String(port), HOST: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  let exited: number | null | undefined;
  child.on('exit', (code) => {
    exited = code;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`server exited with ${exited} before it was ready:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server not ready after 120 s:\n${output}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await sleep(200);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('server has no pid');
  return {
    pid,
    url,
    output: () => output,
    async stop() {
      if (exited !== undefined) return;
      const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const killed = await Promise.race([done.then(() => false), sleep(30_000).then(() => true)]);
      if (killed) {
        child.kill('SIGKILL');
        await done;
      }
    },
  };
}

/** VmRSS and VmHWM (the kernel's peak) of a process, in MiB. */
export function memoryOf(pid: number): { rssMiB: number; hwmMiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMiB: kb('VmRSS') / 1024, hwmMiB: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used. */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Busy and total jiffies of the whole machine, for how loaded it was (other users included). */
function machineJiffies(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

export type StageStats = { peakRssMiB: number; serverCpuPercent: number; machineBusyPercent: number };

/** Samples the server's RSS every 100 ms, per named stage, plus CPU use per stage. */
export function startSampler(pid: number) {
  const stages = new Map<string, StageStats>();
  let current = 'idle';
  let peak = 0;
  let started = { at: performance.now(), cpu: cpuSecondsOf(pid), machine: machineJiffies() };
  const close = () => {
    const seconds = (performance.now() - started.at) / 1000;
    const machine = machineJiffies();
    const stage = stages.get(current);
    if (!stage || seconds <= 0) return;
    stage.serverCpuPercent = Math.round(((cpuSecondsOf(pid) - started.cpu) / seconds) * 1000) / 10;
    const total = machine.total - started.machine.total;
    stage.machineBusyPercent = total > 0 ? Math.round(((machine.busy - started.machine.busy) / total) * 1000) / 10 : Number.NaN;
  };
  const sample = () => {
    const memory = memoryOf(pid);
    if (!memory) return;
    peak = Math.max(peak, memory.rssMiB);
    const stage = stages.get(current);
    if (stage) stage.peakRssMiB = Math.max(stage.peakRssMiB, memory.rssMiB);
  };
  const timer = setInterval(sample, 100);
  return {
    stage(name: string) {
      close();
      current = name;
      stages.set(name, { peakRssMiB: 0, serverCpuPercent: 0, machineBusyPercent: 0 });
      started = { at: performance.now(), cpu: cpuSecondsOf(pid), machine: machineJiffies() };
      sample();
    },
    stop() {
      sample();
      close();
      clearInterval(timer);
      const memory = memoryOf(pid);
      return {
        peakSampledRssMiB: Math.round(peak * 10) / 10,
        kernelPeakRssMiB: memory ? Math.round(memory.hwmMiB * 10) / 10 : Number.NaN,
        rssAtEndMiB: memory ? Math.round(memory.rssMiB * 10) / 10 : Number.NaN,
        stages: Object.fromEntries([...stages].map(([name, s]) => [name, { ...s, peakRssMiB: Math.round(s.peakRssMiB * 10) / 10 }])),
      };
    },
  };
}
