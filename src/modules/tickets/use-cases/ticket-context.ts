import { randomUUID } from 'node:crypto';
import type { Principal } from '../../../platform/auth/principal.ts';
import type { Context } from '../../../platform/db/context.ts';
import { AppError } from '../../../platform/errors/app-error.ts';
import { type TicketEventRow, type TicketRow, type TicketTypeRow, ticketsRepo } from '../tickets.repo.ts';
import { type NewEvent, type NewOutboxRow, timelineRepo } from '../tickets.timeline.repo.ts';
import { ticketTypesOf } from './ticket-type-cache.ts';

export type Actor =
  | { type: 'user'; principal: Principal }
  | { type: 'customer'; customerId: string }
  /** The system itself, or an automation rule: `causedBy` lists the triggers whose actions led to the change. */
  | { type: 'system'; causedBy?: string[] };

export function actorColumns(actor: Actor): Pick<TicketEventRow, 'actor_type' | 'actor_id'> {
  if (actor.type === 'user') return { actor_type: 'user', actor_id: actor.principal.userId };
  if (actor.type === 'customer') return { actor_type: 'customer', actor_id: actor.customerId };
  return { actor_type: 'system', actor_id: null };
}

/** Engineers work only the tickets assigned to them; every other role sees the whole tenant. */
export function canSee(actor: Actor, ticket: Pick<TicketRow, 'assignee_id'>): boolean {
  return actor.type !== 'user' || actor.principal.role !== 'engineer' || ticket.assignee_id === actor.principal.userId;
}

export async function loadTicket(
  ctx: Context,
  tenantId: string,
  id: string,
  actor: Actor,
  options: { forUpdate?: boolean } = {},
): Promise<TicketRow> {
  const row = options.forUpdate
    ? await ticketsRepo.byIdForUpdate(ctx.db, tenantId, id)
    : await ticketsRepo.byId(ctx.db, tenantId, id);
  if (!row || !canSee(actor, row)) throw new AppError('TICKET_NOT_FOUND', 'Ticket not found');
  return row as TicketRow;
}

export async function loadType(ctx: Context, tenantId: string, typeId: string): Promise<TicketTypeRow> {
  const type = (await ticketTypesOf(ctx, tenantId)).find((candidate) => candidate.id === typeId);
  if (!type) throw new AppError('TICKET_TYPE_NOT_FOUND', 'Ticket type not found');
  return type;
}

type EventInput = { type: string; data: Record<string, unknown> };

/** Appends to the ticket's timeline and the outbox in the caller's transaction. */
/** Appends to the ticket's timeline and the outbox in the caller's transaction, in one statement. */
export async function recordEvents(
  ctx: Context,
  ticket: Pick<TicketRow, 'tenant_id' | 'id'>,
  actor: Actor,
  events: EventInput[],
): Promise<void> {
  const rows = eventRows(ctx.clock.now(), ticket, actor, events);
  await timelineRepo.append(ctx.db, rows.events, rows.outbox);
}

export function eventRows(
  now: Date,
  ticket: Pick<TicketRow, 'tenant_id' | 'id'>,
  actor: Actor,
  events: EventInput[],
): { events: NewEvent[]; outbox: NewOutboxRow[] } {
  const who = actorColumns(actor);
  // One id for the events of one change, so that consumers can react to the change once.
  const change = randomUUID();
  return {
    events: events.map((e) => ({
      tenant_id: ticket.tenant_id,
      ticket_id: ticket.id,
      type: e.type,
      ...who,
      data: e.data,
      created_at: now,
    })),
    outbox: events.map((e) => ({
      tenant_id: ticket.tenant_id,
      topic: e.type,
      payload: {
        ticketId: ticket.id,
        change,
        actor: who,
        ...(actor.type === 'system' && actor.causedBy?.length ? { causedBy: actor.causedBy } : {}),
        ...e.data,
      },
      created_at: now,
    })),
  };
}

// Until the SLA module computes business-time targets, a ticket is due by a plain target per priority.
const DEFAULT_RESOLUTION_HOURS: Record<TicketRow['priority'], number> = { P1: 4, P2: 8, P3: 24, P4: 72 };
export function defaultDueAt(createdAt: Date, priority: TicketRow['priority']): Date {
  return new Date(createdAt.getTime() + DEFAULT_RESOLUTION_HOURS[priority] * 3_600_000);
}

/** One spelling per tag: full-width folded (NFKC), trimmed, inner spaces collapsed; case is kept. */
export function normaliseTag(raw: string): string {
  return raw.normalize('NFKC').trim().replace(/\s+/g, ' ');
}

export function normaliseTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of tags) {
    const tag = normaliseTag(raw);
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}
