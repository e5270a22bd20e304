import type { FastifyInstance } from 'fastify';
import type { Static, TSchema } from 'typebox';
import { Type } from 'typebox';
import { type Context, inTransaction } from '../../platform/db/context.ts';
import { AppError, validationFailed } from '../../platform/errors/app-error.ts';
import { etagFor, versionFromIfMatch } from '../../platform/http/etag.ts';
import { principalOf } from '../../platform/http/principal.ts';
import { ticketView } from '../tickets/index.ts';
import * as contract from './automation.contract.ts';
import { macrosRepo, type RuleRow, rulesRepo } from './automation.repo.ts';
import { applyMacro } from './use-cases/macros.ts';
import {
  checkedActions,
  createMacro,
  createRule,
  deleteRule,
  getRule,
  macroView,
  type RuleInput,
  ruleView,
  updateRule,
} from './use-cases/rules.ts';

type Options = { ctx: Context; publicUrl: string };

/** Triggers (`/triggers`) and time-based automations (`/automations`) share their shape and handlers. */
function registerRuleRoutes(
  app: FastifyInstance,
  { ctx }: Options,
  kind: RuleRow['kind'],
  path: string,
  bodies: { create: TSchema; update: TSchema },
) {
  const tags = ['automation'];
  app.post<{ Body: RuleInput }>(
    path,
    {
      config: { permission: 'automation:manage' },
      schema: { tags, body: bodies.create, response: { 201: contract.Rule } },
    },
    async (request, reply) => {
      const row = await inTransaction(ctx, (tx) => createRule(tx, principalOf(request).tenantId, kind, request.body));
      return reply.code(201).header('etag', etagFor(row.id, row.version)).send(ruleView(row));
    },
  );
  app.get(
    path,
    {
      config: { permission: 'automation:read' },
      schema: { tags, response: { 200: Type.Object({ items: Type.Array(contract.Rule) }) } },
    },
    async (request) => ({ items: (await rulesRepo.list(ctx.db, principalOf(request).tenantId, kind)).map(ruleView) }),
  );
  app.get<{ Params: Static<typeof contract.IdParams> }>(
    `${path}/:id`,
    {
      config: { permission: 'automation:read' },
      schema: { tags, params: contract.IdParams, response: { 200: contract.Rule } },
    },
    async (request, reply) => {
      const row = await getRule(ctx, principalOf(request).tenantId, kind, request.params.id);
      return reply.header('etag', etagFor(row.id, row.version)).send(ruleView(row));
    },
  );
  app.patch<{ Params: Static<typeof contract.IdParams>; Body: Partial<RuleInput> }>(
    `${path}/:id`,
    {
      config: { permission: 'automation:manage' },
      schema: { tags, params: contract.IdParams, body: bodies.update, response: { 200: contract.Rule } },
    },
    async (request, reply) => {
      const expectedVersion = versionFromIfMatch(request.headers['if-match'], request.params.id);
      const row = await inTransaction(ctx, (tx) =>
        updateRule(tx, {
          tenantId: principalOf(request).tenantId,
          kind,
          id: request.params.id,
          expectedVersion,
          changes: request.body,
        }),
      );
      return reply.header('etag', etagFor(row.id, row.version)).send(ruleView(row));
    },
  );
  app.delete<{ Params: Static<typeof contract.IdParams> }>(
    `${path}/:id`,
    { config: { permission: 'automation:manage' }, schema: { tags, params: contract.IdParams } },
    async (request, reply) => {
      await deleteRule(ctx, principalOf(request).tenantId, kind, request.params.id);
      return reply.code(204).send();
    },
  );
}

export function registerAutomationRoutes(app: FastifyInstance, options: Options): void {
  const { ctx } = options;
  registerRuleRoutes(app, options, 'trigger', '/api/v1/triggers', {
    create: contract.TriggerBody,
    update: contract.UpdateTriggerBody,
  });
  registerRuleRoutes(app, options, 'automation', '/api/v1/automations', {
    create: contract.AutomationBody,
    update: contract.UpdateAutomationBody,
  });
  const tags = ['macros'];

  app.post<{ Body: Static<typeof contract.MacroBody> }>(
    '/api/v1/macros',
    {
      config: { permission: 'automation:manage' },
      schema: { tags, body: contract.MacroBody, response: { 201: contract.Macro } },
    },
    async (request, reply) => {
      const row = await inTransaction(ctx, (tx) => createMacro(tx, principalOf(request).tenantId, request.body));
      return reply.code(201).header('etag', etagFor(row.id, row.version)).send(macroView(row));
    },
  );
  app.get(
    '/api/v1/macros',
    {
      config: { permission: 'macros:apply' },
      schema: { tags, response: { 200: Type.Object({ items: Type.Array(contract.Macro) }) } },
    },
    async (request) => ({ items: (await macrosRepo.list(ctx.db, principalOf(request).tenantId)).map(macroView) }),
  );
  app.get<{ Params: Static<typeof contract.IdParams> }>(
    '/api/v1/macros/:id',
    {
      config: { permission: 'macros:apply' },
      schema: { tags, params: contract.IdParams, response: { 200: contract.Macro } },
    },
    async (request, reply) => {
      const row = await macrosRepo.byId(ctx.db, principalOf(request).tenantId, request.params.id);
      if (!row) throw new AppError('MACRO_NOT_FOUND', 'Macro not found');
      return reply.header('etag', etagFor(row.id, row.version)).send(macroView(row));
    },
  );
  app.patch<{ Params: Static<typeof contract.IdParams>; Body: Partial<Static<typeof contract.MacroBody>> }>(
    '/api/v1/macros/:id',
    {
      config: { permission: 'automation:manage' },
      schema: {
        tags,
        params: contract.IdParams,
        body: Type.Partial(contract.MacroBody, { additionalProperties: false, minProperties: 1 }),
        response: { 200: contract.Macro },
      },
    },
    async (request, reply) => {
      const { tenantId } = principalOf(request);
      const expectedVersion = versionFromIfMatch(request.headers['if-match'], request.params.id);
      const row = await inTransaction(ctx, async (tx) => {
        const current = await macrosRepo.byId(tx.db, tenantId, request.params.id);
        if (!current) throw new AppError('MACRO_NOT_FOUND', 'Macro not found');
        const actions = request.body.actions
          ? await checkedActions(tx, tenantId, request.body.actions)
          : current.actions;
        const name = request.body.name === undefined ? current.name : request.body.name.trim();
        if (!name) throw validationFailed('Name is required', [{ path: '/name', message: 'is required' }]);
        if (name !== current.name && (await macrosRepo.list(tx.db, tenantId)).some((macro) => macro.name === name))
          throw new AppError('MACRO_CONFLICT', `A macro named "${name}" exists already`);
        const updated = await macrosRepo.update(
          tx.db,
          {
            tenant_id: tenantId,
            id: current.id,
            name,
            actions: actions as unknown as Record<string, unknown>[],
            updated_at: tx.clock.now(),
          },
          expectedVersion,
        );
        if (!updated) throw new AppError('VERSION_MISMATCH', 'The macro was changed by someone else; reload and retry');
        return updated;
      });
      return reply.header('etag', etagFor(row.id, row.version)).send(macroView(row));
    },
  );
  app.delete<{ Params: Static<typeof contract.IdParams> }>(
    '/api/v1/macros/:id',
    { config: { permission: 'automation:manage' }, schema: { tags, params: contract.IdParams } },
    async (request, reply) => {
      const result = await macrosRepo.delete(ctx.db, principalOf(request).tenantId, request.params.id);
      if (!result.numDeletedRows) throw new AppError('MACRO_NOT_FOUND', 'Macro not found');
      return reply.code(204).send();
    },
  );
  app.post<{ Params: Static<typeof contract.MacroApplyParams> }>(
    '/api/v1/tickets/:id/macros/:macroId',
    {
      config: { permission: 'macros:apply' },
      schema: {
        tags,
        params: contract.MacroApplyParams,
        description: 'Applies a macro to the ticket; needs If-Match with the ticket ETag',
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const expectedVersion = versionFromIfMatch(request.headers['if-match'], request.params.id);
      const ticket = await inTransaction(ctx, (tx) =>
        applyMacro(tx, {
          principal,
          ticketId: request.params.id,
          macroId: request.params.macroId,
          expectedVersion,
          publicUrl: options.publicUrl,
        }),
      );
      return reply.header('etag', etagFor(ticket.id, ticket.version)).send(ticketView(ticket));
    },
  );
}
