// `npm run bench -- sla --reuse loopdesk_bench_<N>_<stamp> [--due 200] [--pg-url …] [--scan-ms 500]`
// Breach detection on a big database: every ticket of a kept `api` bench database (open or not: the scan reads
// only clocks, so this stands for as many open tickets) gets two running SLA clocks (first response and
// resolution) due in the next weeks; `--due` of them are then made due two to three
// seconds from now, and the production scan (`announceDueSlas`, run every `--scan-ms` like the worker's task)
// announces them. Measured: how long after its due instant each breach reached the timeline; what a scan costs
// when nothing is due, with all the clocks and with only 1 000 of them (the ratio shows the cost does not grow
// with the open tickets); and EXPLAIN (ANALYZE, BUFFERS) of the scan's query.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { announceDueSlas } from '../src/modules/sla/index.ts';
import { systemClock } from '../src/platform/clock/clock.ts';
import { migrate, openPostgres } from '../src/platform/db/index.ts';
import { machineInfo } from './lib/machine.ts';

const ROOT = join(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
const round = (value: number) => Math.round(value * 100) / 100;

export async function runSlaScenario(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      reuse: { type: 'string' },
      'pg-url': { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432' },
      due: { type: 'string', default: '200' },
      'scan-ms': { type: 'string', default: '500' },
    },
  });
  if (!values.reuse || !/^loopdesk_bench_\w+$/.test(values.reuse))
    throw new Error('--reuse takes a kept api bench database (npm run bench -- api --keep …)');
  const dueCount = Number(values.due);
  const scanMs = Number(values['scan-ms']);
  const database = await openPostgres(`${values['pg-url']}/${values.reuse}`, { poolSize: 4 });
  await migrate(database);
  const { db } = database;
  const ctx = { db, clock: systemClock };
  const out = (text: string) => process.stdout.write(text);

  out(`sla bench on ${values.reuse}: clocks for every ticket…\n`);
  await sql`truncate ticket_slas`.execute(db);
  const seeded = performance.now();
  await sql`insert into ticket_slas (tenant_id, ticket_id, metric, policy_id, target_minutes, started_at, status,
      due_at, used_ms, paused_ms, warnings, next_warning_percent, next_warning_at, updated_at)
    select t.tenant_id, t.id, m.metric, null, m.minutes, now(), 'running',
      now() + interval '1 day' + random() * interval '30 days', 0, 0, '[]', null, null, now()
    from tickets t cross join (values ('firstResponse', 60), ('resolution', 480)) as m(metric, minutes)`.execute(db);
  await sql`analyze ticket_slas`.execute(db);
  const [counts] = (
    await sql<{ tickets: number; clocks: number }>`select (select count(*)::int from tickets) as tickets,
      (select count(*)::int from ticket_slas where status = 'running') as clocks`.execute(db)
  ).rows;
  out(
    `  ${counts?.tickets} tickets, each treated as open: ${counts?.clocks} running clocks in ${round((performance.now() - seeded) / 1000)} s\n`,
  );

  const explainEmpty = (
    await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers) select * from ticket_slas
      where status = 'running' and breach_announced_for is null and due_at <= now()
      order by due_at limit 500 for update skip locked`.execute(db)
  ).rows.map((row) => row['QUERY PLAN']);

  const emptyScan = async (rounds: number) => {
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      const handled = await announceDueSlas(ctx);
      times.push(performance.now() - started);
      if (handled) throw new Error('a scan found due clocks where none should be');
    }
    return { p50: round(percentile(times, 50)), p99: round(percentile(times, 99)) };
  };
  const idleAtFull = await emptyScan(200);
  out(`  scan with nothing due: p50 ${idleAtFull.p50} ms, p99 ${idleAtFull.p99} ms\n`);

  // Make `due` clocks due 2–3 s from now, evenly spread, and let the scan loop find them.
  const picked = (
    await sql<{ ticket_id: string; metric: string }>`select ticket_id, metric from ticket_slas tablesample system (1)
      limit ${dueCount}`.execute(db)
  ).rows;
  const base = Date.now() + 2000;
  await sql`update ticket_slas s set due_at = x.due from jsonb_to_recordset(${JSON.stringify(
    picked.map((row, i) => ({ ...row, due: new Date(base + Math.floor((i * 1000) / picked.length)).toISOString() })),
  )}::jsonb) as x(ticket_id uuid, metric text, due timestamptz)
    where s.ticket_id = x.ticket_id and s.metric = x.metric`.execute(db);
  const scanTimes: { ms: number; handled: number }[] = [];
  const deadline = Date.now() + 15_000;
  let announced = 0;
  while (announced < picked.length && Date.now() < deadline) {
    const started = performance.now();
    const handled = await announceDueSlas(ctx);
    scanTimes.push({ ms: performance.now() - started, handled });
    announced += handled;
    await sleep(scanMs);
  }
  const lags = (
    await sql<{ lag_ms: number }>`select extract(epoch from (e.created_at - s.due_at)) * 1000 as lag_ms
      from ticket_events e join ticket_slas s on s.tenant_id = e.tenant_id and s.ticket_id = e.ticket_id
        and s.metric = e.data->>'metric'
      where e.type = 'sla.breached' and e.created_at >= ${new Date(base - 2000)}`.execute(db)
  ).rows.map((row) => Number(row.lag_ms));
  const busy = scanTimes.filter((scan) => scan.handled > 0);
  const detection = {
    due: picked.length,
    announced: lags.length,
    lagMs: { p50: round(percentile(lags, 50)), p99: round(percentile(lags, 99)), max: round(Math.max(...lags)) },
    scansWithWork: busy.length,
    msPerDueItem: round(busy.reduce((sum, scan) => sum + scan.ms, 0) / Math.max(1, announced)),
  };
  out(
    `  ${detection.announced}/${detection.due} breaches announced; lag after due p50 ${detection.lagMs.p50} ms, p99 ${detection.lagMs.p99} ms, max ${detection.lagMs.max} ms (scan every ${scanMs} ms); ${detection.msPerDueItem} ms per due item\n`,
  );

  // The same idle scan with only 1 000 running clocks: the ratio shows whether the cost follows the table.
  await sql`delete from ticket_slas where ctid not in (select ctid from ticket_slas limit 1000)`.execute(db);
  await sql`vacuum analyze ticket_slas`.execute(db);
  const idleAtSmall = await emptyScan(200);
  out(
    `  scan with nothing due and 1 000 clocks: p50 ${idleAtSmall.p50} ms (ratio full/small ${round(idleAtFull.p50 / idleAtSmall.p50)})\n`,
  );
  await sql`truncate ticket_slas`.execute(db);
  await database.close();

  const result = {
    scenario: 'sla',
    startedAt: new Date().toISOString(),
    machine: machineInfo(),
    database: values.reuse,
    ticketsWithClocks: counts?.tickets,
    runningClocks: counts?.clocks,
    scanEveryMs: scanMs,
    idleScanMs: { allClocks: idleAtFull, thousandClocks: idleAtSmall, ratio: round(idleAtFull.p50 / idleAtSmall.p50) },
    detection,
    explainIdleScan: explainEmpty,
  };
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const file = join(ROOT, 'bench', 'results', `sla-${result.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  out(`${explainEmpty.join('\n')}\nresult: ${file}\n`);
}
