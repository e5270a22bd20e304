import { sql } from 'kysely';
import type { Context } from '../db/context.ts';
import type { Db } from '../db/database.ts';

/**
 * Durable jobs in the application's own database (no broker). At least once: a job is claimed under a lease
 * with FOR UPDATE SKIP LOCKED, so any number of processes share the queue and never take the same job at
 * once; a process that dies mid-job leaves a lease that runs out, and the job is taken again. Handlers must
 * therefore be idempotent (deliveries carry a stable id). A failing job is retried with exponential backoff
 * and jitter (or when the receiver said to, via `retryAfterMs`); after `max_attempts` it is dead: kept,
 * listed for admins, and retried only by hand.
 */
export type Job = {
  tenant_id: string;
  id: string;
  queue: string;
  dedupe_key: string | null;
  payload: Record<string, unknown>;
  run_at: Date;
  status: 'pending' | 'running' | 'done' | 'dead';
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  created_at: Date;
  finished_at: Date | null;
};

export type NewJob = {
  tenantId: string;
  queue: string;
  payload: Record<string, unknown>;
  runAt?: Date;
  /** A second job with the same queue and key is not added: one run per due item. */
  dedupeKey?: string;
  maxAttempts?: number;
};

/** A handler's failure that says when (or whether) to try again. */
export class JobFailure extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: { retryable: boolean; retryAfterMs?: number }) {
    super(message);
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export const LEASE_MS = 60_000;

/** Adds jobs in the caller's transaction, so a job exists exactly when the change that wants it committed. */
export async function enqueueJobs(ctx: Context, jobs: NewJob[]): Promise<void> {
  if (!jobs.length) return;
  const now = ctx.clock.now();
  const rows = jobs.map((job) => ({
    tenant_id: job.tenantId,
    queue: job.queue,
    dedupe_key: job.dedupeKey ?? null,
    payload: job.payload,
    run_at: (job.runAt ?? now).toISOString(),
    max_attempts: job.maxAttempts ?? 8,
    created_at: now.toISOString(),
  }));
  await sql`insert into jobs (tenant_id, queue, dedupe_key, payload, run_at, max_attempts, created_at)
    select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as x(tenant_id uuid, queue text, dedupe_key text, payload jsonb, run_at timestamptz, max_attempts integer,
           created_at timestamptz)
    on conflict (tenant_id, queue, dedupe_key) where dedupe_key is not null do nothing`.execute(ctx.db);
}

/** Takes up to `limit` due jobs under a lease. */
export async function claimJobs(db: Db, now: Date, limit: number): Promise<Job[]> {
  const leaseEnd = new Date(now.getTime() + LEASE_MS);
  const result = await sql<Job>`update jobs j set status = 'running', attempts = j.attempts + 1,
      locked_until = ${leaseEnd}
    from (select tenant_id, id from jobs where status = 'pending' and run_at <= ${now}
          order by run_at limit ${limit} for update skip locked) due
    where j.tenant_id = due.tenant_id and j.id = due.id
    returning j.tenant_id, j.id::text as id, j.queue, j.dedupe_key, j.payload, j.run_at, j.status, j.attempts,
      j.max_attempts, j.last_error, j.created_at, j.finished_at`.execute(db);
  return result.rows;
}

/** Jobs whose process died mid-run (the lease ran out) become pending again. */
export async function releaseExpiredLeases(db: Db, now: Date): Promise<number> {
  const result = await sql`update jobs set status = 'pending', locked_until = null
    where status = 'running' and locked_until < ${now}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export async function finishJob(db: Db, job: Job, now: Date): Promise<void> {
  await sql`update jobs set status = 'done', finished_at = ${now}, locked_until = null, last_error = null
    where tenant_id = ${job.tenant_id} and id = ${job.id} and status = 'running'`.execute(db);
}

/** 10 s, 20 s, 40 s … capped at 1 h, with ±20 % jitter so that retries of one outage do not arrive together. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(3_600_000, 10_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export async function failJob(db: Db, job: Job, now: Date, error: unknown): Promise<'retry' | 'dead'> {
  // Any error that says whether to retry is heeded (JobFailure, or a module's own, e.g. a failed delivery).
  const failure =
    error instanceof Error && typeof (error as { retryable?: unknown }).retryable === 'boolean'
      ? (error as Error & { retryable: boolean; retryAfterMs?: number | undefined })
      : null;
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
  const dead = (failure && !failure.retryable) || job.attempts >= job.max_attempts;
  if (dead) {
    await sql`update jobs set status = 'dead', finished_at = ${now}, locked_until = null, last_error = ${message}
      where tenant_id = ${job.tenant_id} and id = ${job.id}`.execute(db);
    return 'dead';
  }
  const wait = Math.max(failure?.retryAfterMs ?? 0, backoffMs(job.attempts));
  await sql`update jobs set status = 'pending', run_at = ${new Date(now.getTime() + wait)}, locked_until = null,
      last_error = ${message}
    where tenant_id = ${job.tenant_id} and id = ${job.id}`.execute(db);
  return 'retry';
}

export const jobsRepo = {
  dead: async (db: Db, tenantId: string, limit: number, beforeId: string | null): Promise<Job[]> =>
    (
      await sql<Job>`select tenant_id, id::text as id, queue, dedupe_key, payload, run_at, status, attempts,
          max_attempts, last_error, created_at, finished_at
        from jobs where tenant_id = ${tenantId} and status = 'dead'
          and (${beforeId}::bigint is null or id < ${beforeId}::bigint)
        order by id desc limit ${limit}`.execute(db)
    ).rows,
  /** A dead job goes back to the queue with fresh attempts. */
  retry: async (db: Db, tenantId: string, id: string, now: Date): Promise<boolean> => {
    if (!/^\d{1,18}$/.test(id)) return false;
    const result = await sql`update jobs set status = 'pending', attempts = 0, run_at = ${now}, finished_at = null
      where tenant_id = ${tenantId} and id = ${id}::bigint and status = 'dead'`.execute(db);
    return Number(result.numAffectedRows ?? 0) === 1;
  },
  /** Finished jobs are kept a week for inspection, then removed. */
  purgeDone: async (db: Db, before: Date): Promise<void> => {
    await sql`delete from jobs where status = 'done' and finished_at < ${before}`.execute(db);
  },
};
