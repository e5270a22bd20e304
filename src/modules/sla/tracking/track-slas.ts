import { type Context, inTransaction } from '../../../platform/db/context.ts';
import type { OutboxSubscriber } from '../../../platform/events/outbox.ts';
import { customersRepo } from '../../customers/index.ts';
import { loadType, recordTicketEvents, setTicketDue, ticketHistory, ticketsRepo } from '../../tickets/index.ts';
import { type Calendar, twentyFourSeven } from '../calendar/index.ts';
import { type ClockState, choosePolicy, computeClocks, type SlaPolicy } from '../clocks/index.ts';
import { type StoredSlaPolicy, slaPoliciesOf } from '../policies/sla-policies.ts';
import { calendarsRepo } from '../sla.repo.ts';
import { type TicketSlaRow, ticketSlaMarks, ticketSlasRepo } from './ticket-slas.repo.ts';

/**
 * Each ticket's SLA clocks, kept in `ticket_slas`. A clock is always recomputed from the ticket's whole
 * history (status steps and public messages) with the policy that matches the ticket now, so a change of
 * priority, type or customer, a pause and a reopen are all the same operation. Recomputing happens when the
 * outbox reports a change; between changes a scan announces the moments that arrive by themselves: a warning
 * threshold reached, a due time passed. Both announce under the clock's row lock and remember what they
 * announced, so every warning and breach reaches the timeline (and the triggers) exactly once, whatever the
 * number of processes.
 */

/** Changes after which a ticket's clocks may differ. */
const TOPICS = new Set([
  'ticket.created',
  'ticket.status_changed',
  'ticket.priority_changed',
  'ticket.updated',
  'ticket.type_changed',
  'comment.public_added',
  'ticket.merged',
]);

type Announcement = { type: 'sla.warning' | 'sla.breached'; data: Record<string, unknown> };

async function calendarOf(ctx: Context, tenantId: string, id: string | null): Promise<Calendar> {
  if (!id) return twentyFourSeven;
  // A policy's calendar that was deleted counts as 24×7 rather than stopping the clocks.
  return (await calendarsRepo.byId(ctx.db, tenantId, id))?.definition ?? twentyFourSeven;
}

function nextWarning(clock: Pick<ClockState, 'warnings'>, warned: number): { percent: number; at: Date } | null {
  for (const warning of clock.warnings)
    if (warning.percent > warned && warning.at) return { percent: warning.percent, at: warning.at };
  return null;
}

function rowOf(
  ticket: { tenant_id: string; id: string },
  policy: SlaPolicy & { id: string },
  clock: ClockState,
  previous: TicketSlaRow | undefined,
  now: Date,
): { row: TicketSlaRow; announce: Announcement[] } {
  const announce: Announcement[] = [];
  const base = { metric: clock.metric, policyId: policy.id, dueAt: clock.dueAt?.toISOString() ?? null };
  let warned = previous?.warned_percent ?? 0;
  let breachAnnounced = previous?.breach_announced_for ?? null;
  if (clock.breachedAt && clock.breachedAt <= now) {
    if (breachAnnounced?.getTime() !== clock.breachedAt.getTime()) {
      announce.push({
        type: 'sla.breached',
        data: { ...base, dueAt: clock.breachedAt.toISOString(), breachedCycles: clock.breachedCycles ?? 0 },
      });
      breachAnnounced = clock.breachedAt;
    }
  } else {
    // Not breached (any more, e.g. after a target was raised): a later breach will be announced again.
    breachAnnounced = null;
    if (clock.status === 'running') {
      const reached = clock.warnings.filter((w) => w.at && w.at <= now && w.percent > warned);
      const highest = reached.at(-1);
      if (highest) {
        announce.push({ type: 'sla.warning', data: { ...base, percent: highest.percent } });
        warned = highest.percent;
      }
    }
  }
  const next = clock.status === 'running' ? nextWarning(clock, warned) : null;
  return {
    announce,
    row: {
      tenant_id: ticket.tenant_id,
      ticket_id: ticket.id,
      metric: clock.metric,
      policy_id: policy.id,
      target_minutes: clock.targetMinutes,
      started_at: clock.startedAt,
      status: clock.status,
      due_at: clock.dueAt,
      met_at: clock.metAt,
      breached_at: clock.breachedAt,
      used_ms: Math.round(clock.usedMs),
      paused_ms: Math.round(clock.pausedMs),
      breached_cycles: clock.breachedCycles ?? 0,
      warnings: clock.warnings.map((w) => ({ percent: w.percent, at: w.at?.toISOString() ?? null })),
      next_warning_percent: next?.percent ?? null,
      next_warning_at: next?.at ?? null,
      warned_percent: warned,
      breach_announced_for: breachAnnounced,
      updated_at: now,
    },
  };
}

/** Recomputes one ticket's clocks in the caller's transaction; announces what became due meanwhile. */
export async function recomputeTicketSla(
  ctx: Context,
  tenantId: string,
  ticketId: string,
  tenantPolicies?: StoredSlaPolicy[],
): Promise<void> {
  const ticket = await ticketsRepo.byId(ctx.db, tenantId, ticketId);
  if (!ticket) return;
  const previous = await ticketSlasRepo.forTicketLocked(ctx.db, tenantId, ticketId);
  const policies = tenantPolicies ?? (await slaPoliciesOf(ctx, tenantId));
  if (!policies.length && !previous.length) return;
  const type = await loadType(ctx, tenantId, ticket.type_id);
  const customer = ticket.customer_id ? await customersRepo.byId(ctx.db, tenantId, ticket.customer_id) : undefined;
  const policy = ticket.merged_into_id
    ? null
    : choosePolicy(policies, {
        priority: ticket.priority,
        typeKey: type.key,
        channel: ticket.channel,
        organisationId: customer?.organisation_id ?? null,
        customerTier: customer?.tier ?? null,
      });
  if (!policy) {
    if (previous.length) await ticketSlasRepo.replace(ctx.db, tenantId, ticketId, []);
    return;
  }
  const now = ctx.clock.now();
  const clocks = computeClocks({
    targets: policy.targets,
    calendar: await calendarOf(ctx, tenantId, policy.calendarId ?? null),
    warnAtPercent: policy.warnAtPercent,
    // The policy's pause statuses (by default pending, pending_customer and pending_parts) plus any the
    // ticket's workflow marks as pausing.
    pauseStatuses: [
      ...new Set([...policy.pauseStatuses, ...type.workflow.states.filter((s) => s.pausesSla).map((s) => s.key)]),
    ],
    isField: type.kind === 'field',
    history: await ticketHistory(ctx, ticket, type.workflow),
    now,
  });
  const computed = clocks.map((clock) =>
    rowOf(
      ticket,
      policy,
      clock,
      previous.find((row) => row.metric === clock.metric),
      now,
    ),
  );
  await ticketSlasRepo.replace(
    ctx.db,
    tenantId,
    ticketId,
    computed.map((c) => c.row),
  );
  const announcements = computed.flatMap((c) => c.announce);
  if (announcements.length) await recordTicketEvents(ctx, ticket, announcements);
  const running = computed
    .filter((c) => c.row.status === 'running')
    .map((c) => c.row.due_at)
    .filter((due): due is Date => due !== null);
  const due = running.length ? new Date(Math.min(...running.map((d) => d.getTime()))) : null;
  await setTicketDue(ctx, ticket, due);
}

/**
 * Outbox subscriber: recompute every ticket a batch of events touched, once. A tenant without policies costs
 * one query per batch (plus one for tickets that still have clocks from a policy since removed).
 */
export const slaSubscriber: OutboxSubscriber = {
  name: 'sla',
  handle: async (tx, events) => {
    const byTenant = new Map<string, Set<string>>();
    for (const event of events) {
      const ticketId = event.payload.ticketId;
      if (!TOPICS.has(event.topic) || typeof ticketId !== 'string') continue;
      const ids = byTenant.get(event.tenantId) ?? new Set<string>();
      ids.add(ticketId);
      byTenant.set(event.tenantId, ids);
    }
    for (const [tenantId, ids] of byTenant) {
      const policies = await slaPoliciesOf(tx, tenantId);
      const tickets = policies.length ? [...ids] : await ticketSlasRepo.ticketsWithClocks(tx.db, tenantId, [...ids]);
      for (const ticketId of tickets) await recomputeTicketSla(tx, tenantId, ticketId, policies);
    }
  },
};

/**
 * The periodic scan: due times that passed and warning thresholds reached since the clocks were computed.
 * It reads only the running clocks whose moment has come, through partial indexes ordered by that moment,
 * so its cost follows the number of due items, not the number of open tickets.
 */
export async function announceDueSlas(ctx: Context, limit = 500): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const breaches = await ticketSlasRepo.dueForBreach(tx.db, now, limit);
    for (const row of breaches) {
      await ticketSlaMarks.breached(tx.db, row, now);
      await recordTicketEvents(tx, { tenant_id: row.tenant_id, id: row.ticket_id }, [
        {
          type: 'sla.breached',
          data: { metric: row.metric, policyId: row.policy_id, dueAt: row.due_at?.toISOString() ?? null },
        },
      ]);
    }
    const warnings = await ticketSlasRepo.dueForWarning(tx.db, now, limit);
    for (const row of warnings) {
      const reached = row.warnings.filter(
        (w) => w.at !== null && new Date(w.at) <= now && w.percent > row.warned_percent,
      );
      const highest = reached.at(-1)?.percent ?? row.next_warning_percent ?? row.warned_percent;
      const next = row.warnings.find((w) => w.percent > highest && w.at !== null);
      await ticketSlaMarks.warned(
        tx.db,
        row,
        highest,
        next?.at ? { percent: next.percent, at: new Date(next.at) } : null,
        now,
      );
      await recordTicketEvents(tx, { tenant_id: row.tenant_id, id: row.ticket_id }, [
        {
          type: 'sla.warning',
          data: {
            metric: row.metric,
            policyId: row.policy_id,
            percent: highest,
            dueAt: row.due_at?.toISOString() ?? null,
          },
        },
      ]);
    }
    return breaches.length + warnings.length;
  });
}

/**
 * The business calendar that holds for a ticket: its SLA policy's, else the tenant's first calendar (by
 * name), else 24×7. Rules use it for "during business hours" conditions.
 */
export async function ticketCalendar(ctx: Context, tenantId: string, ticketId: string): Promise<Calendar> {
  const [clock] = await ticketSlasRepo.forTicket(ctx.db, tenantId, ticketId);
  const policy = clock?.policy_id
    ? (await slaPoliciesOf(ctx, tenantId)).find((candidate) => candidate.id === clock.policy_id)
    : undefined;
  if (policy) return calendarOf(ctx, tenantId, policy.calendarId ?? null);
  const [first] = await calendarsRepo.list(ctx.db, tenantId);
  return first?.definition ?? twentyFourSeven;
}
