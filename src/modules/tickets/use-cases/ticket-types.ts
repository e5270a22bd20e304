import type { Context } from '../../../platform/db/context.ts';
import { AppError, validationFailed } from '../../../platform/errors/app-error.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { type TicketTypeRow, t, ticketTypesRepo } from '../tickets.repo.ts';
import { type CustomFieldDefinition, checkFieldDefinitions } from '../workflow/custom-fields.ts';
import { checkWorkflow, DESK_WORKFLOW, FIELD_WORKFLOW, type Workflow } from '../workflow/workflow.ts';
import { forgetTicketTypes } from './ticket-type-cache.ts';

export type TicketTypeInput = {
  key: string;
  name: string;
  kind: 'desk' | 'field';
  workflow?: Workflow;
  customFields?: CustomFieldDefinition[];
};

/** Every tenant starts with a desk type and a field-service type. */
export async function installDefaultTicketTypes(ctx: Context, tenantId: string): Promise<void> {
  await createTicketType(ctx, tenantId, { key: 'desk', name: '咨询/服务请求 Desk', kind: 'desk' });
  await createTicketType(ctx, tenantId, {
    key: 'field_service',
    name: '上门服务 Field service',
    kind: 'field',
    customFields: [{ key: 'product_model', label: '产品型号 Product model', type: 'text' }],
  });
}

export async function createTicketType(ctx: Context, tenantId: string, input: TicketTypeInput): Promise<TicketTypeRow> {
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(input.key))
    throw validationFailed('Type key must be lowercase letters, digits and _', [
      { path: '/key', message: 'is not a valid key' },
    ]);
  if (await ticketTypesRepo.byKey(ctx.db, tenantId, input.key))
    throw new AppError('TICKET_TYPE_KEY_CONFLICT', `A ticket type with key ${input.key} already exists`);
  const workflow = checkWorkflow(
    structuredClone(input.workflow ?? (input.kind === 'field' ? FIELD_WORKFLOW : DESK_WORKFLOW)),
  );
  const now = ctx.clock.now();
  const row: TicketTypeRow = {
    tenant_id: tenantId,
    id: newId(now.getTime()),
    key: input.key,
    name: input.name.trim(),
    kind: input.kind,
    workflow,
    custom_fields: checkFieldDefinitions(input.customFields ?? []),
    created_at: now,
    updated_at: now,
    version: 1,
  };
  await ticketTypesRepo.insert(ctx.db, row);
  forgetTicketTypes(tenantId);
  return row;
}

export async function updateTicketType(
  ctx: Context,
  options: {
    tenantId: string;
    typeId: string;
    expectedVersion: number;
    changes: { name?: string; workflow?: Workflow; customFields?: CustomFieldDefinition[] };
  },
): Promise<TicketTypeRow> {
  const current = await ticketTypesRepo.byId(ctx.db, options.tenantId, options.typeId);
  if (!current) throw new AppError('TICKET_TYPE_NOT_FOUND', 'Ticket type not found');
  const next: TicketTypeRow = {
    ...current,
    name: options.changes.name?.trim() ?? current.name,
    workflow: options.changes.workflow ? checkWorkflow(options.changes.workflow) : current.workflow,
    custom_fields: options.changes.customFields
      ? checkFieldDefinitions(options.changes.customFields)
      : current.custom_fields,
    updated_at: ctx.clock.now(),
  };
  if (options.changes.workflow) {
    // Tickets already in a state the new workflow drops would be stranded.
    const kept = new Set(next.workflow.states.map((s) => s.key));
    const dropped = current.workflow.states.filter((s) => !kept.has(s.key)).map((s) => s.key);
    if (dropped.length) {
      const inUse = await t(ctx.db)
        .selectFrom('tickets')
        .select('status')
        .where('tenant_id', '=', options.tenantId)
        .where('type_id', '=', current.id)
        .where('status', 'in', dropped)
        .limit(1)
        .executeTakeFirst();
      if (inUse)
        throw validationFailed(`Tickets are still in status ${inUse.status}, which the new workflow drops`, [
          { path: '/workflow/states', message: `drops ${inUse.status}, still in use` },
        ]);
    }
  }
  const updated = await ticketTypesRepo.update(ctx.db, next, options.expectedVersion);
  forgetTicketTypes(options.tenantId);
  if (!updated) throw new AppError('VERSION_MISMATCH', 'The ticket type was changed by someone else; reload');
  return updated;
}
