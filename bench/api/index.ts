// Scenario `api`: fresh database → bootstrap (`token create`) → bulk seed → server as a child →
// autocannon phases → raw-insert reference → EXPLAIN → bench/results/api-<db>-<N>-<stamp>.json.
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { BenchOptions } from '../lib/args.ts';
import { codeFingerprint } from '../lib/code-version.ts';
import { machineInfo } from '../lib/machine.ts';
import { startWaitSampler } from '../lib/pg-waits.ts';
import { startSampler } from '../lib/sampler.ts';
import { runCli, startServer } from '../lib/server-process.ts';
import { createBodies, searchTerms } from './bodies.ts';
import { explainQueries } from './explain.ts';
import { type LoadInput, preflight, runLoad } from './load.ts';
import { rawInsertReference } from './raw-insert.ts';
import { printTable, type Summary, TARGETS, writeResult } from './report.ts';
import { describeExisting } from './reuse.ts';
import { seedTickets } from './seed.ts';
import { prepareTarget, type Target } from './target.ts';

const out = (text: string) => void process.stdout.write(text);

/** The server's own view of its memory after the load (prom-client default metrics), in MiB. */
async function memoryMetrics(url: string): Promise<Record<string, number>> {
  const text = await fetch(`${url}/metrics`).then((r) => r.text());
  const keys = [
    'process_resident_memory_bytes',
    'nodejs_heap_size_total_bytes',
    'nodejs_heap_size_used_bytes',
    'nodejs_external_memory_bytes',
  ];
  const found: Record<string, number> = {};
  for (const key of keys) {
    const match = new RegExp(`^loopdesk_${key} ([\\d.e+]+)`, 'm').exec(text);
    if (match) found[key.replace('_bytes', 'MiB')] = Math.round((Number(match[1]) / 1024 / 1024) * 10) / 10;
  }
  for (const match of text.matchAll(/^loopdesk_nodejs_heap_space_size_total_bytes\{space="(\w+)"\} ([\d.e+]+)/gm)) {
    const mib = Math.round((Number(match[2]) / 1024 / 1024) * 10) / 10;
    if (mib > 0) found[`heap_space_${match[1]}_totalMiB`] = mib;
  }
  return found;
}

/** Starts the server, runs the phases, stops it; RSS, CPU and (PostgreSQL) session waits per stage. */
async function measure(target: Target, input: Omit<LoadInput, 'url' | 'stage'>) {
  const server = await startServer(target.env);
  const waits = target.env.DATABASE_URL ? await startWaitSampler(target.env.DATABASE_URL) : null;
  const sampler = startSampler(server.pid, () => waits?.pids() ?? []);
  const stage = (name: string) => {
    sampler.stage(name);
    waits?.stage(name);
  };
  try {
    stage('idle-after-start');
    await sleep(1_000);
    // The creates leave events in the outbox that the server's worker (SLA clocks, triggers) consumes. Wait
    // until it has, and report how fast: the read phases then measure reads, not the tail of the creates.
    let outboxDrain: { events: number; seconds: number; eventsPerSec: number; timedOut: boolean } | null = null;
    const afterCreate = async () => {
      if (!target.env.DATABASE_URL) return;
      stage('outbox-drain');
      const client = new pg.Client({ connectionString: target.env.DATABASE_URL });
      await client.connect();
      try {
        const pending = async () =>
          Number((await client.query('select count(*) as n from outbox where processed_at is null')).rows[0].n);
        const events = await pending();
        const started = performance.now();
        let left = events;
        while (left > 0 && performance.now() - started < 120_000) {
          await sleep(200);
          left = await pending();
        }
        const seconds = (performance.now() - started) / 1000;
        outboxDrain = {
          events,
          seconds: Math.round(seconds * 100) / 100,
          eventsPerSec: Math.round(events / Math.max(seconds, 0.001)),
          timedOut: left > 0,
        };
        out(`  outbox: ${events} events consumed in ${outboxDrain.seconds} s (${outboxDrain.eventsPerSec} events/s)\n`);
      } finally {
        await client.end();
      }
    };
    const load = { ...input, url: server.url, stage, afterCreate };
    stage('preflight');
    const checks = await preflight(load);
    out(
      `  preflight: queue ${checks.queue.items} items (open ${checks.queue.allOpen}, by due ${checks.queue.sortedByDue}); detail ${checks.detail.timelineEvents} events\n`,
    );
    const phases = await runLoad(load);
    stage('after-load');
    await sleep(3_000);
    const serverMemory = await memoryMetrics(server.url);
    const resources = sampler.stop();
    const postgresWaits = (await waits?.stop()) ?? null;
    return { checks, phases, resources, serverMemory, postgresWaits, outboxDrain };
  } finally {
    await server.stop();
  }
}

export async function runApiScenario(options: BenchOptions): Promise<void> {
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const machineBefore = machineInfo();
  const code = codeFingerprint();
  const target = await prepareTarget(options, stamp);
  out(
    `api bench: ${options.reuse ? 'reused database' : `${options.tickets} tickets`} on ${options.db} (${target.location}), ${options.duration} s per phase\n`,
  );
  try {
    const token = (
      await runCli(['token', 'create', '--email', 'admin@example.com', '--name', 'bench'], target.env)
    ).trim();
    if (!token.startsWith('ldk_')) throw new Error(`token create printed no token: ${token}`);

    let sink = await target.open('bulk');
    if (!options.reuse) out('seeding…\n');
    const seed = options.reuse
      ? await describeExisting(sink, options.seed)
      : await seedTickets(sink, options.tickets, options.seed, out);
    const [version] = await sink.query<{ version: string }>('select version() as version');
    const migrations = await sink.query<{ version: number; name: string }>(
      'select version, name from schema_migrations order by version',
    );
    const ticketIndexes = await sink.query<{ definition: string }>(
      "select indexdef as definition from pg_indexes where tablename = 'tickets' order by indexname",
    );
    const types = await sink.query<{ id: string; key: string }>(
      'select id, key from ticket_types where tenant_id = $1',
      [seed.tenantId],
    );
    await sink.close();
    if (!seed.reused) {
      out(
        `  seeded in ${seed.seconds.total} s: ${seed.rowsPerSecond.load} rows/s loading (${seed.rowsPerSecond.includingIndexes} rows/s with index builds), ${seed.eventsPerTicket} events/ticket, ${seed.openTickets} open; integrity ${JSON.stringify(seed.integrity)}\n`,
      );
    }

    const bodies = createBodies(options.seed, seed.sampleCustomers);
    const terms = searchTerms(seed.street);
    const codeAtServerStart = codeFingerprint();
    const run = await measure(target, {
      token,
      duration: options.duration,
      warmup: options.warmup,
      connections: options.connections,
      bodies,
      ticketIds: seed.sampleTicketIds,
      terms,
    });
    const { phases } = run;

    out('raw insert reference…\n');
    sink = await target.open('normal');
    const typeId = (key: string) => types.find((t) => t.key === key)?.id ?? '';
    const raw = await rawInsertReference(sink, {
      count: Math.max(phases.create.ok2xx, 100),
      bodies,
      tenantId: seed.tenantId,
      adminId: seed.adminId,
      typeIds: { desk: typeId('desk'), field_service: typeId('field_service') },
      customerIds: seed.sampleCustomers.map((c) => c.id),
    });
    out(`  raw: ${raw.rows} rows in ${raw.seconds} s = ${raw.rowsPerSec} rows/s (${raw.clients} clients)\nEXPLAIN…\n`);
    const explain = await explainQueries(sink, {
      tenantId: seed.tenantId,
      adminId: seed.adminId,
      ticketId: seed.sampleTicketIds[1] ?? '',
      terms,
    });
    const [size] = await sink.query<{ size: string }>(
      'select pg_size_pretty(pg_database_size(current_database())) as size',
    );
    await sink.close();

    const summary: Summary = {
      createReqPerSec: phases.create.reqPerSec,
      rawRowsPerSec: raw.rowsPerSec,
      createToRawRatio: Math.round((phases.create.reqPerSec / raw.rowsPerSec) * 1000) / 1000,
      queue: phases.queue.latencyMs,
      detail: phases.detail.latencyMs,
      search: phases.search.latencyMs,
      peakRssMiB: Math.max(run.resources.peakSampledRssMiB, run.resources.kernelPeakRssMiB),
      failedPhases: Object.values(phases)
        .filter((p) => p.failed)
        .map((p) => p.name),
    };
    const { sampleTicketIds: _ids, sampleCustomers: _customers, ...seedReport } = seed;
    const result = {
      scenario: 'api',
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      code: { atStart: code, atServerStart: codeAtServerStart, changedDuringRun: code.src !== codeAtServerStart.src },
      options: { ...options, pgUrl: options.db === 'postgres' ? options.pgUrl : null },
      machine: { before: machineBefore, after: machineInfo() },
      database: {
        kind: options.db,
        version: version?.version ?? 'unknown',
        location: target.location,
        kept: options.keep,
        size: size?.size ?? null,
        migrations,
        ticketIndexes: ticketIndexes.map((i) => i.definition),
      },
      targets: { ...TARGETS, note: 'targets are set for 1M tickets on PostgreSQL on a 2-core machine' },
      summary,
      seed: seedReport,
      checks: run.checks,
      phases,
      rawInsert: raw,
      resources: run.resources,
      serverMemory: run.serverMemory,
      postgresWaits: run.postgresWaits,
      outboxDrain: run.outboxDrain,
      searchTerms: terms,
      termMatches: explain.termMatches,
      explain: explain.plans,
    };
    const label = options.reuse ? `reuse-${options.reuse}` : String(options.tickets);
    const path = writeResult(`api-${options.db}-${label}-${stamp}.json`, result);
    printTable(
      `api: ${seed.rows.tickets} tickets, ${options.db} — ${machineBefore.cpus} × ${machineBefore.cpuModel}, ${machineBefore.node}`,
      summary,
    );
    out(`\nresult: ${path}\n`);
  } finally {
    await target.cleanup();
  }
}
