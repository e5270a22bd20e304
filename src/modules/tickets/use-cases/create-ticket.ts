import { type Coalescer, createCoalescer } from '../../../platform/db/coalesce.ts';
import type { Context } from '../../../platform/db/context.ts';
import type { Db } from '../../../platform/db/database.ts';
import { validationFailed } from '../../../platform/errors/app-error.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { buildSearchDocument } from '../../../platform/search/index.ts';
import { type CallerIdentity, customersRepo, matchCaller, planCallerWrites } from '../../customers/index.ts';
import { teamsRepo, usersRepo } from '../../identity/index.ts';
import type { Priority, TicketRow, TicketTypeRow } from '../tickets.repo.ts';
import { type NewTicket, timelineRepo } from '../tickets.timeline.repo.ts';
import { checkFieldValues } from '../workflow/custom-fields.ts';
import { stateOf } from '../workflow/workflow.ts';
import { type Actor, defaultDueAt, eventRows, normaliseTags } from './ticket-context.ts';
import { createTicketNumbers } from './ticket-numbers.ts';
import { ticketTypesOf } from './ticket-type-cache.ts';

export type CreateTicketInput = {
  subject: string;
  description: string;
  channel?: string;
  priority?: Priority;
  type?: string;
  customer?: CallerIdentity;
  customerId?: string;
  location?: { address?: string; lat?: number; lng?: number };
  tags?: string[];
  customFields?: Record<string, unknown>;
  assigneeId?: string | null;
  teamId?: string | null;
};

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export async function checkAssignment(
  ctx: Context,
  tenantId: string,
  assigneeId: string | null | undefined,
  teamId: string | null | undefined,
): Promise<void> {
  if (assigneeId) {
    const user = await usersRepo.byId(ctx.db, tenantId, assigneeId);
    if (!user?.active)
      throw validationFailed('The assignee is not an active user of this tenant', [
        { path: '/assigneeId', message: 'is not an active user' },
      ]);
  }
  if (teamId && !(await teamsRepo.byId(ctx.db, tenantId, teamId))) {
    throw validationFailed('The team does not exist', [{ path: '/teamId', message: 'is not a team' }]);
  }
}

export function checkLocation(
  location: CreateTicketInput['location'],
): Pick<TicketRow, 'location_address' | 'location_lat' | 'location_lng'> {
  if (!location) return { location_address: null, location_lat: null, location_lng: null };
  const hasLat = location.lat !== undefined;
  if (hasLat !== (location.lng !== undefined))
    throw validationFailed('Give both lat and lng, or neither', [
      { path: '/location', message: 'needs both lat and lng' },
    ]);
  return {
    location_address: location.address?.trim() || null,
    location_lat: location.lat ?? null,
    location_lng: location.lng ?? null,
  };
}

async function resolveType(ctx: Context, tenantId: string, key: string | undefined): Promise<TicketTypeRow> {
  const type = (await ticketTypesOf(ctx, tenantId)).find((candidate) => candidate.key === (key ?? 'desk'));
  if (!type)
    throw validationFailed(`Unknown ticket type "${key}"`, [{ path: '/type', message: 'is not a ticket type' }]);
  return type;
}

export async function createTicket(
  ctx: Context,
  tenantId: string,
  actor: Actor,
  input: CreateTicketInput,
): Promise<{ ticket: TicketRow; type: TicketTypeRow }> {
  const subject = input.subject.trim();
  if (!subject) throw validationFailed('Subject is required', [{ path: '/subject', message: 'is required' }]);
  const type = await resolveType(ctx, tenantId, input.type);
  const customFields = checkFieldValues(type.custom_fields, input.customFields ?? {});
  await checkAssignment(ctx, tenantId, input.assigneeId, input.teamId);
  const location = checkLocation(input.location);
  const now = ctx.clock.now();
  const caller = input.customer && !input.customerId ? await matchCaller(ctx, tenantId, input.customer) : null;
  if (input.customerId && !(await customersRepo.byId(ctx.db, tenantId, input.customerId))) {
    throw validationFailed('Customer not found', [{ path: '/customerId', message: 'is not a customer' }]);
  }
  const callerWrites =
    caller && input.customer
      ? planCallerWrites(ctx, tenantId, input.customer, caller)
      : { customerId: input.customerId ?? null, customers: [], contacts: [] };
  const customerId = callerWrites.customerId;
  const number = formatNumber(now, await nextNumber(ctx, tenantId, dayFormat.format(now)));
  const initial = stateOf(type.workflow, type.workflow.initial);
  const priority = input.priority ?? 'P3';
  const ticket: TicketRow = {
    tenant_id: tenantId,
    id: newId(now.getTime()),
    number,
    type_id: type.id,
    status: initial.key,
    status_category: initial.category,
    priority,
    channel: input.channel ?? 'api',
    subject,
    description: input.description,
    customer_id: customerId,
    ...location,
    tags: normaliseTags(input.tags ?? []),
    custom_fields: customFields,
    assignee_id: input.assigneeId ?? null,
    team_id: input.teamId ?? null,
    merged_into_id: null,
    due_at: defaultDueAt(now, priority),
    created_by: actor.type === 'user' ? actor.principal.userId : null,
    created_at: now,
    updated_at: now,
    resolved_at: null,
    closed_at: null,
    version: 1,
  };
  const created = {
    number,
    status: ticket.status,
    priority,
    channel: ticket.channel,
    type: type.key,
    customerId,
    assigneeId: ticket.assignee_id,
    teamId: ticket.team_id,
  };
  // One statement writes the ticket, its events and outbox rows, and the caller's new customer records.
  await writeTicket(ctx.db, {
    ticket,
    searchLiteral: searchDocumentOf(ticket, []),
    ...eventRows(now, ticket, actor, [{ type: 'ticket.created', data: created }]),
    caller: callerWrites,
  });
  return { ticket, type };
}

const nextNumber = createTicketNumbers();

const writers = new WeakMap<Db, Coalescer<NewTicket>>();

/**
 * Outside a transaction, concurrent creates share statements and commits (group commit): under load a
 * create waits for the write in flight and then goes with the others that queued behind it.
 */
function writeTicket(db: Db, item: NewTicket): Promise<void> {
  if (db.isTransaction) return timelineRepo.insertTickets(db, [item]);
  let writer = writers.get(db);
  if (!writer) {
    writer = createCoalescer((items) => timelineRepo.insertTickets(db, items), { maxInFlight: 1, maxBatch: 32 });
    writers.set(db, writer);
  }
  return writer(item);
}

/** `T-20261122-0001`: the tenant's day (China time) and the day's counter, at least four digits. */
export function formatNumber(at: Date, sequence: number): string {
  return `T-${dayFormat.format(at).replaceAll('-', '')}-${String(sequence).padStart(4, '0')}`;
}

/** What search finds a ticket by: subject, description, tags and every reply (the number has its own index). */
export function searchDocumentOf(
  ticket: Pick<TicketRow, 'subject' | 'description' | 'tags'>,
  replies: string[],
): string {
  return buildSearchDocument([ticket.subject, ticket.description, ticket.tags.join(' '), ...replies]);
}
