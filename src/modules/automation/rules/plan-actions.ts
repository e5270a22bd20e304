import { isFieldValue, normaliseTags, ownValue, sameValue } from './rule-values.ts';
import type {
  Action,
  ActionPlan,
  CustomFieldValue,
  EffectAction,
  PlannedChanges,
  StatusCategory,
  TicketFacts,
} from './rules.types.ts';

/**
 * Merges actions, in order, into one change set against the ticket and lists their side effects in order.
 * A later action on the same field wins; addTags and removeTags compose; a change that would leave a field
 * as it already is on the ticket is dropped. Templates are not rendered here: the effects carry them.
 */
export function planActions(actions: readonly Action[], facts: TicketFacts): ActionPlan {
  let priority = facts.priority;
  let status = facts.status;
  let assigneeId = facts.assigneeId;
  let teamId = facts.teamId;
  let tags = normaliseTags(facts.tags);
  let escalateTier = false;
  const customFields = new Map<string, CustomFieldValue>();
  const effects: EffectAction[] = [];
  for (const action of actions) {
    switch (action.type) {
      case 'setPriority':
        priority = action.value;
        break;
      case 'setStatus':
        status = action.value;
        break;
      case 'assign':
        if (action.assigneeId !== undefined) assigneeId = action.assigneeId;
        if (action.teamId !== undefined) teamId = action.teamId;
        break;
      case 'addTags':
        tags = normaliseTags([...tags, ...action.tags]);
        break;
      case 'removeTags': {
        const removed = new Set(normaliseTags(action.tags));
        tags = tags.filter((tag) => !removed.has(tag));
        break;
      }
      case 'setCustomField':
        customFields.set(action.key, action.value);
        break;
      case 'escalateTier':
        escalateTier = true;
        break;
      default:
        effects.push(action);
    }
  }
  const changes: PlannedChanges = {};
  if (priority !== facts.priority) changes.priority = priority;
  if (status !== facts.status) changes.status = status;
  if (assigneeId !== facts.assigneeId) changes.assigneeId = assigneeId;
  if (teamId !== facts.teamId) changes.teamId = teamId;
  if (!sameTagSet(tags, facts.tags)) changes.tags = tags;
  const fieldChanges: Record<string, CustomFieldValue> = {};
  for (const [key, value] of customFields)
    if (!sameValue(value, ownValue(facts.customFields, key))) fieldChanges[key] = value;
  if (Object.keys(fieldChanges).length > 0) changes.customFields = fieldChanges;
  if (escalateTier) changes.escalateTier = true;
  return { changes, effects };
}

// Tags are a set on the ticket: removing and re-adding one is no change, even though it moves to the end.
function sameTagSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(normaliseTags(a));
  const right = new Set(normaliseTags(b));
  return left.size === right.size && [...left].every((tag) => right.has(tag));
}

/** True when the plan neither changes the ticket nor does anything else. */
export function isEmptyPlan(plan: ActionPlan): boolean {
  return Object.keys(plan.changes).length === 0 && plan.effects.length === 0;
}

/**
 * The facts as they will be once the changes are written, for the triggers later in the same pass.
 * Without `statusCategoryOf` a status change keeps the old category (the workflow is not known here).
 */
export function applyChanges(
  facts: TicketFacts,
  changes: PlannedChanges,
  statusCategoryOf?: (status: string) => StatusCategory | undefined,
): TicketFacts {
  const next: TicketFacts = { ...facts };
  if (changes.priority !== undefined) next.priority = changes.priority;
  if (changes.status !== undefined) {
    next.status = changes.status;
    next.statusCategory = statusCategoryOf?.(changes.status) ?? facts.statusCategory;
  }
  if (changes.assigneeId !== undefined) next.assigneeId = changes.assigneeId;
  if (changes.teamId !== undefined) next.teamId = changes.teamId;
  if (changes.tags !== undefined) next.tags = [...changes.tags];
  if (changes.customFields !== undefined) next.customFields = { ...facts.customFields, ...changes.customFields };
  return next;
}

/**
 * The net change of several plans applied in order (a pass of triggers) against the ticket as it was: custom
 * fields merge key by key, a field that ends where it started is left out, and one escalation stays.
 */
export function mergeChanges(facts: TicketFacts, changesList: readonly PlannedChanges[]): PlannedChanges {
  let after = facts;
  const fieldKeys = new Set<string>();
  for (const changes of changesList) {
    after = applyChanges(after, changes);
    for (const key of Object.keys(changes.customFields ?? {})) fieldKeys.add(key);
  }
  const merged: PlannedChanges = {};
  if (after.priority !== facts.priority) merged.priority = after.priority;
  if (after.status !== facts.status) merged.status = after.status;
  if (after.assigneeId !== facts.assigneeId) merged.assigneeId = after.assigneeId;
  if (after.teamId !== facts.teamId) merged.teamId = after.teamId;
  if (!sameTagSet(after.tags, facts.tags)) merged.tags = after.tags;
  const fieldChanges: Record<string, CustomFieldValue> = {};
  for (const key of fieldKeys) {
    const value = ownValue(after.customFields, key);
    if (!sameValue(value, ownValue(facts.customFields, key))) fieldChanges[key] = isFieldValue(value) ? value : null;
  }
  if (Object.keys(fieldChanges).length > 0) merged.customFields = fieldChanges;
  if (changesList.some((changes) => changes.escalateTier)) merged.escalateTier = true;
  return merged;
}
