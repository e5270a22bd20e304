import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { type Context, inTransaction } from '../../platform/db/context.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { etagFor, versionFromIfMatch } from '../../platform/http/etag.ts';
import * as contract from './tickets.contract.ts';
import { ticketTypesRepo } from './tickets.repo.ts';
import { actorOf } from './tickets.routes.ts';
import { ticketTypeView } from './tickets.views.ts';
import { createTicketType, updateTicketType } from './use-cases/ticket-types.ts';
import type { CustomFieldDefinition } from './workflow/custom-fields.ts';
import type { Workflow } from './workflow/workflow.ts';

export function registerTicketTypeRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): void {
  const tags = ['ticket types'];
  app.get('/api/v1/ticket-types', { config: { permission: 'tickets:read' }, schema: { tags } }, async (request) => {
    const { principal } = actorOf(request);
    return { items: (await ticketTypesRepo.list(ctx.db, principal.tenantId)).map(ticketTypeView) };
  });

  app.get<{ Params: Static<typeof contract.IdParams> }>(
    '/api/v1/ticket-types/:id',
    { config: { permission: 'tickets:read' }, schema: { tags, params: contract.IdParams } },
    async (request, reply) => {
      const { principal } = actorOf(request);
      const type = await ticketTypesRepo.byId(ctx.db, principal.tenantId, request.params.id);
      if (!type) throw new AppError('TICKET_TYPE_NOT_FOUND', 'Ticket type not found');
      return reply.header('etag', etagFor(type.id, type.version)).send(ticketTypeView(type));
    },
  );

  app.post<{ Body: Static<typeof contract.CreateTicketTypeBody> }>(
    '/api/v1/ticket-types',
    { config: { permission: 'ticket-types:manage' }, schema: { tags, body: contract.CreateTicketTypeBody } },
    async (request, reply) => {
      const { principal } = actorOf(request);
      const body = request.body;
      const type = await inTransaction(ctx, (tx) =>
        createTicketType(tx, principal.tenantId, {
          key: body.key,
          name: body.name,
          kind: body.kind,
          ...(body.workflow ? { workflow: body.workflow as Workflow } : {}),
          ...(body.customFields ? { customFields: body.customFields as CustomFieldDefinition[] } : {}),
        }),
      );
      return reply.code(201).header('etag', etagFor(type.id, type.version)).send(ticketTypeView(type));
    },
  );

  app.patch<{ Params: Static<typeof contract.IdParams>; Body: Static<typeof contract.UpdateTicketTypeBody> }>(
    '/api/v1/ticket-types/:id',
    {
      config: { permission: 'ticket-types:manage' },
      schema: { tags, params: contract.IdParams, body: contract.UpdateTicketTypeBody },
    },
    async (request, reply) => {
      const { principal } = actorOf(request);
      const expectedVersion = versionFromIfMatch(request.headers['if-match'], request.params.id);
      const body = request.body;
      const type = await inTransaction(ctx, (tx) =>
        updateTicketType(tx, {
          tenantId: principal.tenantId,
          typeId: request.params.id,
          expectedVersion,
          changes: {
            ...(body.name ? { name: body.name } : {}),
            ...(body.workflow ? { workflow: body.workflow as Workflow } : {}),
            ...(body.customFields ? { customFields: body.customFields as CustomFieldDefinition[] } : {}),
          },
        }),
      );
      return reply.header('etag', etagFor(type.id, type.version)).send(ticketTypeView(type));
    },
  );
}
