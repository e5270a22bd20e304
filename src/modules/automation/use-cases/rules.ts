import type { Context } from '../../../platform/db/context.ts';
import { AppError, validationFailed } from '../../../platform/errors/app-error.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { teamsRepo, usersRepo } from '../../identity/index.ts';
import { ticketTypesRepo } from '../../tickets/index.ts';
import { channelsRepo, type MacroRow, macrosRepo, type RuleRow, rulesRepo } from '../automation.repo.ts';
import { unknownVariables } from '../notify/index.ts';
import { type Action, checkActions, checkConditions, type KnownCustomField, RULE_EVENT_TYPES } from '../rules/index.ts';

/** The custom fields of all the tenant's ticket types: what conditions and actions may name. */
async function knownFields(ctx: Context, tenantId: string): Promise<KnownCustomField[]> {
  const fields = new Map<string, KnownCustomField>();
  for (const type of await ticketTypesRepo.list(ctx.db, tenantId))
    for (const field of type.custom_fields) fields.set(field.key, { key: field.key, kind: field.type });
  return [...fields.values()];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every user, team and channel an action names must be this tenant's (and a channel of the right kind):
 * refused at save time, so a rule never fails later on an id that could never work.
 */
async function checkReferences(ctx: Context, tenantId: string, actions: Action[]): Promise<void> {
  const errors: { path: string; message: string }[] = [];
  const user = async (id: string, path: string) => {
    if (!UUID.test(id) || !(await usersRepo.byId(ctx.db, tenantId, id))?.active)
      errors.push({ path, message: 'is not an active user of this tenant' });
  };
  for (const [i, action] of actions.entries()) {
    if (action.type === 'assign') {
      if (action.assigneeId) await user(action.assigneeId, `/actions/${i}/assigneeId`);
      if (action.teamId && (!UUID.test(action.teamId) || !(await teamsRepo.byId(ctx.db, tenantId, action.teamId))))
        errors.push({ path: `/actions/${i}/teamId`, message: 'is not a team of this tenant' });
    } else if (action.type === 'notify') {
      for (const [j, to] of action.to.entries())
        if (typeof to === 'object') await user(to.userId, `/actions/${i}/to/${j}/userId`);
    } else if (action.type === 'notifyChannel' || action.type === 'webhook') {
      const channel = UUID.test(action.channelId) ? await channelsRepo.byId(ctx.db, tenantId, action.channelId) : null;
      const kinds = action.type === 'webhook' ? ['webhook'] : ['dingtalk', 'wecom'];
      if (!channel || !kinds.includes(channel.kind))
        errors.push({
          path: `/actions/${i}/channelId`,
          message: `is not a ${kinds.join(' or ')} channel of this tenant`,
        });
    }
  }
  if (errors.length)
    throw validationFailed(`The actions name ${errors.length === 1 ? 'an id' : 'ids'} that cannot work`, errors);
}

export async function checkedActions(ctx: Context, tenantId: string, input: unknown): Promise<Action[]> {
  const actions = checkActions(input, {
    customFields: await knownFields(ctx, tenantId),
    checkTemplate: unknownVariables,
  });
  await checkReferences(ctx, tenantId, actions);
  return actions;
}

export type RuleInput = {
  name: string;
  position?: number;
  active?: boolean;
  events?: string[];
  conditions?: unknown;
  actions: unknown;
};

async function checkedRule(ctx: Context, tenantId: string, kind: RuleRow['kind'], input: RuleInput) {
  const name = input.name.trim();
  if (!name) throw validationFailed('Name is required', [{ path: '/name', message: 'is required' }]);
  const events = [...new Set(input.events ?? [])];
  if (kind === 'trigger' && !events.length)
    throw validationFailed('A trigger needs at least one event', [{ path: '/events', message: 'is empty' }]);
  if (kind === 'automation' && events.length)
    throw validationFailed('A time-based automation runs on a schedule, not on events', [
      { path: '/events', message: 'must be empty' },
    ]);
  for (const [i, event] of events.entries())
    if (!(RULE_EVENT_TYPES as readonly string[]).includes(event))
      throw validationFailed(`Unknown event "${event}"`, [
        { path: `/events/${i}`, message: `must be one of ${RULE_EVENT_TYPES.join(', ')}` },
      ]);
  const customFields = await knownFields(ctx, tenantId);
  const conditions = checkConditions(input.conditions ?? {}, { customFields, timeBased: kind === 'automation' });
  if (
    kind === 'automation' &&
    !JSON.stringify(conditions).includes('"hoursSince') &&
    !JSON.stringify(conditions).includes('"hoursPending')
  )
    throw validationFailed('A time-based automation needs a time condition (hoursSinceCreated, hoursPending …)', [
      { path: '/conditions', message: 'has no time condition' },
    ]);
  const actions = checkActions(input.actions, { customFields, checkTemplate: unknownVariables });
  await checkReferences(ctx, tenantId, actions);
  return {
    name,
    position: input.position ?? 0,
    active: input.active ?? true,
    events,
    conditions: conditions as Record<string, unknown>,
    actions: actions as unknown as Record<string, unknown>[],
  };
}

export async function createRule(
  ctx: Context,
  tenantId: string,
  kind: RuleRow['kind'],
  input: RuleInput,
): Promise<RuleRow> {
  const now = ctx.clock.now();
  const row: RuleRow = {
    tenant_id: tenantId,
    id: newId(now.getTime()),
    kind,
    ...(await checkedRule(ctx, tenantId, kind, input)),
    created_at: now,
    updated_at: now,
    version: 1,
  };
  await rulesRepo.insert(ctx.db, row);
  return row;
}

export async function getRule(ctx: Context, tenantId: string, kind: RuleRow['kind'], id: string): Promise<RuleRow> {
  const row = await rulesRepo.byId(ctx.db, tenantId, id);
  if (!row || row.kind !== kind) throw new AppError('RULE_NOT_FOUND', 'Rule not found');
  return row;
}

export async function updateRule(
  ctx: Context,
  options: {
    tenantId: string;
    kind: RuleRow['kind'];
    id: string;
    expectedVersion: number;
    changes: Partial<RuleInput>;
  },
): Promise<RuleRow> {
  const current = await getRule(ctx, options.tenantId, options.kind, options.id);
  if (current.version !== options.expectedVersion)
    throw new AppError('VERSION_MISMATCH', 'The rule was changed by someone else; reload and retry');
  const merged: RuleInput = {
    name: current.name,
    position: current.position,
    active: current.active,
    events: current.events,
    conditions: current.conditions,
    actions: current.actions,
    ...options.changes,
  };
  const updated = await rulesRepo.update(
    ctx.db,
    {
      tenant_id: options.tenantId,
      id: options.id,
      ...(await checkedRule(ctx, options.tenantId, options.kind, merged)),
      updated_at: ctx.clock.now(),
    },
    options.expectedVersion,
  );
  if (!updated) throw new AppError('VERSION_MISMATCH', 'The rule was changed by someone else; reload and retry');
  return updated;
}

export async function deleteRule(ctx: Context, tenantId: string, kind: RuleRow['kind'], id: string): Promise<void> {
  await getRule(ctx, tenantId, kind, id);
  await rulesRepo.delete(ctx.db, tenantId, id);
}

export function ruleView(row: RuleRow) {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    active: row.active,
    ...(row.kind === 'trigger' ? { events: row.events } : {}),
    conditions: row.conditions,
    actions: row.actions,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function createMacro(
  ctx: Context,
  tenantId: string,
  input: { name: string; actions: unknown },
): Promise<MacroRow> {
  const name = input.name.trim();
  if (!name) throw validationFailed('Name is required', [{ path: '/name', message: 'is required' }]);
  const actions = (await checkedActions(ctx, tenantId, input.actions)) as unknown as Record<string, unknown>[];
  const now = ctx.clock.now();
  const row: MacroRow = {
    tenant_id: tenantId,
    id: newId(now.getTime()),
    name,
    actions,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  if ((await macrosRepo.list(ctx.db, tenantId)).some((macro) => macro.name === name))
    throw new AppError('MACRO_CONFLICT', `A macro named "${name}" exists already`);
  await macrosRepo.insert(ctx.db, row);
  return row;
}

export function macroView(row: MacroRow) {
  return {
    id: row.id,
    name: row.name,
    actions: row.actions,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
