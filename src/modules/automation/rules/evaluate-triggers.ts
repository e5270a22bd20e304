import { matches } from './match-conditions.ts';
import { applyChanges, planActions } from './plan-actions.ts';
import type { RuleEvent, TicketFacts, Trigger, TriggerContext, TriggerFiring } from './rules.types.ts';

/** The most trigger firings one chain of events may hold, counted from the first person's or system's change. */
export const MAX_TRIGGER_CHAIN = 10;

/**
 * Loop cutting. Every event carries `causedBy`, the triggers whose actions led to it, oldest first; the event
 * a pass of triggers produces carries the pass's event's list plus the triggers that fired in it.
 * - A trigger whose id is already in `causedBy` does not fire: its own actions led to this event, so firing
 *   again could only repeat itself (a trigger that tags a ticket on every update fires once, then stops).
 * - No trigger fires once the chain holds MAX_TRIGGER_CHAIN firings: this bounds chains of distinct triggers
 *   (A → B → C …) and anything the first rule cannot see.
 * Each trigger thus fires at most once per chain, and a chain ends after at most MAX_TRIGGER_CHAIN firings.
 */
export function shouldFire(triggerId: string, event: RuleEvent): boolean {
  return event.causedBy.length < MAX_TRIGGER_CHAIN && !event.causedBy.includes(triggerId);
}

/**
 * The triggers that fire on an event, in position order, each with its plan. A later trigger sees the ticket
 * as the earlier ones in this pass changed it, and the chain cap counts the firings of this pass too.
 */
export function evaluateTriggers(
  triggers: readonly Trigger[],
  facts: TicketFacts,
  event: RuleEvent,
  context: TriggerContext,
): TriggerFiring[] {
  const ordered = [...triggers].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const firings: TriggerFiring[] = [];
  let current = facts;
  for (const trigger of ordered) {
    if (!trigger.active || !trigger.events.includes(event.type)) continue;
    if (!shouldFire(trigger.id, { ...event, causedBy: causedByAfter(event, firings) })) continue;
    if (!matches(trigger.conditions, current, event, context)) continue;
    const plan = planActions(trigger.actions, current);
    firings.push({ triggerId: trigger.id, plan });
    current = applyChanges(current, plan.changes, context.statusCategoryOf);
  }
  return firings;
}

/** The `causedBy` of the event that writing these firings' changes produces. */
export function causedByAfter(event: RuleEvent, firings: readonly TriggerFiring[]): string[] {
  return [...event.causedBy, ...firings.map((f) => f.triggerId)];
}
