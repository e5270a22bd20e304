// The exact SQL and parameters a use case sends, without a database: a Kysely whose driver records
// each compiled query and answers it from a callback. EXPLAIN then runs those very statements.
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely';
import type { Db } from '../../src/platform/db/database.ts';

export type Captured = { sql: string; parameters: unknown[] };

export function capturingDb(respond: (query: Captured) => unknown[]): { db: Db; captured: Captured[] } {
  const captured: Captured[] = [];
  const connection: DatabaseConnection = {
    async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
      const query = { sql: compiled.sql, parameters: [...compiled.parameters] };
      captured.push(query);
      return { rows: respond(query) as R[] };
    },
    // biome-ignore lint/correctness/useYield: streaming is never used by the captured use cases
    async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
      throw new Error('streaming is not captured');
    },
  };
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: async () => {},
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  const db: Db = new Kysely({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  return { db, captured };
}
