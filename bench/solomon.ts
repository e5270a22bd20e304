// `npm run bench -- solomon [--time-limit S] [--names C101,R101] [--seed N]`: every Solomon VRPTW instance in
// ../shared/benchmarks/solomon solved one at a time on one core, checked by the independent checker, and its
// distance compared with the distance-only best known solution (bks_distance.csv, column `distance`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureSolomonGaps, type SolomonGap } from '../src/modules/dispatch/index.ts';

const ROOT = join(import.meta.dirname, '..');

export async function runSolomonScenario(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'time-limit': { type: 'string', default: '10' },
      names: { type: 'string' },
      seed: { type: 'string', default: '1' },
      directory: { type: 'string', default: join(ROOT, '..', 'shared', 'benchmarks', 'solomon') },
    },
  });
  const timeLimitMs = Number(values['time-limit']) * 1000;
  const startedAt = new Date();
  const results: SolomonGap[] = await measureSolomonGaps({
    directory: values.directory,
    timeLimitMs,
    seed: Number(values.seed),
    ...(values.names ? { names: values.names.split(',') } : {}),
    onResult: (gap) =>
      process.stdout.write(
        `${gap.name.padEnd(6)} ${gap.feasible ? 'ok ' : 'BAD'} vehicles ${String(gap.vehicles).padStart(2)} distance ${gap.distance.toFixed(2).padStart(8)} bks ${gap.bks?.toFixed(2) ?? '?'} gap ${gap.gapPercent?.toFixed(3) ?? '?'} %\n`,
      ),
  });
  const classes = new Map<string, SolomonGap[]>();
  for (const r of results) {
    // Solomon's classes: C1, C2, R1, R2, RC1, RC2 (the letters and the first digit of the name).
    const cls = /^[A-Z]+\d/.exec(r.name)?.[0] ?? r.name;
    classes.set(cls, [...(classes.get(cls) ?? []), r]);
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
  const summary = {
    instances: results.length,
    infeasible: results.filter((r) => !r.feasible).map((r) => r.name),
    meanGapPercent: mean(results.map((r) => r.gapPercent ?? Number.NaN)),
    maxGapPercent: Math.max(...results.map((r) => r.gapPercent ?? Number.NaN)),
    byClass: Object.fromEntries(
      [...classes].map(([cls, rs]) => [
        cls,
        {
          instances: rs.length,
          meanGapPercent: mean(rs.map((r) => r.gapPercent ?? Number.NaN)),
          meanVehicles: mean(rs.map((r) => r.vehicles)),
        },
      ]),
    ),
  };
  process.stdout.write(
    `\nmean gap ${summary.meanGapPercent.toFixed(3)} % over ${summary.instances} instances (max ${summary.maxGapPercent.toFixed(3)} %), infeasible: ${summary.infeasible.length}\n`,
  );
  for (const [cls, s] of Object.entries(summary.byClass))
    process.stdout.write(
      `  ${cls.padEnd(4)} ${s.instances} instances, mean gap ${s.meanGapPercent.toFixed(3)} %, mean vehicles ${s.meanVehicles.toFixed(2)}\n`,
    );
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const file = join(
    ROOT,
    'bench',
    'results',
    `solomon-${values['time-limit']}s-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`,
  );
  writeFileSync(
    file,
    JSON.stringify(
      {
        scenario: 'solomon',
        startedAt,
        finishedAt: new Date(),
        timeLimitMs,
        seed: Number(values.seed),
        machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
        summary,
        results,
      },
      null,
      2,
    ),
  );
  process.stdout.write(`\nresult: ${file}\n`);
}
