// Where a run's data lives: a fresh PostgreSQL database or a fresh PGlite data dir, and how the
// bench talks to it directly (seeding, the raw-insert reference, EXPLAIN) when the server does not.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { copyIntoPostgres } from '../../src/platform/db/copy-rows.ts';
import { openPglite } from '../../src/platform/db/index.ts';
import type { BenchOptions, DbKind } from '../lib/args.ts';
import type { ServerEnv } from '../lib/server-process.ts';

/** A direct connection: parameterised queries, scripts, bulk loads (COPY on PostgreSQL). */
export type Sink = {
  kind: DbKind;
  /** How many queries can run at once (PostgreSQL pool size; PGlite is one session). */
  concurrency: number;
  query<R>(text: string, params?: unknown[]): Promise<R[]>;
  exec(script: string): Promise<void>;
  copy(table: string, columns: string[], rows: unknown[][]): Promise<void>;
  close(): Promise<void>;
};

export type Target = {
  kind: DbKind;
  /** The database name or the data dir. */
  location: string;
  env: ServerEnv;
  /** bulk: PostgreSQL sessions with FK triggers off (session_replication_role=replica), more maintenance memory. */
  open(mode: 'bulk' | 'normal'): Promise<Sink>;
  cleanup(): Promise<void>;
};

const BULK_SETTINGS = ['session_replication_role=replica', 'maintenance_work_mem=512MB', 'synchronous_commit=off'];

function postgresSink(url: string, mode: 'bulk' | 'normal', size: number): Sink {
  const pool = new pg.Pool({
    connectionString: url,
    max: size,
    ...(mode === 'bulk' ? { options: BULK_SETTINGS.map((s) => `-c ${s}`).join(' ') } : {}),
  });
  return {
    kind: 'postgres',
    concurrency: size,
    query: async <R>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as R[],
    exec: async (script) => {
      await pool.query(script);
    },
    copy: (table, columns, rows) => copyIntoPostgres(pool, table, columns, rows),
    close: () => pool.end(),
  };
}

async function pgliteSink(dataDir: string, mode: 'bulk' | 'normal'): Promise<Sink> {
  const database = await openPglite(dataDir);
  if (mode === 'bulk')
    await database.exec("set session_replication_role = replica; set maintenance_work_mem = '256MB'");
  return {
    kind: 'pglite',
    concurrency: 1,
    query: async <R>(text: string, params: unknown[] = []) =>
      (await database.db.executeQuery<R>(CompiledQuery.raw(text, params))).rows,
    exec: (script) => database.exec(script),
    copy: (table, columns, rows) => database.copyRows(table, columns, rows),
    close: () => database.close(),
  };
}

export async function prepareTarget(options: BenchOptions, stamp: string): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), `loopdesk-bench-${options.db}-`));
  if (options.db === 'pglite') {
    return {
      kind: 'pglite',
      location: dataDir,
      env: { DATA_DIR: dataDir, ...(options.serverNodeOptions ? { NODE_OPTIONS: options.serverNodeOptions } : {}) },
      open: (mode) => pgliteSink(dataDir, mode),
      async cleanup() {
        if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = options.reuse ?? `loopdesk_bench_${options.tickets}_${stamp.replace(/\D/g, '').slice(0, 14)}`;
  const url = `${options.pgUrl}/${name}`;
  return {
    kind: 'postgres',
    location: name,
    // DATA_DIR still holds the server's attachment blobs; DATABASE_URL creates the database on first use.
    env: {
      DATA_DIR: dataDir,
      DATABASE_URL: url,
      ...(options.serverNodeOptions ? { NODE_OPTIONS: options.serverNodeOptions } : {}),
    },
    open: async (mode) => postgresSink(url, mode, 10),
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
      if (options.keep) return;
      const admin = new pg.Client({ connectionString: `${options.pgUrl}/postgres` });
      await admin.connect();
      try {
        await admin.query(`drop database if exists "${name}"`);
      } finally {
        await admin.end();
      }
    },
  };
}
