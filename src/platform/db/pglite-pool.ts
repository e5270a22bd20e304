import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

type Command = PostgresQueryResult<unknown>['command'];

function commandOf(sql: string): Command {
  const word = /^\s*(?:with\b[\s\S]*?\)\s*)?(\w+)/i.exec(sql)?.[1]?.toUpperCase();
  return word === 'INSERT' || word === 'UPDATE' || word === 'DELETE' || word === 'MERGE' ? word : 'SELECT';
}

/**
 * PGlite is one Postgres session. Kysely asks a pool for a connection per query or transaction;
 * this pool hands out that one session to one borrower at a time so transactions never interleave.
 */
export function pglitePool(pglite: PGlite): PostgresPool & { exclusive<T>(work: () => Promise<T>): Promise<T> } {
  let busy: Promise<void> = Promise.resolve();
  async function acquire(): Promise<() => void> {
    let release!: () => void;
    const previous = busy;
    busy = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    return release;
  }
  return {
    async exclusive<T>(work: () => Promise<T>): Promise<T> {
      const release = await acquire();
      try {
        return await work();
      } finally {
        release();
      }
    },
    async connect(): Promise<PostgresPoolClient> {
      const release = await acquire();
      let released = false;
      const client = {
        async query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
          const result = await pglite.query<R>(sql, parameters as unknown[]);
          return { command: commandOf(sql), rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
        },
        release() {
          if (!released) {
            released = true;
            release();
          }
        },
      };
      return client as PostgresPoolClient;
    },
    async end() {
      await busy;
    },
  };
}
