import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { type Context, inTransaction } from '../../platform/db/context.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { etagFor, versionFromIfMatch } from '../../platform/http/etag.ts';
import { principalOf } from '../../platform/http/principal.ts';
import { usersRepo } from '../identity/index.ts';
import * as contract from './dispatch.contract.ts';
import { dispatchSettingsRepo, engineersRepo } from './engineers/engineers.repo.ts';
import { type EngineerInput, engineerView, saveEngineer } from './engineers/engineers.ts';
import {
  acceptOffer,
  candidatesFor,
  declineJob,
  offerTicket,
  offerView,
  openOffersFor,
} from './engineers/grab-pool.ts';
import { checkWeights, DEFAULT_WEIGHTS } from './matching/index.ts';

export function registerDispatchRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): void {
  const tags = ['dispatch'];

  app.get(
    '/api/v1/engineers',
    {
      config: { permission: 'dispatch:read' },
      schema: { tags, response: { 200: Type.Object({ items: Type.Array(contract.Engineer) }) } },
    },
    async (request) => {
      const { tenantId } = principalOf(request);
      const names = new Map((await usersRepo.list(ctx.db, tenantId)).map((user) => [user.id, user.name]));
      const rows = await engineersRepo.list(ctx.db, tenantId);
      return { items: rows.map((row) => engineerView(row, names.get(row.user_id) ?? '')) };
    },
  );

  app.get<{ Params: Static<typeof contract.UserParams> }>(
    '/api/v1/engineers/:userId',
    {
      config: { permission: 'dispatch:read' },
      schema: { tags, params: contract.UserParams, response: { 200: contract.Engineer } },
    },
    async (request, reply) => {
      const row = await engineersRepo.byUser(ctx.db, principalOf(request).tenantId, request.params.userId);
      if (!row) throw new AppError('ENGINEER_NOT_FOUND', 'No dispatch profile for this user');
      return reply.header('etag', etagFor(row.user_id, row.version)).send(engineerView(row));
    },
  );

  // PUT creates the profile (no If-Match) or changes it (If-Match with its ETag); absent fields are kept.
  app.put<{ Params: Static<typeof contract.UserParams>; Body: Static<typeof contract.EngineerBody> }>(
    '/api/v1/engineers/:userId',
    {
      config: { permission: 'dispatch:manage', idempotency: false },
      schema: { tags, params: contract.UserParams, body: contract.EngineerBody, response: { 200: contract.Engineer } },
    },
    async (request, reply) => {
      const ifMatch = request.headers['if-match'];
      const expectedVersion = ifMatch ? versionFromIfMatch(ifMatch, request.params.userId) : null;
      const row = await inTransaction(ctx, (tx) =>
        saveEngineer(tx, {
          tenantId: principalOf(request).tenantId,
          userId: request.params.userId,
          input: request.body as EngineerInput,
          expectedVersion,
        }),
      );
      return reply.header('etag', etagFor(row.user_id, row.version)).send(engineerView(row));
    },
  );

  // The mobile app (later) and integrations report where an engineer is; an engineer only for themself.
  app.post<{ Params: Static<typeof contract.UserParams>; Body: Static<typeof contract.LocationBody> }>(
    '/api/v1/engineers/:userId/location',
    {
      config: { permission: 'engineers:locate', idempotency: false },
      schema: { tags, params: contract.UserParams, body: contract.LocationBody },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (principal.role === 'engineer' && principal.userId !== request.params.userId)
        throw new AppError('ENGINEER_NOT_FOUND', 'No dispatch profile for this user');
      const result = await engineersRepo.setLocation(
        ctx.db,
        principal.tenantId,
        request.params.userId,
        request.body.lat,
        request.body.lng,
        ctx.clock.now(),
      );
      if (!result.numUpdatedRows) throw new AppError('ENGINEER_NOT_FOUND', 'No dispatch profile for this user');
      return reply.code(204).send();
    },
  );

  app.get<{ Params: Static<typeof contract.TicketParams> }>(
    '/api/v1/tickets/:id/candidates',
    {
      config: { permission: 'dispatch:read' },
      schema: {
        tags,
        params: contract.TicketParams,
        description: 'Every engineer ranked (score, travel, ETA and why) or excluded (why not) for the job',
      },
    },
    async (request) => {
      const result = await candidatesFor(ctx, principalOf(request), request.params.id);
      return {
        ranked: result.ranked.map((candidate) => ({ ...candidate, eta: candidate.eta.toISOString() })),
        excluded: result.excluded,
        unassignableReason: result.unassignableReason,
      };
    },
  );

  app.post<{ Params: Static<typeof contract.TicketParams>; Body: Static<typeof contract.OfferBody> }>(
    '/api/v1/tickets/:id/offers',
    {
      config: { permission: 'dispatch:manage' },
      schema: { tags, params: contract.TicketParams, body: contract.OfferBody, response: { 201: contract.Offer } },
    },
    async (request, reply) => {
      const row = await inTransaction(ctx, (tx) =>
        offerTicket(tx, {
          principal: principalOf(request),
          ticketId: request.params.id,
          ...(request.body.engineerIds ? { engineerIds: request.body.engineerIds } : {}),
          expiresInMinutes: request.body.expiresInMinutes ?? 15,
        }),
      );
      return reply.code(201).send(offerView(row));
    },
  );

  app.post<{ Params: Static<typeof contract.TicketParams> }>(
    '/api/v1/tickets/:id/offers/accept',
    {
      // Retrying an accept must not replay "you won" to someone else's key: the outcome is the offer's state.
      config: { permission: 'offers:accept', idempotency: false },
      schema: { tags, params: contract.TicketParams, response: { 200: contract.Offer } },
    },
    async (request) => {
      const row = await inTransaction(ctx, (tx) => acceptOffer(tx, principalOf(request), request.params.id));
      return offerView(row);
    },
  );

  app.post<{ Params: Static<typeof contract.TicketParams>; Body: Static<typeof contract.DeclineBody> }>(
    '/api/v1/tickets/:id/decline',
    {
      config: { permission: 'offers:accept' },
      schema: {
        tags,
        params: contract.TicketParams,
        body: contract.DeclineBody,
        description: 'The assigned engineer declines the job (If-Match with the ticket ETag); it is re-dispatched',
      },
    },
    async (request, reply) => {
      const expectedVersion = versionFromIfMatch(request.headers['if-match'], request.params.id);
      const ticket = await inTransaction(ctx, (tx) =>
        declineJob(tx, {
          principal: principalOf(request),
          ticketId: request.params.id,
          reason: request.body.reason.trim() || request.body.reason,
          expectedVersion,
        }),
      );
      return reply.send({ ticketId: ticket.id, status: ticket.status, assigneeId: ticket.assignee_id });
    },
  );

  app.get(
    '/api/v1/dispatch/settings',
    { config: { permission: 'dispatch:read' }, schema: { tags, response: { 200: contract.DispatchSettings } } },
    async (request) => ({
      weights: (await dispatchSettingsRepo.get(ctx.db, principalOf(request).tenantId))?.weights ?? DEFAULT_WEIGHTS,
    }),
  );

  app.put<{ Body: Static<typeof contract.DispatchSettings> }>(
    '/api/v1/dispatch/settings',
    {
      config: { permission: 'dispatch:manage', idempotency: false },
      schema: { tags, body: contract.DispatchSettings, response: { 200: contract.DispatchSettings } },
    },
    async (request) => {
      const weights = checkWeights(request.body.weights);
      await dispatchSettingsRepo.save(ctx.db, {
        tenant_id: principalOf(request).tenantId,
        weights: { ...weights },
        updated_at: ctx.clock.now(),
      });
      return { weights };
    },
  );

  app.get(
    '/api/v1/offers',
    {
      config: { permission: 'offers:accept' },
      schema: { tags, response: { 200: Type.Object({ items: Type.Array(contract.Offer) }) } },
    },
    async (request) => ({ items: (await openOffersFor(ctx, principalOf(request))).map(offerView) }),
  );
}
