import { join } from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { registerCustomerRoutes } from '../modules/customers/index.ts';
import { createAuthenticator, registerIdentityRoutes } from '../modules/identity/index.ts';
import { registerSlaRoutes } from '../modules/sla/index.ts';
import { registerAttachmentRoutes, registerTicketRoutes, registerTicketTypeRoutes } from '../modules/tickets/index.ts';
import { type Clock, systemClock } from '../platform/clock/clock.ts';
import type { Config } from '../platform/config/config.ts';
import type { Context } from '../platform/db/context.ts';
import type { Database } from '../platform/db/database.ts';
import { createHttpApp } from '../platform/http/create-app.ts';
import type { Logger } from '../platform/log/logger.ts';
import { createBlobStore } from '../platform/storage/blob-store.ts';

export type BuildOptions = { config: Config; database: Database; logger: Logger; clock?: Clock };

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
