import { customFieldKey } from './condition-fields.ts';
import { foldText, isEmptyValue, normaliseTag, ownValue } from './rule-values.ts';
import type { Condition, Conditions, MatchContext, RuleEvent, TicketFacts } from './rules.types.ts';

// Matching trusts that the conditions were checked when the rule was saved, but never throws on odd facts:
// a value of an unexpected type simply does not match (and its negation does).

const HOUR_MS = 3_600_000;

/**
 * Whether the ticket (and the event, for triggers; null for time-based automations) meets the conditions:
 * every `all` condition and, when `any` is given, at least one of `any`.
 */
export function matches(
  conditions: Conditions,
  facts: TicketFacts,
  event: RuleEvent | null,
  context: MatchContext,
): boolean {
  const holds = (condition: Condition) => conditionHolds(condition, facts, event, context);
  const all = conditions.all ?? [];
  const any = conditions.any ?? [];
  return all.every(holds) && (any.length === 0 || any.some(holds));
}

function conditionHolds(
  condition: Condition,
  facts: TicketFacts,
  event: RuleEvent | null,
  context: MatchContext,
): boolean {
  const { field, operator, value } = condition;
  if (operator === 'changed') return event?.changedFields?.includes(field) === true;
  if (field === 'businessHours') return businessHoursHold(operator, value, event, context);
  const actual = fieldValue(field, facts, event, context.now);
  switch (operator) {
    case 'is':
      return same(actual, value);
    case 'isNot':
      return !same(actual, value);
    case 'in':
      return isIn(actual, value);
    case 'notIn':
      return !isIn(actual, value);
    case 'contains':
      return contains(actual, value);
    case 'notContains':
      return !contains(actual, value);
    case 'includes':
      return includes(actual, value);
    case 'excludes':
      return !includes(actual, value);
    case 'isSet':
      return !isEmptyValue(actual);
    case 'notSet':
      return isEmptyValue(actual);
    case 'gt':
      return compare(actual, value, (d) => d > 0);
    case 'gte':
      return compare(actual, value, (d) => d >= 0);
    case 'lt':
      return compare(actual, value, (d) => d < 0);
    case 'lte':
      return compare(actual, value, (d) => d <= 0);
    default:
      return false;
  }
}

function fieldValue(field: string, facts: TicketFacts, event: RuleEvent | null, now: Date): unknown {
  const key = customFieldKey(field);
  if (key !== null) return isObject(facts.customFields) ? ownValue(facts.customFields, key) : undefined;
  switch (field) {
    case 'priority':
    case 'status':
    case 'statusCategory':
    case 'channel':
    case 'subject':
    case 'description':
    case 'tags':
    case 'customerId':
    case 'organisationId':
    case 'assigneeId':
    case 'teamId':
      return facts[field];
    case 'type':
      return facts.typeKey;
    case 'comment':
      return event?.commentBody;
    case 'event':
      return event?.type;
    case 'hoursSinceCreated':
      return hoursSince(facts.createdAt, now);
    case 'hoursSinceUpdated':
      return hoursSince(facts.updatedAt, now);
    case 'hoursSinceResolved':
      return hoursSince(facts.resolvedAt, now);
    case 'hoursPending':
      return hoursSince(facts.pendingSince, now);
    default:
      return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function hoursSince(from: Date | null, now: Date): number | null {
  if (!(from instanceof Date) || !(now instanceof Date)) return null;
  const hours = (now.getTime() - from.getTime()) / HOUR_MS;
  return Number.isFinite(hours) ? hours : null;
}

// Without a calendar in the context, "open" and "closed" are both unknown, so neither holds.
function businessHoursHold(
  operator: Condition['operator'],
  value: unknown,
  event: RuleEvent | null,
  context: MatchContext,
): boolean {
  if (!context.isOpen) return false;
  const at = event?.at ?? context.now;
  const state = context.isOpen(at) ? 'open' : 'closed';
  if (operator === 'is') return state === value;
  if (operator === 'isNot') return state !== value;
  return false;
}

function same(actual: unknown, wanted: unknown): boolean {
  if (typeof actual === 'string' || typeof actual === 'number' || typeof actual === 'boolean')
    return Object.is(actual, wanted);
  return false;
}

function isIn(actual: unknown, wanted: unknown): boolean {
  return Array.isArray(wanted) && wanted.some((w) => same(actual, w));
}

function contains(actual: unknown, wanted: unknown): boolean {
  return typeof actual === 'string' && typeof wanted === 'string' && foldText(actual).includes(foldText(wanted));
}

// Tags (and multi-select values) match when the ticket has at least one of the wanted values.
function includes(actual: unknown, wanted: unknown): boolean {
  if (!Array.isArray(actual)) return false;
  const have = new Set(actual.filter((x) => typeof x === 'string').map(normaliseTag));
  const want = typeof wanted === 'string' ? [wanted] : Array.isArray(wanted) ? wanted : [];
  return want.some((w) => typeof w === 'string' && have.has(normaliseTag(w)));
}

// Numbers compare as numbers, dates (YYYY-MM-DD) as text; anything else, such as an unset value, does not compare.
function compare(actual: unknown, wanted: unknown, test: (difference: number) => boolean): boolean {
  if (typeof actual === 'number' && typeof wanted === 'number') return test(actual - wanted);
  if (typeof actual === 'string' && typeof wanted === 'string')
    return test(actual < wanted ? -1 : actual > wanted ? 1 : 0);
  return false;
}
