import { sql } from 'kysely';
import type { Context } from '../../../platform/db/context.ts';
import type { StatusCategory } from '../workflow/workflow.ts';
import { stateOf, type Workflow } from '../workflow/workflow.ts';
import { type Actor, loadType, recordEvents } from './ticket-context.ts';

/** What SLA clocks are computed from: the ticket's status steps and public messages, oldest first. */
export type TicketHistoryEntry =
  | { at: Date; kind: 'created' | 'status'; status: string; category: StatusCategory }
  | { at: Date; kind: 'agentReply' | 'customerMessage' };

type EventRow = { type: string; actor_type: string; data: Record<string, unknown>; created_at: Date };

export async function ticketHistory(
  ctx: Context,
  ticket: { tenant_id: string; id: string; type_id: string },
  workflow?: Workflow,
): Promise<TicketHistoryEntry[]> {
  const rows = await sql<EventRow>`select type, actor_type, data, created_at from ticket_events
    where tenant_id = ${ticket.tenant_id} and ticket_id = ${ticket.id}
      and type in ('ticket.created', 'ticket.status_changed', 'comment.public_added')
    order by id`.execute(ctx.db);
  const flow = workflow ?? (await loadType(ctx, ticket.tenant_id, ticket.type_id)).workflow;
  const history: TicketHistoryEntry[] = [];
  for (const row of rows.rows) {
    const at = new Date(row.created_at);
    if (row.type === 'ticket.created') {
      const status = String(row.data.status ?? flow.initial);
      history.push({ at, kind: 'created', status, category: stateOf(flow, status).category });
    } else if (row.type === 'ticket.status_changed') {
      history.push({ at, kind: 'status', status: String(row.data.to), category: row.data.category as StatusCategory });
    } else if (row.actor_type === 'customer') {
      history.push({ at, kind: 'customerMessage' });
    } else if (row.actor_type === 'user') {
      // Only a person's reply answers the customer: an automatic reply (a trigger's acknowledgement) does not
      // meet a first-response or next-update target.
      history.push({ at, kind: 'agentReply' });
    }
  }
  return history;
}

/**
 * Timeline entries written by other modules (SLA warnings and breaches, automation notes): they join the
 * ticket's timeline and the outbox like any change, in the caller's transaction.
 */
export async function recordTicketEvents(
  ctx: Context,
  ticket: { tenant_id: string; id: string },
  events: { type: string; data: Record<string, unknown> }[],
  actor: Actor = { type: 'system' },
): Promise<void> {
  await recordEvents(ctx, ticket, actor, events);
}

/**
 * The ticket's due time as its SLA clocks say (the earliest running one; null while all are paused or met).
 * A derived field: it does not change the ticket's version, so an agent's edit in progress is not refused.
 */
export async function setTicketDue(
  ctx: Context,
  ticket: { tenant_id: string; id: string },
  dueAt: Date | null,
): Promise<void> {
  await sql`update tickets set due_at = ${dueAt} where tenant_id = ${ticket.tenant_id} and id = ${ticket.id}
    and due_at is distinct from ${dueAt}`.execute(ctx.db);
}
