// Per stage of a run: the server's peak RSS (sampled every 100 ms from /proc) and where the
// machine's CPU went, in cores (CPU-seconds per second): the server, the bench process itself
// (autocannon), this run's PostgreSQL backends, and everything else on the machine — other users'
// work, which on a shared 2-core box is the noise in the figures.

import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { memoryOf } from './server-process.ts';

function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function machineJiffies(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

const benchCpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

export type StageStats = {
  seconds: number;
  peakRssMiB: number;
  cores: { server: number; bench: number; postgres: number; other: number; machineBusy: number };
};

type Open = {
  name: string;
  at: number;
  server: number;
  bench: number;
  machine: { busy: number; total: number };
  backends: Map<number, { first: number; last: number }>;
  peak: number;
};

const r2 = (value: number) => Math.round(value * 100) / 100;

/** `backendPids` lists this run's PostgreSQL backends (none for PGlite, which lives in the server). */
export function startSampler(pid: number, backendPids: () => number[]) {
  const ncpu = cpus().length;
  const stages = new Map<string, StageStats>();
  let peak = 0;
  let open: Open | null = null;
  const trackBackends = (stage: Open) => {
    for (const backend of backendPids()) {
      const cpu = cpuSecondsOf(backend);
      if (cpu === null) continue;
      const seen = stage.backends.get(backend);
      if (seen) seen.last = cpu;
      else stage.backends.set(backend, { first: cpu, last: cpu });
    }
  };
  const sample = () => {
    const memory = memoryOf(pid);
    if (memory) peak = Math.max(peak, memory.rssMiB);
    if (!open) return;
    if (memory) open.peak = Math.max(open.peak, memory.rssMiB);
    trackBackends(open);
  };
  const close = () => {
    if (!open) return;
    sample();
    const seconds = (performance.now() - open.at) / 1000;
    const machine = machineJiffies();
    const total = machine.total - open.machine.total;
    const machineBusy = total > 0 ? ((machine.busy - open.machine.busy) / total) * ncpu : Number.NaN;
    const server = ((cpuSecondsOf(pid) ?? open.server) - open.server) / seconds;
    const bench = (benchCpuSeconds() - open.bench) / seconds;
    const postgres = [...open.backends.values()].reduce((sum, b) => sum + (b.last - b.first), 0) / seconds;
    stages.set(open.name, {
      seconds: r2(seconds),
      peakRssMiB: Math.round(open.peak * 10) / 10,
      cores: {
        server: r2(server),
        bench: r2(bench),
        postgres: r2(postgres),
        other: r2(Math.max(0, machineBusy - server - bench - postgres)),
        machineBusy: r2(machineBusy),
      },
    });
    open = null;
  };
  const timer = setInterval(sample, 100);
  return {
    stage(name: string) {
      close();
      open = {
        name,
        at: performance.now(),
        server: cpuSecondsOf(pid) ?? 0,
        bench: benchCpuSeconds(),
        machine: machineJiffies(),
        backends: new Map(),
        peak: 0,
      };
      trackBackends(open);
      sample();
    },
    stop() {
      close();
      clearInterval(timer);
      const memory = memoryOf(pid);
      return {
        peakSampledRssMiB: Math.round(peak * 10) / 10,
        kernelPeakRssMiB: memory ? Math.round(memory.hwmMiB * 10) / 10 : Number.NaN,
        rssAtEndMiB: memory ? Math.round(memory.rssMiB * 10) / 10 : Number.NaN,
        stages: Object.fromEntries(stages),
      };
    },
  };
}
