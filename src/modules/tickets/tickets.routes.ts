import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { type Context, inTransaction } from '../../platform/db/context.ts';
import { etagFor, versionFromIfMatch } from '../../platform/http/etag.ts';
import { principalOf } from '../../platform/http/principal.ts';
import * as contract from './tickets.contract.ts';
import type { TicketRow } from './tickets.repo.ts';
import { commentView, ticketView } from './tickets.views.ts';
import { addComment } from './use-cases/comments.ts';
import { createTicket } from './use-cases/create-ticket.ts';
import { findTickets } from './use-cases/find-tickets.ts';
import { getTimeline } from './use-cases/get-ticket.ts';
import { linkTickets, mergeTickets } from './use-cases/link-and-merge.ts';
import { type Actor, loadTicket } from './use-cases/ticket-context.ts';
import { ticketTypesOf } from './use-cases/ticket-type-cache.ts';
import { updateTicket } from './use-cases/update-ticket.ts';

export function actorOf(request: FastifyRequest): Actor & { type: 'user' } {
  return { type: 'user', principal: principalOf(request) };
}

/** The type key of each type id, for the `type` field of ticket views. */
async function typeKeysOf(ctx: Context, tenantId: string): Promise<Map<string, string>> {
  return new Map((await ticketTypesOf(ctx, tenantId)).map((type) => [type.id, type.key]));
}

export function registerTicketRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): void {
  const tags = ['tickets'];
  const keysOf = (tenantId: string) => typeKeysOf(ctx, tenantId);
  const view = async (tenantId: string, row: TicketRow) =>
    ticketView(row, { key: (await keysOf(tenantId)).get(row.type_id) ?? '' });

  app.post<{ Body: Static<typeof contract.CreateTicketBody> }>(
    '/api/v1/tickets',
    {
      config: { permission: 'tickets:write' },
      schema: { tags, body: contract.CreateTicketBody, response: { 201: contract.Ticket } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      // createTicket opens its own transaction after taking the ticket number.
      const { ticket, type } = await createTicket(ctx, actor.principal.tenantId, actor, request.body);
      return reply
        .code(201)
        .header('etag', etagFor(ticket.id, ticket.version))
        .header('location', `/api/v1/tickets/${ticket.id}`)
        .send(ticketView(ticket, type));
    },
  );

  app.get<{ Querystring: Static<typeof contract.TicketQuery> }>(
    '/api/v1/tickets',
    {
      config: { permission: 'tickets:read' },
      schema: {
        tags,
        querystring: contract.TicketQuery,
        response: {
          200: Type.Object({
            items: Type.Array(contract.Ticket),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const page = await findTickets(
        ctx,
        actor.principal.tenantId,
        actor,
        request.query as Parameters<typeof findTickets>[3],
      );
      const keys = await keysOf(actor.principal.tenantId);
      return {
        items: page.items.map((row) => ticketView(row, { key: keys.get(row.type_id) ?? '' })),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get<{ Params: Static<typeof contract.IdParams>; Querystring: Static<typeof contract.GetTicketQuery> }>(
    '/api/v1/tickets/:id',
    {
      config: { permission: 'tickets:read' },
      schema: {
        tags,
        params: contract.IdParams,
        querystring: contract.GetTicketQuery,
        response: { 200: contract.Ticket },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const tenantId = actor.principal.tenantId;
      // The timeline is read only when asked for: a plain GET is one indexed row.
      if (request.query.include !== 'timeline') {
        const ticket = await loadTicket(ctx, tenantId, request.params.id, actor);
        return reply.header('etag', etagFor(ticket.id, ticket.version)).send(await view(tenantId, ticket));
      }
      const { ticket, ...timeline } = await getTimeline(ctx, tenantId, request.params.id, actor);
      reply.header('etag', etagFor(ticket.id, ticket.version));
      return { ...(await view(tenantId, ticket)), timeline };
    },
  );

  app.get<{ Params: Static<typeof contract.IdParams> }>(
    '/api/v1/tickets/:id/timeline',
    { config: { permission: 'tickets:read' }, schema: { tags, params: contract.IdParams } },
    async (request) => {
      const actor = actorOf(request);
      const { ticket: _ticket, ...rest } = await getTimeline(ctx, actor.principal.tenantId, request.params.id, actor);
      return rest;
    },
  );

  app.patch<{ Params: Static<typeof contract.IdParams>; Body: Static<typeof contract.UpdateTicketBody> }>(
    '/api/v1/tickets/:id',
    {
      config: { permission: 'tickets:write' },
      schema: { tags, params: contract.IdParams, body: contract.UpdateTicketBody, response: { 200: contract.Ticket } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const tenantId = actor.principal.tenantId;
      const expectedVersion = versionFromIfMatch(request.headers['if-match'], request.params.id);
      const ticket = await inTransaction(ctx, (tx) =>
        updateTicket(tx, { tenantId, ticketId: request.params.id, actor, expectedVersion, changes: request.body }),
      );
      return reply.header('etag', etagFor(ticket.id, ticket.version)).send(await view(tenantId, ticket));
    },
  );

  app.post<{ Params: Static<typeof contract.IdParams>; Body: Static<typeof contract.CommentBody> }>(
    '/api/v1/tickets/:id/comments',
    {
      config: { permission: 'tickets:write' },
      schema: { tags, params: contract.IdParams, body: contract.CommentBody, response: { 201: contract.Comment } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const comment = await inTransaction(ctx, (tx) =>
        addComment(tx, { tenantId: actor.principal.tenantId, ticketId: request.params.id, actor, input: request.body }),
      );
      return reply.code(201).send(commentView(comment));
    },
  );

  app.post<{ Params: Static<typeof contract.IdParams>; Body: Static<typeof contract.LinkBody> }>(
    '/api/v1/tickets/:id/links',
    { config: { permission: 'tickets:write' }, schema: { tags, params: contract.IdParams, body: contract.LinkBody } },
    async (request, reply) => {
      const actor = actorOf(request);
      await inTransaction(ctx, (tx) =>
        linkTickets(tx, {
          tenantId: actor.principal.tenantId,
          ticketId: request.params.id,
          otherId: request.body.ticketId,
          kind: request.body.kind ?? 'related',
          actor,
        }),
      );
      return reply.code(204).send();
    },
  );

  app.post<{ Params: Static<typeof contract.IdParams>; Body: Static<typeof contract.MergeBody> }>(
    '/api/v1/tickets/:id/merge',
    {
      config: { permission: 'tickets:merge' },
      schema: { tags, params: contract.IdParams, body: contract.MergeBody, response: { 200: contract.Ticket } },
    },
    async (request) => {
      const actor = actorOf(request);
      const tenantId = actor.principal.tenantId;
      const target = await inTransaction(ctx, (tx) =>
        mergeTickets(tx, { tenantId, sourceId: request.params.id, targetId: request.body.targetId, actor }),
      );
      return view(tenantId, target);
    },
  );
}
