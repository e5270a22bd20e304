import { join } from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import {
  createNotificationHub,
  deliveryHandlers,
  registerAutomationRoutes,
  registerNotificationRoutes,
  runTimeAutomations,
  triggerSubscriber,
} from '../modules/automation/index.ts';
import { registerCustomerRoutes } from '../modules/customers/index.ts';
import { expireOffers, registerDispatchRoutes } from '../modules/dispatch/index.ts';
import { createAuthenticator, registerIdentityRoutes } from '../modules/identity/index.ts';
import { announceDueSlas, registerSlaPolicyRoutes, registerSlaRoutes, slaSubscriber } from '../modules/sla/index.ts';
import { registerAttachmentRoutes, registerTicketRoutes, registerTicketTypeRoutes } from '../modules/tickets/index.ts';
import { type Clock, systemClock } from '../platform/clock/clock.ts';
import type { Config } from '../platform/config/config.ts';
import { type Context, inTransaction } from '../platform/db/context.ts';
import type { Database } from '../platform/db/database.ts';
import { consumeOutbox, purgeProcessedOutbox } from '../platform/events/outbox.ts';
import { createHttpApp } from '../platform/http/create-app.ts';
import { createWorker, type Worker } from '../platform/jobs/worker.ts';
import type { Logger } from '../platform/log/logger.ts';
import { createBlobStore } from '../platform/storage/blob-store.ts';

export type BuildOptions = { config: Config; database: Database; logger: Logger; clock?: Clock };

declare module 'fastify' {
  interface FastifyInstance {
    /** The background worker; `npm start` starts it after listening, tests drain it by hand. */
    worker: Worker;
  }
}

const WEEK_MS = 7 * 86_400_000;

/**
 * The background side: the outbox feeds SLA clocks and triggers; scans announce SLA moments and run time-based
 * automations; the job queue delivers notifications. Every process may run it: they coordinate in the database.
 */
function buildWorker(ctx: Context, config: Config, logger: Logger): Worker {
  const publicUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  const subscribers = [slaSubscriber, triggerSubscriber({ publicUrl })];
  const log = logger.child({ component: 'worker' });
  return createWorker({
    ctx,
    log,
    handlers: deliveryHandlers({ allowPrivateNetworks: config.outboundAllowPrivate }),
    tasks: [
      { name: 'outbox', everyMs: 0, run: (c) => consumeOutbox(c, subscribers, log) },
      { name: 'sla-scan', everyMs: 500, run: (c) => announceDueSlas(c) },
      { name: 'grab-pool-expiry', everyMs: 5_000, run: (c) => inTransaction(c, expireOffers) },
      { name: 'time-automations', everyMs: 60_000, run: (c) => runTimeAutomations(c, { publicUrl, log }) },
      {
        name: 'outbox-purge',
        everyMs: 3_600_000,
        run: async (c) => {
          await purgeProcessedOutbox(c, new Date(c.clock.now().getTime() - WEEK_MS));
          return 0;
        },
      },
    ],
  });
}

/** The composition root for HTTP: platform plumbing plus every module's routes. */
export async function buildApp({
  config,
  database,
  logger,
  clock = systemClock,
}: BuildOptions): Promise<FastifyInstance> {
  const ctx: Context = { db: database.db, clock };
  const authenticator = createAuthenticator(ctx);
  const app = await createHttpApp({
    config,
    logger,
    db: database.db,
    clock,
    authenticate: authenticator,
    ready: async () => {
      await sql`select 1`.execute(database.db);
      return true;
    },
  });
  registerIdentityRoutes(app, {
    ctx,
    authenticator,
    secureCookies: config.secureCookies,
    loginAttemptsPerMinute: config.loginAttemptsPerMinute,
  });
  registerCustomerRoutes(app, { ctx });
  registerTicketRoutes(app, { ctx });
  registerTicketTypeRoutes(app, { ctx });
  registerSlaRoutes(app, { ctx });
  registerSlaPolicyRoutes(app, { ctx });
  registerDispatchRoutes(app, { ctx });
  const publicUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  registerAutomationRoutes(app, { ctx, publicUrl });
  const hub = createNotificationHub(ctx, logger);
  registerNotificationRoutes(app, {
    ctx,
    hub,
    allowPrivateNetworks: config.outboundAllowPrivate,
    authenticate: authenticator,
  });
  const worker = buildWorker(ctx, config, logger);
  app.decorate('worker', worker);
  app.addHook('onClose', async () => {
    hub.close();
    await worker.stop();
  });
  // Multipart is parsed only where files are uploaded: every other route answers 415 to it.
  await app.register(async (uploads) => {
    await uploads.register(multipart, { limits: { fileSize: config.attachmentMaxBytes + 1, files: 1, fields: 10 } });
    registerAttachmentRoutes(uploads, {
      ctx,
      blobs: createBlobStore(join(config.dataDir, 'blobs')),
      limits: { maxBytes: config.attachmentMaxBytes, types: config.attachmentTypes },
    });
  });
  return app;
}
