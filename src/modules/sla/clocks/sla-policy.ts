import { type FieldError, validationFailed } from '../../../platform/errors/app-error.ts';
import { isUuid } from '../../../platform/ids/ids.ts';

// An SLA policy: which tickets it covers (conditions), which calendar its minutes are counted in, the target for
// each metric, when to warn, and which statuses stop its clocks. Policies are ordered by `position`; a ticket gets
// the first active policy whose conditions all match it.

export const SLA_METRICS = ['firstResponse', 'nextUpdate', 'onSite', 'resolution'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

// Each list narrows the policy to tickets whose value is in it; an absent or empty list matches any ticket.
export type SlaConditions = {
  priorities?: Priority[];
  ticketTypes?: string[];
  channels?: string[];
  organisationIds?: string[];
  customerTiers?: string[];
};

// Target minutes per metric; a metric without a target has no clock.
export type SlaTargets = Partial<Record<SlaMetric, number>>;

export type SlaPolicyInput = {
  name: string;
  position?: number;
  active?: boolean;
  conditions?: SlaConditions;
  calendarId?: string | null;
  targets: SlaTargets;
  warnAtPercent?: number[];
  pauseStatuses?: string[];
};

// A checked policy with its defaults filled in. `position` stays absent when not given, so that the caller can
// append the policy after the existing ones; `calendarId: null` counts minutes round the clock (24×7).
export type SlaPolicy = {
  name: string;
  position?: number;
  active: boolean;
  conditions: SlaConditions;
  calendarId: string | null;
  targets: SlaTargets;
  warnAtPercent: number[];
  pauseStatuses: string[];
};

// What a policy's conditions are matched against.
export type SlaTicketFacts = {
  priority: Priority;
  typeKey: string;
  channel: string;
  organisationId: string | null;
  customerTier: string | null;
};

export const DEFAULT_WARN_AT_PERCENT: readonly number[] = [75];
export const DEFAULT_PAUSE_STATUSES: readonly string[] = ['pending', 'pending_customer', 'pending_parts'];

// A year of minutes: the longest target a policy may set.
const MAX_TARGET_MINUTES = 525_600;
const MAX_NAME_LENGTH = 200;
const MAX_LIST_ENTRIES = 100;
const MAX_ENTRY_LENGTH = 200;
const MAX_POSITION = 1_000_000;

const POLICY_FIELDS = new Set([
  'name',
  'position',
  'active',
  'conditions',
  'calendarId',
  'targets',
  'warnAtPercent',
  'pauseStatuses',
]);
const CONDITION_FIELDS = ['priorities', 'ticketTypes', 'channels', 'organisationIds', 'customerTiers'] as const;

// Validates an untrusted, already JSON-parsed policy body. Every problem is collected, each with the JSON pointer
// of the offending value, and thrown together as VALIDATION_FAILED.
export function checkSlaPolicy(input: unknown): SlaPolicy {
  const errors: FieldError[] = [];
  if (!isRecord(input)) {
    throw validationFailed('The SLA policy must be a JSON object.', [
      { path: '', message: 'The SLA policy must be a JSON object.' },
    ]);
  }
  for (const key of Object.keys(input)) {
    if (!POLICY_FIELDS.has(key)) errors.push({ path: `/${key}`, message: `"${key}" is not an SLA policy field.` });
  }

  const name = checkName(input.name, errors);
  const position = checkPosition(input.position, errors);
  if (input.active !== undefined && typeof input.active !== 'boolean') {
    errors.push({ path: '/active', message: 'active must be true or false.' });
  }
  const conditions = checkConditions(input.conditions, errors);
  const calendarId = checkCalendarId(input.calendarId, errors);
  const targets = checkTargets(input.targets, errors);
  const warnAtPercent = checkWarnAtPercent(input.warnAtPercent, errors);
  const pauseStatuses =
    input.pauseStatuses === undefined
      ? [...DEFAULT_PAUSE_STATUSES]
      : checkStringList(input.pauseStatuses, '/pauseStatuses', 'pauseStatuses', errors);

  if (errors.length > 0) {
    throw validationFailed(`The SLA policy is not valid: ${errors[0]?.message ?? 'unknown problem'}`, errors);
  }
  const policy: SlaPolicy = {
    name,
    active: input.active !== false,
    conditions,
    calendarId,
    targets,
    warnAtPercent,
    pauseStatuses,
  };
  if (position !== undefined) policy.position = position;
  return policy;
}

// The active policy with the lowest position whose every present condition matches the ticket. Equal positions
// are broken by id so the answer never depends on the order rows came back from the database.
export function choosePolicy<P extends { id: string; position: number; active: boolean; conditions: SlaConditions }>(
  policies: readonly P[],
  facts: SlaTicketFacts,
): P | null {
  let chosen: P | null = null;
  for (const policy of policies) {
    if (!policy.active || !matchesConditions(policy.conditions, facts)) continue;
    if (chosen === null || isBefore(policy, chosen)) chosen = policy;
  }
  return chosen;
}

export function matchesConditions(conditions: SlaConditions, facts: SlaTicketFacts): boolean {
  return (
    allows(conditions.priorities, facts.priority) &&
    allows(conditions.ticketTypes, facts.typeKey) &&
    allows(conditions.channels, facts.channel) &&
    allows(conditions.organisationIds, facts.organisationId) &&
    allows(conditions.customerTiers, facts.customerTier)
  );
}

// A list that is absent or empty places no condition; a ticket without the value (no organisation, no tier) does
// not match a list that asks for one.
function allows(list: readonly string[] | undefined, value: string | null): boolean {
  if (list === undefined || list.length === 0) return true;
  return value !== null && list.includes(value);
}

function isBefore(a: { id: string; position: number }, b: { id: string; position: number }): boolean {
  return a.position !== b.position ? a.position < b.position : a.id < b.id;
}

function checkName(value: unknown, errors: FieldError[]): string {
  const name = typeof value === 'string' ? value.trim() : '';
  const length = [...name].length;
  if (length < 1 || length > MAX_NAME_LENGTH) {
    errors.push({ path: '/name', message: `name must be 1 to ${MAX_NAME_LENGTH} characters of text.` });
  }
  return name;
}

function checkPosition(value: unknown, errors: FieldError[]): number | undefined {
  if (value === undefined) return undefined;
  if (!isWholeNumberIn(value, 0, MAX_POSITION)) {
    errors.push({ path: '/position', message: `position must be a whole number from 0 to ${MAX_POSITION}.` });
    return undefined;
  }
  return value;
}

function checkCalendarId(value: unknown, errors: FieldError[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !isUuid(value)) {
    errors.push({ path: '/calendarId', message: 'calendarId must be a calendar id (a UUID), or null for 24×7.' });
    return null;
  }
  return value.toLowerCase();
}

function checkConditions(value: unknown, errors: FieldError[]): SlaConditions {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    errors.push({ path: '/conditions', message: 'conditions must be an object of lists.' });
    return {};
  }
  const allowed = new Set<string>(CONDITION_FIELDS);
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) {
      errors.push({
        path: `/conditions/${key}`,
        message: `"${key}" is not a condition; use ${CONDITION_FIELDS.join(', ')}.`,
      });
    }
  }
  const conditions: SlaConditions = {};
  for (const field of CONDITION_FIELDS) {
    if (value[field] === undefined) continue;
    const path = `/conditions/${field}`;
    const list = checkStringList(value[field], path, `conditions.${field}`, errors);
    list.forEach((entry, index) => {
      if (field === 'priorities' && !isPriority(entry)) {
        errors.push({ path: `${path}/${index}`, message: `"${entry}" is not a priority; use P1, P2, P3 or P4.` });
      }
      if (field === 'organisationIds' && !isUuid(entry)) {
        errors.push({ path: `${path}/${index}`, message: `"${entry}" is not an organisation id (a UUID).` });
      }
    });
    // An empty list means "any", the same as leaving it out, so the checked policy leaves it out.
    if (list.length === 0) continue;
    if (field === 'priorities') conditions.priorities = list.filter(isPriority);
    else if (field === 'organisationIds') conditions.organisationIds = list.map((id) => id.toLowerCase());
    else conditions[field] = list;
  }
  return conditions;
}

function checkTargets(value: unknown, errors: FieldError[]): SlaTargets {
  if (!isRecord(value)) {
    errors.push({ path: '/targets', message: 'targets must be an object of minutes per metric.' });
    return {};
  }
  const targets: SlaTargets = {};
  for (const [key, minutes] of Object.entries(value)) {
    if (!isSlaMetric(key)) {
      errors.push({
        path: `/targets/${key}`,
        message: `"${key}" is not an SLA metric; use ${SLA_METRICS.join(', ')}.`,
      });
    } else if (!isWholeNumberIn(minutes, 1, MAX_TARGET_MINUTES)) {
      errors.push({
        path: `/targets/${key}`,
        message: `targets.${key} must be a whole number of minutes from 1 to ${MAX_TARGET_MINUTES} (a year).`,
      });
    } else {
      targets[key] = minutes;
    }
  }
  if (!SLA_METRICS.some((metric) => value[metric] !== undefined)) {
    errors.push({ path: '/targets', message: `targets must set at least one of ${SLA_METRICS.join(', ')}.` });
  }
  return targets;
}

function checkWarnAtPercent(value: unknown, errors: FieldError[]): number[] {
  if (value === undefined) return [...DEFAULT_WARN_AT_PERCENT];
  if (!Array.isArray(value)) {
    errors.push({ path: '/warnAtPercent', message: 'warnAtPercent must be a list of percentages such as [50, 75].' });
    return [];
  }
  const percents: number[] = [];
  value.forEach((percent: unknown, index) => {
    const path = `/warnAtPercent/${index}`;
    if (!isWholeNumberIn(percent, 1, 99)) {
      errors.push({ path, message: 'Each warning percentage must be a whole number from 1 to 99.' });
      return;
    }
    const previous = percents.at(-1);
    if (previous !== undefined && percent <= previous) {
      errors.push({ path, message: 'warnAtPercent must be in ascending order with no repeats.' });
    }
    percents.push(percent);
  });
  return percents;
}

// A list of at most 100 distinct non-empty strings of at most 200 characters.
function checkStringList(value: unknown, path: string, name: string, errors: FieldError[]): string[] {
  if (!Array.isArray(value)) {
    errors.push({ path, message: `${name} must be a list of text values.` });
    return [];
  }
  if (value.length > MAX_LIST_ENTRIES) {
    errors.push({ path, message: `${name} may hold at most ${MAX_LIST_ENTRIES} entries.` });
  }
  const seen = new Set<string>();
  const list: string[] = [];
  value.forEach((entry: unknown, index) => {
    if (typeof entry !== 'string' || entry.trim().length === 0 || entry.length > MAX_ENTRY_LENGTH) {
      errors.push({
        path: `${path}/${index}`,
        message: `Each entry of ${name} must be non-empty text of at most ${MAX_ENTRY_LENGTH} characters.`,
      });
    } else if (seen.has(entry)) {
      errors.push({ path: `${path}/${index}`, message: `"${entry}" is listed twice in ${name}.` });
    } else {
      seen.add(entry);
      list.push(entry);
    }
  });
  return list;
}

function isWholeNumberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

export function isSlaMetric(value: string): value is SlaMetric {
  return (SLA_METRICS as readonly string[]).includes(value);
}

function isPriority(value: string): value is Priority {
  return (PRIORITIES as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
