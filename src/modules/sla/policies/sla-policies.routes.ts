import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { type Context, inTransaction } from '../../../platform/db/context.ts';
import { etagFor, versionFromIfMatch } from '../../../platform/http/etag.ts';
import { principalOf } from '../../../platform/http/principal.ts';
import { loadTicket } from '../../tickets/index.ts';
import { IdParams } from '../sla.contract.ts';
import { ticketSlasRepo } from '../tracking/ticket-slas.repo.ts';
import * as contract from './sla-policies.contract.ts';
import { slaPoliciesRepo } from './sla-policies.repo.ts';
import { createSlaPolicy, deleteSlaPolicy, getSlaPolicy, slaPolicyView, updateSlaPolicy } from './sla-policies.ts';

const iso = (at: Date | null) => (at ? new Date(at).toISOString() : null);

export function registerSlaPolicyRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): void {
  const tags = ['sla'];

  app.post<{ Body: Static<typeof contract.SlaPolicyBody> }>(
    '/api/v1/sla-policies',
    {
      config: { permission: 'sla:manage' },
      schema: { tags, body: contract.SlaPolicyBody, response: { 201: contract.SlaPolicy } },
    },
    async (request, reply) => {
      const row = await inTransaction(ctx, (tx) => createSlaPolicy(tx, principalOf(request).tenantId, request.body));
      return reply.code(201).header('etag', etagFor(row.id, row.version)).send(slaPolicyView(row));
    },
  );

  app.get(
    '/api/v1/sla-policies',
    {
      config: { permission: 'sla:read' },
      schema: { tags, response: { 200: Type.Object({ items: Type.Array(contract.SlaPolicy) }) } },
    },
    async (request) => ({
      items: (await slaPoliciesRepo.list(ctx.db, principalOf(request).tenantId)).map(slaPolicyView),
    }),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/sla-policies/:id',
    { config: { permission: 'sla:read' }, schema: { tags, params: IdParams, response: { 200: contract.SlaPolicy } } },
    async (request, reply) => {
      const row = await getSlaPolicy(ctx, principalOf(request).tenantId, request.params.id);
      return reply.header('etag', etagFor(row.id, row.version)).send(slaPolicyView(row));
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof contract.UpdateSlaPolicyBody> }>(
    '/api/v1/sla-policies/:id',
    {
      config: { permission: 'sla:manage' },
      schema: { tags, params: IdParams, body: contract.UpdateSlaPolicyBody, response: { 200: contract.SlaPolicy } },
    },
    async (request, reply) => {
      const expectedVersion = versionFromIfMatch(request.headers['if-match'], request.params.id);
      const row = await inTransaction(ctx, (tx) =>
        updateSlaPolicy(tx, {
          tenantId: principalOf(request).tenantId,
          id: request.params.id,
          expectedVersion,
          changes: request.body,
        }),
      );
      return reply.header('etag', etagFor(row.id, row.version)).send(slaPolicyView(row));
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/v1/sla-policies/:id',
    { config: { permission: 'sla:manage' }, schema: { tags, params: IdParams } },
    async (request, reply) => {
      await deleteSlaPolicy(ctx, principalOf(request).tenantId, request.params.id);
      return reply.code(204).send();
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/tickets/:id/slas',
    {
      config: { permission: 'tickets:read' },
      schema: { tags, params: IdParams, response: { 200: Type.Object({ items: Type.Array(contract.TicketSla) }) } },
    },
    async (request) => {
      const principal = principalOf(request);
      const ticket = await loadTicket(ctx, principal.tenantId, request.params.id, { type: 'user', principal });
      const rows = await ticketSlasRepo.forTicket(ctx.db, principal.tenantId, ticket.id);
      return {
        items: rows.map((row) => ({
          metric: row.metric,
          policyId: row.policy_id,
          targetMinutes: row.target_minutes,
          status: row.status,
          startedAt: new Date(row.started_at).toISOString(),
          dueAt: iso(row.due_at),
          metAt: iso(row.met_at),
          breachedAt: iso(row.breached_at),
          usedMinutes: Math.round(row.used_ms / 600) / 100,
          pausedMinutes: Math.round(row.paused_ms / 600) / 100,
          breachedCycles: row.breached_cycles,
        })),
      };
    },
  );
}
