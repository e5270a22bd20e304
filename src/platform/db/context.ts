import type { Clock } from '../clock/clock.ts';
import type { Db } from './database.ts';

/** What a use case needs to run: the database (or the transaction it is part of) and the clock. */
export type Context = { db: Db; clock: Clock };

/** Runs `work` in one transaction; nested calls join the outer one. */
export async function inTransaction<T>(ctx: Context, work: (tx: Context) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return work(ctx);
  return ctx.db.transaction().execute((trx) => work({ ...ctx, db: trx }));
}
