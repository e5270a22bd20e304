import type { Context } from '../../../platform/db/context.ts';
import { AppError, validationFailed } from '../../../platform/errors/app-error.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { customersRepo } from '../../customers/index.ts';
import { checkSlaPolicy, type SlaPolicy } from '../clocks/index.ts';
import { calendarsRepo } from '../sla.repo.ts';
import { type SlaPolicyRow, slaPoliciesRepo } from './sla-policies.repo.ts';

/** A stored policy as the clocks use it. */
export type StoredSlaPolicy = SlaPolicy & { id: string; position: number; active: boolean };

export function policyOf(row: SlaPolicyRow): StoredSlaPolicy {
  return { ...(row.definition as SlaPolicy), name: row.name, id: row.id, position: row.position, active: row.active };
}

/** The tenant's policies in the order they are tried. */
export async function slaPoliciesOf(ctx: Context, tenantId: string): Promise<StoredSlaPolicy[]> {
  return (await slaPoliciesRepo.list(ctx.db, tenantId)).map(policyOf);
}

async function checked(ctx: Context, tenantId: string, input: unknown): Promise<SlaPolicy> {
  const policy = checkSlaPolicy(input);
  if (policy.calendarId && !(await calendarsRepo.byId(ctx.db, tenantId, policy.calendarId)))
    throw validationFailed('The calendar does not exist', [{ path: '/calendarId', message: 'is not a calendar' }]);
  for (const [i, id] of (policy.conditions.organisationIds ?? []).entries())
    if ((await customersRepo.byId(ctx.db, tenantId, id))?.kind !== 'organisation')
      throw validationFailed('The organisation does not exist', [
        { path: `/conditions/organisationIds/${i}`, message: 'is not an organisation of this tenant' },
      ]);
  return policy;
}

function rowParts(policy: SlaPolicy) {
  const { name, position, active, ...definition } = policy as SlaPolicy & { position?: number; active?: boolean };
  return { name, position: position ?? 0, active: active ?? true, definition };
}

export async function createSlaPolicy(ctx: Context, tenantId: string, input: unknown): Promise<SlaPolicyRow> {
  const policy = await checked(ctx, tenantId, input);
  const now = ctx.clock.now();
  const row: SlaPolicyRow = {
    tenant_id: tenantId,
    id: newId(now.getTime()),
    ...rowParts(policy),
    created_at: now,
    updated_at: now,
    version: 1,
  };
  await slaPoliciesRepo.insert(ctx.db, row);
  return row;
}

export async function getSlaPolicy(ctx: Context, tenantId: string, id: string): Promise<SlaPolicyRow> {
  const row = await slaPoliciesRepo.byId(ctx.db, tenantId, id);
  if (!row) throw new AppError('SLA_POLICY_NOT_FOUND', 'SLA policy not found');
  return row;
}

/** A PATCH names what changes; the result is checked as a whole. Tickets pick the change up as they change. */
export async function updateSlaPolicy(
  ctx: Context,
  options: { tenantId: string; id: string; expectedVersion: number; changes: Record<string, unknown> },
): Promise<SlaPolicyRow> {
  const current = await getSlaPolicy(ctx, options.tenantId, options.id);
  if (current.version !== options.expectedVersion)
    throw new AppError('VERSION_MISMATCH', 'The SLA policy was changed by someone else; reload and retry');
  const merged = {
    name: current.name,
    position: current.position,
    active: current.active,
    ...current.definition,
    ...options.changes,
  };
  const policy = await checked(ctx, options.tenantId, merged);
  const updated = await slaPoliciesRepo.update(
    ctx.db,
    { tenant_id: options.tenantId, id: options.id, ...rowParts(policy), updated_at: ctx.clock.now() },
    options.expectedVersion,
  );
  if (!updated) throw new AppError('VERSION_MISMATCH', 'The SLA policy was changed by someone else; reload and retry');
  return updated;
}

export async function deleteSlaPolicy(ctx: Context, tenantId: string, id: string): Promise<void> {
  const result = await slaPoliciesRepo.delete(ctx.db, tenantId, id);
  if (!result.numDeletedRows) throw new AppError('SLA_POLICY_NOT_FOUND', 'SLA policy not found');
}

export function slaPolicyView(row: SlaPolicyRow) {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    active: row.active,
    ...row.definition,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
