import { sql } from 'kysely';
import { type Context, inTransaction } from '../db/context.ts';
import type { Logger } from '../log/logger.ts';

/** An event another module wrote to the outbox in the transaction of its change. */
export type OutboxEvent = {
  tenantId: string;
  id: string;
  topic: string;
  payload: Record<string, unknown>;
  createdAt: Date;
};

/** Reacts to events inside the consumer's transaction: its writes commit together with "processed". */
export type OutboxSubscriber = { name: string; handle: (tx: Context, events: OutboxEvent[]) => Promise<void> };

type Row = { tenant_id: string; id: string; topic: string; payload: Record<string, unknown>; created_at: Date };

async function claim(tx: Context, limit: number, only?: Pick<OutboxEvent, 'tenantId' | 'id'>): Promise<OutboxEvent[]> {
  const rows = only
    ? await sql<Row>`select tenant_id, id::text as id, topic, payload, created_at from outbox
        where tenant_id = ${only.tenantId} and id = ${only.id}::bigint and processed_at is null
        for update skip locked`.execute(tx.db)
    : await sql<Row>`select tenant_id, id::text as id, topic, payload, created_at from outbox
        where processed_at is null order by id limit ${limit} for update skip locked`.execute(tx.db);
  return rows.rows.map((row) => ({
    tenantId: row.tenant_id,
    id: row.id,
    topic: row.topic,
    payload: row.payload,
    createdAt: row.created_at,
  }));
}

async function markProcessed(tx: Context, events: OutboxEvent[], error: string | null): Promise<void> {
  await sql`update outbox set processed_at = ${tx.clock.now()}, error = ${error}
    where (tenant_id, id) in (select * from jsonb_to_recordset(${JSON.stringify(
      events.map((event) => ({ tenant_id: event.tenantId, id: event.id })),
    )}::jsonb) as x(tenant_id uuid, id bigint))`.execute(tx.db);
}

/**
 * Hands the oldest unprocessed events to every subscriber, in one transaction with marking them processed:
 * a reaction and its "done" commit together, so each event is handled once even with several processes
 * (SKIP LOCKED gives each its own events). When a batch fails, its events are retried one by one, and an
 * event that still fails on its own is set aside with its error (logged, kept in the table) so that one
 * poisoned event never stops the others. Returns how many events were taken.
 */
export async function consumeOutbox(
  ctx: Context,
  subscribers: OutboxSubscriber[],
  log: Logger,
  limit = 200,
): Promise<number> {
  const handleAll = async (tx: Context, events: OutboxEvent[]) => {
    for (const subscriber of subscribers) await subscriber.handle(tx, events);
    await markProcessed(tx, events, null);
  };
  let taken: OutboxEvent[] = [];
  try {
    taken = await inTransaction(ctx, async (tx) => {
      const events = await claim(tx, limit);
      if (events.length) await handleAll(tx, events);
      return events;
    });
    return taken.length;
  } catch (error) {
    log.warn({ err: error }, 'outbox batch failed; retrying its events one by one');
  }
  const events = await inTransaction(ctx, (tx) => claim(tx, limit));
  for (const event of events) {
    try {
      await inTransaction(ctx, async (tx) => {
        const [again] = await claim(tx, 1, event);
        if (again) await handleAll(tx, [again]);
      });
    } catch (error) {
      log.error({ err: error, topic: event.topic, eventId: event.id }, 'outbox event failed; set aside');
      await inTransaction(ctx, async (tx) => {
        const [again] = await claim(tx, 1, event);
        if (again) await markProcessed(tx, [again], error instanceof Error ? error.message : String(error));
      });
    }
  }
  return events.length;
}

/** Processed events are kept a week for inspection, then removed. */
export async function purgeProcessedOutbox(ctx: Context, before: Date): Promise<void> {
  await sql`delete from outbox where processed_at < ${before} and error is null`.execute(ctx.db);
}
