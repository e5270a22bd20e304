import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { type Context, inTransaction } from '../../platform/db/context.ts';
import { etagFor, versionFromIfMatch } from '../../platform/http/etag.ts';
import { principalOf } from '../../platform/http/principal.ts';
import * as contract from './sla.contract.ts';
import type { CalendarRow } from './sla.repo.ts';
import { calendarsRepo } from './sla.repo.ts';
import { calendarDue, createCalendar, getCalendar, importHolidays, updateCalendar } from './use-cases/calendars.ts';

function calendarView(row: CalendarRow) {
  return {
    id: row.id,
    name: row.name,
    ...row.definition,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export function registerSlaRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): void {
  const tags = ['calendars'];

  app.post<{ Body: Static<typeof contract.CalendarBody> }>(
    '/api/v1/calendars',
    {
      config: { permission: 'calendars:manage' },
      schema: { tags, body: contract.CalendarBody, response: { 201: contract.Calendar } },
    },
    async (request, reply) => {
      const row = await inTransaction(ctx, (tx) => createCalendar(tx, principalOf(request).tenantId, request.body));
      return reply.code(201).header('etag', etagFor(row.id, row.version)).send(calendarView(row));
    },
  );

  app.get(
    '/api/v1/calendars',
    {
      config: { permission: 'calendars:read' },
      schema: { tags, response: { 200: Type.Object({ items: Type.Array(contract.Calendar) }) } },
    },
    async (request) => ({
      items: (await calendarsRepo.list(ctx.db, principalOf(request).tenantId)).map(calendarView),
    }),
  );

  app.get<{ Params: Static<typeof contract.IdParams> }>(
    '/api/v1/calendars/:id',
    {
      config: { permission: 'calendars:read' },
      schema: { tags, params: contract.IdParams, response: { 200: contract.Calendar } },
    },
    async (request, reply) => {
      const row = await getCalendar(ctx, principalOf(request).tenantId, request.params.id);
      return reply.header('etag', etagFor(row.id, row.version)).send(calendarView(row));
    },
  );

  app.patch<{ Params: Static<typeof contract.IdParams>; Body: Static<typeof contract.UpdateCalendarBody> }>(
    '/api/v1/calendars/:id',
    {
      config: { permission: 'calendars:manage' },
      schema: {
        tags,
        params: contract.IdParams,
        body: contract.UpdateCalendarBody,
        response: { 200: contract.Calendar },
      },
    },
    async (request, reply) => {
      const expectedVersion = versionFromIfMatch(request.headers['if-match'], request.params.id);
      const row = await inTransaction(ctx, (tx) =>
        updateCalendar(tx, {
          tenantId: principalOf(request).tenantId,
          id: request.params.id,
          expectedVersion,
          changes: request.body,
        }),
      );
      return reply.header('etag', etagFor(row.id, row.version)).send(calendarView(row));
    },
  );

  app.post<{ Params: Static<typeof contract.IdParams>; Body: Static<typeof contract.ImportBody> }>(
    '/api/v1/calendars/:id/import',
    {
      config: { permission: 'calendars:manage' },
      schema: { tags, params: contract.IdParams, body: contract.ImportBody, response: { 200: contract.Calendar } },
    },
    async (request, reply) => {
      const { format, content, year } = request.body;
      const row = await inTransaction(ctx, (tx) =>
        importHolidays(tx, {
          tenantId: principalOf(request).tenantId,
          id: request.params.id,
          format,
          content,
          ...(year ? { year } : {}),
        }),
      );
      return reply.header('etag', etagFor(row.id, row.version)).send(calendarView(row));
    },
  );

  app.post<{ Params: Static<typeof contract.IdParams>; Body: Static<typeof contract.DueBody> }>(
    '/api/v1/calendars/:id/due',
    {
      // A pure calculation: a retried request gives the same answer, nothing to store for Idempotency-Key.
      config: { permission: 'calendars:read', idempotency: false },
      schema: { tags, params: contract.IdParams, body: contract.DueBody, response: { 200: contract.DueAnswer } },
    },
    async (request) => calendarDue(ctx, principalOf(request).tenantId, request.params.id, request.body),
  );
}
