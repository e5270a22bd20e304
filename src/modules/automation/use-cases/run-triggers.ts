import type { Context } from '../../../platform/db/context.ts';
import type { OutboxEvent, OutboxSubscriber } from '../../../platform/events/outbox.ts';
import { isOpen, ticketCalendar } from '../../sla/index.ts';
import { ticketsRepo } from '../../tickets/index.ts';
import { type RuleRow, rulesRepo } from '../automation.repo.ts';
import {
  type Action,
  type Conditions,
  causedByAfter,
  evaluateTriggers,
  mergeChanges,
  type PlannedChanges,
  type RuleEvent,
  type RuleEventType,
  type Trigger,
} from '../rules/index.ts';
import { applyEffects, recordRuleFailure, writeChanges } from './apply-plan.ts';
import { loadTicketFacts } from './ticket-facts.ts';

/** Which rule event an outbox topic is; field changes also count as `ticket.updated`. */
const EVENT_OF: Record<string, RuleEventType> = {
  'ticket.created': 'ticket.created',
  'ticket.status_changed': 'ticket.status_changed',
  'ticket.priority_changed': 'ticket.updated',
  'ticket.assigned': 'ticket.updated',
  'ticket.tags_changed': 'ticket.updated',
  'ticket.updated': 'ticket.updated',
  'comment.public_added': 'ticket.commented',
  'comment.internal_added': 'ticket.commented',
  'sla.warning': 'sla.warning',
  'sla.breached': 'sla.breach',
  'survey.answered': 'survey.answered',
};

const CHANGED_FIELDS: Record<string, string[]> = {
  'ticket.status_changed': ['status', 'statusCategory'],
  'ticket.priority_changed': ['priority'],
  'ticket.assigned': ['assigneeId', 'teamId'],
  'ticket.tags_changed': ['tags'],
};

export function triggerOf(row: RuleRow): Trigger {
  return {
    id: row.id,
    position: row.position,
    active: row.active,
    events: row.events as RuleEventType[],
    conditions: row.conditions as Conditions,
    actions: row.actions as unknown as Action[],
  };
}

/** The condition fields a `ticket.updated` event names: `customField.<key>` for each custom field that changed. */
function updatedFields(payload: Record<string, unknown>): string[] {
  const changes = (payload.changes ?? {}) as Record<string, { from?: unknown; to?: unknown }>;
  const fields: string[] = [];
  for (const [field, change] of Object.entries(changes)) {
    if (field !== 'customFields') {
      fields.push(field);
      continue;
    }
    const from = (change?.from ?? {}) as Record<string, unknown>;
    const to = (change?.to ?? {}) as Record<string, unknown>;
    for (const key of new Set([...Object.keys(from), ...Object.keys(to)]))
      if (JSON.stringify(from[key]) !== JSON.stringify(to[key])) fields.push(`customField.${key}`);
  }
  return fields;
}

async function ruleEventOf(ctx: Context, event: OutboxEvent, ticketId: string): Promise<RuleEvent | null> {
  const type = EVENT_OF[event.topic];
  if (!type) return null;
  const payload = event.payload;
  const causedBy = Array.isArray(payload.causedBy) ? payload.causedBy.filter((id) => typeof id === 'string') : [];
  const ruleEvent: RuleEvent = { type, at: new Date(event.createdAt), causedBy };
  const changed =
    CHANGED_FIELDS[event.topic] ?? (event.topic === 'ticket.updated' ? updatedFields(payload) : undefined);
  if (changed) ruleEvent.changedFields = changed;
  if (typeof payload.metric === 'string') ruleEvent.slaMetric = payload.metric;
  if (type === 'ticket.commented' && typeof payload.commentId === 'string') {
    const [comment] = (await ticketsRepo.comments(ctx.db, event.tenantId, [ticketId])).filter(
      (c) => c.id === payload.commentId,
    );
    if (comment) {
      ruleEvent.commentBody = comment.body;
      ruleEvent.commentPublic = comment.public;
    }
  }
  return ruleEvent;
}

/**
 * The events one change wrote (a PATCH of status and priority writes two) as one rule event, so that a
 * trigger reacts to the change once: the strongest type wins and the changed fields are merged.
 */
function groupByChange(events: OutboxEvent[]): OutboxEvent[][] {
  const groups: OutboxEvent[][] = [];
  for (const event of events) {
    const last = groups.at(-1)?.[0];
    const sameChange =
      last !== undefined &&
      typeof event.payload.change === 'string' &&
      last.payload.change === event.payload.change &&
      last.tenantId === event.tenantId;
    if (sameChange) groups.at(-1)?.push(event);
    else groups.push([event]);
  }
  return groups;
}

const STRENGTH: RuleEventType[] = ['ticket.created', 'ticket.commented', 'ticket.status_changed', 'ticket.updated'];

async function mergedRuleEvent(ctx: Context, group: OutboxEvent[], ticketId: string): Promise<RuleEvent | null> {
  const events = (await Promise.all(group.map((event) => ruleEventOf(ctx, event, ticketId)))).filter(
    (event): event is RuleEvent => event !== null,
  );
  if (events.length <= 1) return events[0] ?? null;
  const strongest = [...events].sort((a, b) => STRENGTH.indexOf(a.type) - STRENGTH.indexOf(b.type))[0] as RuleEvent;
  const changed = [...new Set(events.flatMap((event) => event.changedFields ?? []))];
  return { ...strongest, ...(changed.length ? { changedFields: changed } : {}) };
}

/** A trigger on "updated" also hears status changes. */
function listening(triggers: Trigger[], type: RuleEventType): Trigger[] {
  if (type !== 'ticket.status_changed') return triggers;
  return triggers.map((trigger) =>
    trigger.events.includes('ticket.updated') ? { ...trigger, events: [...trigger.events, type] } : trigger,
  );
}

/** One change through the tenant's triggers: their changes as one update, then each trigger's effects. */
async function runTriggersOn(ctx: Context, group: OutboxEvent[], publicUrl: string, triggers: Trigger[]) {
  const event = group[0] as OutboxEvent;
  const ticketId = event.payload.ticketId;
  if (typeof ticketId !== 'string') return;
  const ruleEvent = await mergedRuleEvent(ctx, group, ticketId);
  if (!ruleEvent) return;
  const loaded = await loadTicketFacts(ctx, event.tenantId, ticketId);
  if (!loaded || loaded.ticket.merged_into_id) return;
  // "During business hours" is asked of the ticket's calendar, loaded only when a rule asks.
  const calendar = triggers.some((trigger) => JSON.stringify(trigger.conditions).includes('"businessHours"'))
    ? await ticketCalendar(ctx, event.tenantId, ticketId)
    : null;
  const firings = evaluateTriggers(listening(triggers, ruleEvent.type), loaded.facts, ruleEvent, {
    now: ctx.clock.now(),
    statusCategoryOf: loaded.statusCategoryOf,
    ...(calendar ? { isOpen: (at: Date) => isOpen(calendar, at) } : {}),
  });
  if (!firings.length) return;
  const actor = { type: 'system' as const, causedBy: causedByAfter(ruleEvent, firings) };
  const changes: PlannedChanges = mergeChanges(
    loaded.facts,
    firings.map((firing) => firing.plan.changes),
  );
  try {
    await writeChanges(ctx, loaded, changes, actor);
  } catch {
    // One rule's change the ticket refuses (e.g. a status its workflow does not allow now) must not cost the
    // others theirs: write them one by one, and note each that fails on the timeline.
    for (const firing of firings) {
      const current = await loadTicketFacts(ctx, event.tenantId, ticketId);
      if (!current) return;
      try {
        await writeChanges(ctx, current, firing.plan.changes, actor);
      } catch (error) {
        await recordRuleFailure(ctx, current, firing.triggerId, error);
      }
    }
  }
  const after = (await loadTicketFacts(ctx, event.tenantId, ticketId)) ?? loaded;
  for (const firing of firings) {
    try {
      await applyEffects(ctx, after, firing.plan.effects, {
        actor,
        publicUrl,
        causeKey: `${event.tenantId}:${event.id}:${firing.triggerId}`,
        sla: { metric: event.payload.metric, dueAt: event.payload.dueAt },
      });
    } catch (error) {
      await recordRuleFailure(ctx, after, firing.triggerId, error);
    }
  }
}

/** Outbox subscriber: every ticket event through its tenant's active triggers. */
export function triggerSubscriber(options: { publicUrl: string }): OutboxSubscriber {
  return {
    name: 'triggers',
    handle: async (tx, events) => {
      const byTenant = new Map<string, Trigger[]>();
      for (const group of groupByChange(events.filter((event) => EVENT_OF[event.topic]))) {
        const event = group[0] as OutboxEvent;
        let triggers = byTenant.get(event.tenantId);
        if (!triggers) {
          triggers = (await rulesRepo.list(tx.db, event.tenantId, 'trigger')).filter((r) => r.active).map(triggerOf);
          byTenant.set(event.tenantId, triggers);
        }
        if (triggers.length) await runTriggersOn(tx, group, options.publicUrl, triggers);
      }
    },
  };
}
