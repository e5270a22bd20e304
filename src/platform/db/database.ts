import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { copyIntoPostgres } from './copy-rows.ts';
import { pglitePool } from './pglite-pool.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** The tables are typed per module (each repo calls `withTables`); the platform knows none of them. */
// biome-ignore lint/complexity/noBannedTypes: Kysely's empty schema
export type Db = Kysely<{}>;

export type Database = {
  kind: DatabaseKind;
  db: Db;
  /** Runs a script of several statements (migrations, admin tasks). No parameters. */
  exec(script: string): Promise<void>;
  /** Bulk load rows with COPY FROM STDIN (PostgreSQL) or multi-row INSERT (PGlite). */
  copyRows(table: string, columns: string[], rows: unknown[][]): Promise<void>;
  /** Runs `work` while holding a cluster-wide lock (PostgreSQL advisory lock; PGlite has one process). */
  withLock<T>(lockId: number, work: () => Promise<T>): Promise<T>;
  /** PGlite only: a gzipped tarball of the whole data directory, taken consistently. */
  dumpDataDir?: () => Promise<Blob>;
  close(): Promise<void>;
};

const INT8 = 20;

export async function openPglite(dataDir: string | null): Promise<Database> {
  let path: string | undefined;
  if (dataDir) {
    path = join(dataDir, 'pglite');
    mkdirSync(path, { recursive: true });
  }
  // Loaded only in embedded mode: a server on PostgreSQL never holds PGlite's code in memory.
  const [{ PGlite }, { pg_trgm }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
  ]);
  const pglite = await PGlite.create(path, {
    extensions: { pg_trgm },
    parsers: { [INT8]: (value: string) => Number(value) },
  });
  const pool = pglitePool(pglite);
  const db: Db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'pglite',
    db,
    exec: async (script) => {
      await pool.exclusive(() => pglite.exec(script));
    },
    copyRows: async (table, columns, rows) => {
      await insertInChunks(db, table, columns, rows);
    },
    withLock: (_lockId, work) => work(),
    dumpDataDir: () => pool.exclusive(() => pglite.dumpDataDir('gzip')),
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

export async function openPostgres(
  url: string,
  options: { poolSize?: number; onIdleError?: (error: Error) => void } = {},
): Promise<Database> {
  pg.types.setTypeParser(INT8, (value: string) => Number(value));
  await ensureDatabaseExists(url);
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // PostgreSQL may end idle connections (restart, failover, idle_session_timeout): the pool drops them
  // and opens new ones. Without a listener that 'error' event would crash the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  const db: Db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    exec: async (script) => {
      const client = await pool.connect();
      try {
        await client.query(script);
      } finally {
        client.release();
      }
    },
    copyRows: async (table, columns, rows) => {
      await copyIntoPostgres(pool, table, columns, rows);
    },
    withLock: async (lockId, work) => {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [lockId]);
        try {
          return await work();
        } finally {
          await client.query('select pg_advisory_unlock($1)', [lockId]);
        }
      } finally {
        client.release();
      }
    },
    close: async () => {
      await db.destroy();
    },
  };
}

/** A fresh DATABASE_URL may name a database that does not exist yet; create it, as a first start would. */
async function ensureDatabaseExists(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name) return;
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    await probe.end();
    return;
  } catch (error) {
    await probe.end().catch(() => {});
    if ((error as { code?: string }).code !== '3D000') throw error;
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`create database "${name.replaceAll('"', '""')}"`);
  } catch (error) {
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}

async function insertInChunks(db: Db, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const perChunk = Math.max(1, Math.floor(30_000 / Math.max(1, columns.length)));
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const values = chunk.map((row) => sql`(${sql.join(row.map((value) => sql`${value}`))})`);
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) values ${sql.join(values)}`.execute(
      db,
    );
  }
}
