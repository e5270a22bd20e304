import type { Context } from '../../../platform/db/context.ts';
import { AppError, validationFailed } from '../../../platform/errors/app-error.ts';
import { customersRepo } from '../../customers/index.ts';
import { type Priority, type TicketRow, t, ticketsRepo } from '../tickets.repo.ts';
import { checkFieldValues } from '../workflow/custom-fields.ts';
import { assertTransition } from '../workflow/workflow.ts';
import { type CreateTicketInput, checkAssignment, checkLocation, searchDocumentOf } from './create-ticket.ts';
import { type Actor, defaultDueAt, loadTicket, loadType, normaliseTags, recordEvents } from './ticket-context.ts';

export type TicketChanges = {
  subject?: string;
  description?: string;
  priority?: Priority;
  status?: string;
  assigneeId?: string | null;
  teamId?: string | null;
  tags?: string[];
  customFields?: Record<string, unknown>;
  location?: CreateTicketInput['location'] | null;
  customerId?: string | null;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** One PATCH: checks the whole change, writes it with the version the caller read, and records each change. */
export async function updateTicket(
  ctx: Context,
  options: { tenantId: string; ticketId: string; actor: Actor; expectedVersion: number; changes: TicketChanges },
): Promise<TicketRow> {
  const { tenantId, actor, changes } = options;
  const current = await loadTicket(ctx, tenantId, options.ticketId, actor, { forUpdate: true });
  if (current.version !== options.expectedVersion) {
    throw new AppError(
      'VERSION_MISMATCH',
      'The ticket was changed by someone else since you read it; reload and retry',
      { details: { currentVersion: current.version } },
    );
  }
  if (current.merged_into_id)
    throw new AppError('TICKET_ALREADY_MERGED', 'This ticket was merged into another; change that one instead');
  const type = await loadType(ctx, tenantId, current.type_id);
  const now = ctx.clock.now();
  const set: Partial<TicketRow> = {};
  const events: { type: string; data: Record<string, unknown> }[] = [];
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  const note = (field: string, from: unknown, to: unknown) => {
    changed[field] = { from, to };
  };

  if (changes.subject !== undefined && changes.subject.trim() !== current.subject) {
    if (!changes.subject.trim())
      throw validationFailed('Subject is required', [{ path: '/subject', message: 'is required' }]);
    set.subject = changes.subject.trim();
    note('subject', current.subject, set.subject);
  }
  if (changes.description !== undefined && changes.description !== current.description) {
    set.description = changes.description;
    note('description', null, null);
  }
  if (changes.priority !== undefined && changes.priority !== current.priority) {
    set.priority = changes.priority;
    set.due_at = defaultDueAt(new Date(current.created_at), changes.priority);
    events.push({ type: 'ticket.priority_changed', data: { from: current.priority, to: changes.priority } });
  }
  if (changes.status !== undefined && changes.status !== current.status) {
    const target = assertTransition(type.workflow, current.status, changes.status);
    set.status = target.key;
    set.status_category = target.category;
    set.status_changed_at = now;
    if (target.category === 'resolved') set.resolved_at = now;
    if (target.category === 'closed') set.closed_at = now;
    if (target.category !== 'resolved' && target.category !== 'closed') {
      set.resolved_at = null;
      set.closed_at = null;
    }
    events.push({
      type: 'ticket.status_changed',
      data: { from: current.status, to: target.key, category: target.category },
    });
  }
  if (changes.assigneeId !== undefined || changes.teamId !== undefined) {
    await checkAssignment(ctx, tenantId, changes.assigneeId, changes.teamId);
    const assignee = changes.assigneeId === undefined ? current.assignee_id : changes.assigneeId;
    const team = changes.teamId === undefined ? current.team_id : changes.teamId;
    if (assignee !== current.assignee_id || team !== current.team_id) {
      set.assignee_id = assignee;
      set.team_id = team;
      events.push({
        type: 'ticket.assigned',
        data: {
          from: { assigneeId: current.assignee_id, teamId: current.team_id },
          to: { assigneeId: assignee, teamId: team },
        },
      });
    }
  }
  if (changes.tags !== undefined) {
    const tags = normaliseTags(changes.tags);
    if (!same(tags, current.tags)) {
      set.tags = tags;
      events.push({
        type: 'ticket.tags_changed',
        data: {
          added: tags.filter((x) => !current.tags.includes(x)),
          removed: current.tags.filter((x) => !tags.includes(x)),
        },
      });
    }
  }
  if (changes.customFields !== undefined) {
    const merged = checkFieldValues(type.custom_fields, { ...current.custom_fields, ...changes.customFields });
    if (!same(merged, current.custom_fields)) {
      set.custom_fields = merged;
      note('customFields', current.custom_fields, merged);
    }
  }
  if (changes.location !== undefined) {
    const location = checkLocation(changes.location ?? undefined);
    Object.assign(set, location);
    note(
      'location',
      { address: current.location_address, lat: current.location_lat, lng: current.location_lng },
      { address: location.location_address, lat: location.location_lat, lng: location.location_lng },
    );
  }
  if (changes.customerId !== undefined && changes.customerId !== current.customer_id) {
    if (changes.customerId && !(await customersRepo.byId(ctx.db, tenantId, changes.customerId))) {
      throw validationFailed('Customer not found', [{ path: '/customerId', message: 'is not a customer' }]);
    }
    set.customer_id = changes.customerId;
    note('customerId', current.customer_id, changes.customerId);
  }
  if (Object.keys(changed).length) events.push({ type: 'ticket.updated', data: { changes: changed } });
  if (!events.length) return current;

  set.updated_at = now;
  const updated = await ticketsRepo.update(ctx.db, tenantId, current.id, current.version, set);
  if (!updated)
    throw new AppError(
      'VERSION_MISMATCH',
      'The ticket was changed by someone else since you read it; reload and retry',
    );
  if (set.subject !== undefined || set.description !== undefined || set.tags !== undefined)
    await reindexTicket(ctx, updated as TicketRow);
  await recordEvents(ctx, current, actor, events);
  return updated as TicketRow;
}

/** Rebuilds the search document from the ticket and all its replies. */
export async function reindexTicket(ctx: Context, ticket: TicketRow): Promise<void> {
  const comments = await ticketsRepo.comments(ctx.db, ticket.tenant_id, [ticket.id]);
  const literal = searchDocumentOf(
    ticket,
    comments.map((c) => c.body),
  );
  await t(ctx.db)
    .updateTable('tickets')
    .set({ search: literal })
    .where('tenant_id', '=', ticket.tenant_id)
    .where('id', '=', ticket.id)
    .execute();
}
