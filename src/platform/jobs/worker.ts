import type { Context } from '../db/context.ts';
import type { Logger } from '../log/logger.ts';
import { claimJobs, failJob, finishJob, type Job, jobsRepo, releaseExpiredLeases } from './jobs.ts';

export type JobHandler = (ctx: Context, job: Job) => Promise<void>;

/** Work done on a schedule by whichever process gets to it (the work itself must be safe to run in several). */
export type PeriodicTask = { name: string; everyMs: number; run: (ctx: Context) => Promise<number> };

export type Worker = {
  /** Runs every task whose time has come and the due jobs; resolves with how many items were handled. */
  tick(): Promise<number>;
  /** Ticks until nothing is left to do now (tests move the clock and drain). */
  drain(maxRounds?: number): Promise<number>;
  start(): void;
  stop(): Promise<void>;
};

const DAY_MS = 86_400_000;

/**
 * The background side of a Loopdesk process: periodic tasks (the outbox consumer, SLA scans, time-based
 * automations) and the durable job queue. Every process runs one; they coordinate only through the database.
 * Times come from the context's clock, so tests freeze it, move it and call `drain`.
 */
export function createWorker(options: {
  ctx: Context;
  log: Logger;
  handlers: Record<string, JobHandler>;
  tasks: PeriodicTask[];
  pollMs?: number;
  batch?: number;
}): Worker {
  const { ctx, log, handlers } = options;
  const pollMs = options.pollMs ?? 250;
  const batch = options.batch ?? 20;
  const lastRun = new Map<string, number>();
  const housekeeping: PeriodicTask[] = [
    { name: 'job-leases', everyMs: 10_000, run: (c) => releaseExpiredLeases(c.db, c.clock.now()) },
    {
      name: 'job-purge',
      everyMs: 3_600_000,
      run: async (c) => {
        await jobsRepo.purgeDone(c.db, new Date(c.clock.now().getTime() - 7 * DAY_MS));
        return 0;
      },
    },
  ];
  const tasks = [...options.tasks, ...housekeeping];

  const runJob = async (job: Job) => {
    const handler = handlers[job.queue];
    try {
      if (!handler) throw new Error(`no handler for queue ${job.queue}`);
      await handler(ctx, job);
      await finishJob(ctx.db, job, ctx.clock.now());
    } catch (error) {
      const outcome = await failJob(ctx.db, job, ctx.clock.now(), error);
      log.warn({ err: error, queue: job.queue, jobId: job.id, attempts: job.attempts, outcome }, 'job failed');
    }
  };

  const tick = async (force = false) => {
    let handled = 0;
    const now = ctx.clock.now().getTime();
    for (const task of tasks) {
      const last = lastRun.get(task.name);
      if (!force && last !== undefined && now - last < task.everyMs) continue;
      lastRun.set(task.name, now);
      try {
        handled += await task.run(ctx);
      } catch (error) {
        log.error({ err: error, task: task.name }, 'periodic task failed');
      }
    }
    const jobs = await claimJobs(ctx.db, ctx.clock.now(), batch);
    await Promise.all(jobs.map(runJob));
    return handled + jobs.length;
  };

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;
  const loop = () => {
    if (stopped) return;
    running = tick()
      .catch((error: unknown) => log.error({ err: error }, 'worker tick failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, pollMs);
      });
  };

  return {
    tick: () => tick(),
    async drain(maxRounds = 50) {
      let total = 0;
      for (let round = 0; round < maxRounds; round++) {
        const handled = await tick(true);
        total += handled;
        if (!handled) return total;
      }
      throw new Error(`the worker still had work after ${maxRounds} rounds`);
    },
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setTimeout(loop, pollMs);
      timer.unref?.();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
