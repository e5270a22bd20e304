// The run's JSON under bench/results/ and the compact table printed at the end.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/server-process.ts';
import type { PhaseReport } from './load.ts';

// The memory target is 300 MB (10^6 bytes): 286.1 MiB, which is what RSS is reported in.
export const TARGETS = {
  createRatio: 0.5,
  queueP99Ms: 30,
  detailP99Ms: 20,
  searchP95Ms: 50,
  rssMiB: Math.floor((300e6 / 2 ** 20) * 10) / 10,
};

export type Summary = {
  createReqPerSec: number;
  rawRowsPerSec: number;
  createToRawRatio: number;
  queue: PhaseReport['latencyMs'];
  detail: PhaseReport['latencyMs'];
  search: PhaseReport['latencyMs'];
  peakRssMiB: number;
  failedPhases: string[];
};

export function writeResult(file: string, result: unknown): string {
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}

const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

export function printTable(title: string, s: Summary): void {
  const rows: [string, string, string, string][] = [
    [
      'create (10 conn)',
      `${s.createReqPerSec} req/s vs raw ${s.rawRowsPerSec} rows/s = ${s.createToRawRatio}`,
      `>= ${TARGETS.createRatio}`,
      verdict(s.createToRawRatio >= TARGETS.createRatio),
    ],
    [
      'queue view p50/p95/p99',
      `${s.queue.p50} / ${s.queue.p95} / ${s.queue.p99} ms`,
      `p99 <= ${TARGETS.queueP99Ms} ms`,
      verdict(s.queue.p99 <= TARGETS.queueP99Ms),
    ],
    [
      'detail+timeline p50/p95/p99',
      `${s.detail.p50} / ${s.detail.p95} / ${s.detail.p99} ms`,
      `p99 <= ${TARGETS.detailP99Ms} ms`,
      verdict(s.detail.p99 <= TARGETS.detailP99Ms),
    ],
    [
      'Chinese search p50/p95/p99',
      `${s.search.p50} / ${s.search.p95} / ${s.search.p99} ms`,
      `p95 <= ${TARGETS.searchP95Ms} ms`,
      verdict(s.search.p95 <= TARGETS.searchP95Ms),
    ],
    [
      'server peak RSS',
      `${s.peakRssMiB} MiB`,
      `<= 300 MB (${TARGETS.rssMiB} MiB)`,
      verdict(s.peakRssMiB <= TARGETS.rssMiB),
    ],
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  process.stdout.write(`\n${title}\n`);
  for (const row of rows) process.stdout.write(`  ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')}\n`);
  if (s.failedPhases.length)
    process.stdout.write(`  PHASES WITH ERRORS (not a valid measurement): ${s.failedPhases.join(', ')}\n`);
}
