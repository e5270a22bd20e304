import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { type Context, inTransaction } from '../../platform/db/context.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { principalOf } from '../../platform/http/principal.ts';
import { newId } from '../../platform/ids/ids.ts';
import { jobsRepo } from '../../platform/jobs/jobs.ts';
import * as contract from './automation.contract.ts';
import { type ChannelRow, channelsRepo, type NotificationRow, notificationsRepo } from './automation.repo.ts';
import { checkChannelConfig, checkQuietHours } from './notify/index.ts';
import type { NotificationHub } from './use-cases/notification-stream.ts';

const SECRET_KEYS = /secret|key|password|token/i;

/** Channel settings as admins see them back: secrets (and credentials in URLs) masked. */
function channelView(row: ChannelRow) {
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row.config)) {
    if (SECRET_KEYS.test(key)) config[key] = '********';
    else if (typeof value === 'string' && /^[a-z]+:\/\//i.test(value))
      config[key] = value.replace(/\/\/[^/@]*@/, '//****@').replace(/(access_token|key)=[^&]+/g, '$1=****');
    else config[key] = value;
  }
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    config,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

function notificationView(row: NotificationRow) {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    createdAt: new Date(row.created_at).toISOString(),
    readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
  };
}

export function registerNotificationRoutes(
  app: FastifyInstance,
  options: {
    ctx: Context;
    hub: NotificationHub;
    allowPrivateNetworks: boolean;
    /** Checks the request's credential again: a stream ends when its token is revoked or its user disabled. */
    authenticate: (request: FastifyRequest) => Promise<{ tenantId: string; userId: string } | null>;
  },
): void {
  const { ctx, hub } = options;
  const tags = ['notifications'];

  app.post<{ Body: Static<typeof contract.ChannelBody> }>(
    '/api/v1/notification-channels',
    {
      config: { permission: 'automation:manage' },
      schema: { tags, body: contract.ChannelBody, response: { 201: contract.Channel } },
    },
    async (request, reply) => {
      const { kind, name, config } = request.body;
      const checked = checkChannelConfig(kind as ChannelRow['kind'], config, {
        allowInsecure: options.allowPrivateNetworks,
        allowPrivateNetworks: options.allowPrivateNetworks,
      });
      const now = ctx.clock.now();
      const row: ChannelRow = {
        tenant_id: principalOf(request).tenantId,
        id: newId(now.getTime()),
        kind: kind as ChannelRow['kind'],
        name: name.trim(),
        config: checked as Record<string, unknown>,
        created_at: now,
        updated_at: now,
        version: 1,
      };
      await channelsRepo.insert(ctx.db, row);
      return reply.code(201).send(channelView(row));
    },
  );
  app.get(
    '/api/v1/notification-channels',
    {
      config: { permission: 'automation:manage' },
      schema: { tags, response: { 200: Type.Object({ items: Type.Array(contract.Channel) }) } },
    },
    async (request) => ({ items: (await channelsRepo.list(ctx.db, principalOf(request).tenantId)).map(channelView) }),
  );
  app.delete<{ Params: Static<typeof contract.IdParams> }>(
    '/api/v1/notification-channels/:id',
    { config: { permission: 'automation:manage' }, schema: { tags, params: contract.IdParams } },
    async (request, reply) => {
      const result = await channelsRepo.delete(ctx.db, principalOf(request).tenantId, request.params.id);
      if (!result.numDeletedRows) throw new AppError('CHANNEL_NOT_FOUND', 'Notification channel not found');
      return reply.code(204).send();
    },
  );

  app.get<{ Querystring: Static<typeof contract.NotificationQuery> }>(
    '/api/v1/notifications',
    {
      config: { permission: 'notifications:self' },
      schema: {
        tags,
        querystring: contract.NotificationQuery,
        response: { 200: Type.Object({ items: Type.Array(contract.Notification) }) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const rows = await notificationsRepo.forUser(
        ctx.db,
        principal.tenantId,
        principal.userId,
        request.query.limit ?? 50,
        request.query.unread ?? false,
      );
      return { items: rows.map(notificationView) };
    },
  );
  app.post<{ Params: Static<typeof contract.IdParams> }>(
    '/api/v1/notifications/:id/read',
    { config: { permission: 'notifications:self', idempotency: false }, schema: { tags, params: contract.IdParams } },
    async (request, reply) => {
      const principal = principalOf(request);
      const result = await notificationsRepo.markRead(
        ctx.db,
        principal.tenantId,
        principal.userId,
        request.params.id,
        ctx.clock.now(),
      );
      if (!result.numUpdatedRows) throw new AppError('NOTIFICATION_NOT_FOUND', 'Notification not found');
      return reply.code(204).send();
    },
  );
  app.get(
    '/api/v1/notifications/preferences',
    { config: { permission: 'notifications:self' }, schema: { tags, response: { 200: contract.Preferences } } },
    async (request) => {
      const principal = principalOf(request);
      const row = await notificationsRepo.preferences(ctx.db, principal.tenantId, principal.userId);
      return {
        channels: row?.channels ?? { inApp: true, email: true, sms: false },
        quietHours: row?.quiet_hours ?? null,
      };
    },
  );
  app.put<{ Body: Static<typeof contract.Preferences> }>(
    '/api/v1/notifications/preferences',
    {
      config: { permission: 'notifications:self', idempotency: false },
      schema: { tags, body: contract.Preferences, response: { 200: contract.Preferences } },
    },
    async (request) => {
      const principal = principalOf(request);
      const quietHours = checkQuietHours(request.body.quietHours, '/quietHours');
      await notificationsRepo.savePreferences(ctx.db, {
        tenant_id: principal.tenantId,
        user_id: principal.userId,
        channels: request.body.channels,
        quiet_hours: quietHours,
        updated_at: ctx.clock.now(),
      });
      return { channels: request.body.channels, quietHours };
    },
  );

  // Server-Sent Events: each new in-app notification of the caller, as it is written by any process.
  app.get(
    '/api/v1/notifications/stream',
    { config: { permission: 'notifications:self' }, schema: { tags, description: 'text/event-stream' } },
    async (request, reply) => {
      const principal = principalOf(request);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write(': connected\n\n');
      // The credential is checked again before every event and every 15 s: revoking the token, disabling
      // the user or logging out ends the stream (the browser's EventSource then reconnects and is refused).
      const stillAllowed = async () => {
        const now = await options.authenticate(request).catch(() => null);
        return now?.tenantId === principal.tenantId && now.userId === principal.userId;
      };
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        unsubscribe();
        raw.end();
      };
      const unsubscribe = hub.subscribe(principal.tenantId, principal.userId, (row) => {
        void stillAllowed().then((allowed) => {
          if (!allowed) return end();
          if (!ended)
            raw.write(`id: ${row.id}\nevent: notification\ndata: ${JSON.stringify(notificationView(row))}\n\n`);
        });
      });
      const heartbeat = setInterval(() => {
        void stillAllowed().then((allowed) => (allowed ? raw.write(': ping\n\n') : end()));
      }, 15_000);
      heartbeat.unref();
      request.raw.on('close', end);
    },
  );

  app.get<{ Querystring: { limit?: number; before?: string } }>(
    '/api/v1/jobs/dead',
    {
      config: { permission: 'jobs:manage' },
      schema: {
        tags: ['jobs'],
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
            before: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(contract.DeadJob) }) },
      },
    },
    async (request) => {
      const rows = await jobsRepo.dead(
        ctx.db,
        principalOf(request).tenantId,
        request.query.limit ?? 50,
        request.query.before ?? null,
      );
      return {
        items: rows.map((job) => ({
          id: job.id,
          queue: job.queue,
          attempts: job.attempts,
          lastError: job.last_error,
          createdAt: new Date(job.created_at).toISOString(),
          failedAt: job.finished_at ? new Date(job.finished_at).toISOString() : null,
          payload: job.payload,
        })),
      };
    },
  );
  app.post<{ Params: Static<typeof contract.JobParams> }>(
    '/api/v1/jobs/:id/retry',
    {
      config: { permission: 'jobs:manage', idempotency: false },
      schema: { tags: ['jobs'], params: contract.JobParams },
    },
    async (request, reply) => {
      const retried = await inTransaction(ctx, (tx) =>
        jobsRepo.retry(tx.db, principalOf(request).tenantId, request.params.id, tx.clock.now()),
      );
      if (!retried) throw new AppError('JOB_NOT_FOUND', 'No dead job with this id');
      return reply.code(202).send();
    },
  );
}
