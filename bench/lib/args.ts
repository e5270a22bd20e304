import { parseArgs } from 'node:util';

export type DbKind = 'postgres' | 'pglite';

export type BenchOptions = {
  tickets: number;
  db: DbKind;
  /** Seconds per measured phase. */
  duration: number;
  /** Seconds of unmeasured warm-up before each phase. */
  warmup: number;
  connections: number;
  /** Server for PostgreSQL runs; the bench creates a fresh database on it. */
  pgUrl: string;
  seed: number;
  /** Keep the bench database (PostgreSQL) or data dir (PGlite) afterwards, for EXPLAIN sessions. */
  keep: boolean;
  /** PostgreSQL only: measure on this kept bench database instead of seeding a new one. */
  reuse: string | null;
  /** NODE_OPTIONS for the server child, for what-if runs (e.g. heap limits); recorded in the result. */
  serverNodeOptions: string | null;
};

export const USAGE = `usage: npm run bench -- api --tickets N --db postgres|pglite [--duration S] [--warmup S]
       [--connections C] [--pg-url postgresql://postgres@127.0.0.1:5432] [--seed S] [--keep]
       [--reuse loopdesk_bench_…  (PostgreSQL: measure a kept database again, no seeding)]
       [--server-node-options="…"  (NODE_OPTIONS for the server: what-if runs only)]
`;

function whole(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < min)
    throw new Error(`--${name} must be a whole number >= ${min}, got ${raw}`);
  return value;
}

export function parseBenchArgs(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      tickets: { type: 'string' },
      db: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      'pg-url': { type: 'string' },
      seed: { type: 'string' },
      keep: { type: 'boolean', default: false },
      reuse: { type: 'string' },
      'server-node-options': { type: 'string' },
    },
  });
  const db = values.db ?? 'postgres';
  if (db !== 'postgres' && db !== 'pglite') throw new Error(`--db must be postgres or pglite, got ${db}\n${USAGE}`);
  if (values.reuse && (db !== 'postgres' || !/^loopdesk_bench_\w+$/.test(values.reuse)))
    throw new Error('--reuse takes a loopdesk_bench_… PostgreSQL database');
  return {
    tickets: whole('tickets', values.tickets, 100_000, 1),
    db,
    duration: whole('duration', values.duration, 10, 1),
    warmup: whole('warmup', values.warmup, 2, 0),
    connections: whole('connections', values.connections, 10, 1),
    pgUrl: (values['pg-url'] ?? 'postgresql://postgres@127.0.0.1:5432').replace(/\/+$/, ''),
    seed: whole('seed', values.seed, 20261122, 0),
    keep: (values.keep ?? false) || Boolean(values.reuse),
    reuse: values.reuse ?? null,
    serverNodeOptions: values['server-node-options'] ?? null,
  };
}
