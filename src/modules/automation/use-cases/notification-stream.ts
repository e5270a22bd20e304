import { sql } from 'kysely';
import type { Context } from '../../../platform/db/context.ts';
import type { Logger } from '../../../platform/log/logger.ts';
import type { NotificationRow } from '../automation.repo.ts';

export type NotificationListener = (row: NotificationRow) => void;

/**
 * Live in-app notifications for the SSE stream. One poller per process reads what was added since it last
 * looked (by the (created_at, id) index) and hands each row to that user's open streams; it runs only while
 * someone listens. Reading the table rather than an in-process event means a notification written by any
 * process (another app server, a job) reaches a stream held by this one.
 */
export function createNotificationHub(ctx: Context, log: Logger, pollMs = 1000) {
  const listeners = new Map<string, Set<NotificationListener>>();
  let last = { at: ctx.clock.now(), id: '00000000-0000-0000-0000-000000000000' };
  let timer: NodeJS.Timeout | null = null;
  let polling = false;

  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      const rows = await sql<NotificationRow>`select * from notifications
        where (created_at, id) > (${last.at}, ${last.id}::uuid) order by created_at, id limit 1000`.execute(ctx.db);
      for (const row of rows.rows) {
        last = { at: new Date(row.created_at), id: row.id };
        for (const listener of listeners.get(`${row.tenant_id}:${row.user_id}`) ?? []) listener(row);
      }
    } catch (error) {
      log.warn({ err: error }, 'notification poll failed');
    } finally {
      polling = false;
    }
  };

  return {
    poll,
    subscribe(tenantId: string, userId: string, listener: NotificationListener): () => void {
      const key = `${tenantId}:${userId}`;
      const set = listeners.get(key) ?? new Set();
      set.add(listener);
      listeners.set(key, set);
      if (!timer) {
        timer = setInterval(() => void poll(), pollMs);
        timer.unref?.();
      }
      return () => {
        set.delete(listener);
        if (!set.size) listeners.delete(key);
        if (!listeners.size && timer) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
    close() {
      if (timer) clearInterval(timer);
      timer = null;
      listeners.clear();
    },
  };
}

export type NotificationHub = ReturnType<typeof createNotificationHub>;
