import {
  type CustomFieldKind,
  type KnownCustomField,
  type Operator,
  PRIORITIES,
  RULE_EVENT_TYPES,
  STATUS_CATEGORIES,
  TICKET_CHANNELS,
} from './rules.types.ts';

// What each condition field accepts: its operators, the shape of its value, and which rules may use it.
// Shared code asks the catalogue; it never branches on lists of field names.

export type ValueRule =
  | { kind: 'enum'; allowed: readonly string[] }
  | { kind: 'string'; maxLength: number }
  | { kind: 'tag'; maxLength: number }
  | { kind: 'number'; min?: number }
  | { kind: 'date' }
  | { kind: 'boolean' };

/** `event`: only where there is an event (triggers); `timeBased`: only in time-based automations. */
export type FieldScope = 'any' | 'event' | 'timeBased';
export type FieldSpec = { operators: readonly Operator[]; value: ValueRule; scope: FieldScope };

const EQUALITY = ['is', 'isNot', 'in', 'notIn'] as const;
const PRESENCE = ['isSet', 'notSet'] as const;
const TEXT = ['contains', 'notContains'] as const;
const TAGS = ['includes', 'excludes'] as const;
const ORDER = ['gt', 'gte', 'lt', 'lte'] as const;

/** Operators that compare with no value. */
export const VALUELESS_OPERATORS: readonly Operator[] = ['isSet', 'notSet', 'changed'];

const ID: ValueRule = { kind: 'string', maxLength: 200 };
const TEXT_VALUE: ValueRule = { kind: 'string', maxLength: 1000 };
const HOURS: ValueRule = { kind: 'number', min: 0 };

const spec = (operators: readonly Operator[], value: ValueRule, scope: FieldScope = 'any'): FieldSpec => ({
  operators,
  value,
  scope,
});

const TICKET_FIELDS: Readonly<Record<string, FieldSpec>> = {
  priority: spec([...EQUALITY, 'changed'], { kind: 'enum', allowed: PRIORITIES }),
  status: spec([...EQUALITY, 'changed'], { kind: 'string', maxLength: 100 }),
  statusCategory: spec([...EQUALITY, 'changed'], { kind: 'enum', allowed: STATUS_CATEGORIES }),
  type: spec([...EQUALITY, 'changed'], { kind: 'string', maxLength: 100 }),
  channel: spec(EQUALITY, { kind: 'enum', allowed: TICKET_CHANNELS }),
  subject: spec([...TEXT, 'changed'], TEXT_VALUE),
  description: spec([...TEXT, ...PRESENCE, 'changed'], TEXT_VALUE),
  comment: spec([...TEXT, ...PRESENCE], TEXT_VALUE, 'event'),
  tags: spec([...TAGS, ...PRESENCE, 'changed'], { kind: 'tag', maxLength: 50 }),
  customerId: spec([...EQUALITY, ...PRESENCE, 'changed'], ID),
  organisationId: spec([...EQUALITY, ...PRESENCE, 'changed'], ID),
  assigneeId: spec([...EQUALITY, ...PRESENCE, 'changed'], ID),
  teamId: spec([...EQUALITY, ...PRESENCE, 'changed'], ID),
  businessHours: spec(['is', 'isNot'], { kind: 'enum', allowed: ['open', 'closed'] }),
  event: spec(EQUALITY, { kind: 'enum', allowed: RULE_EVENT_TYPES }, 'event'),
  hoursSinceCreated: spec(ORDER, HOURS, 'timeBased'),
  hoursSinceUpdated: spec(ORDER, HOURS, 'timeBased'),
  hoursSinceResolved: spec(ORDER, HOURS, 'timeBased'),
  hoursPending: spec(ORDER, HOURS, 'timeBased'),
};

export const TICKET_FIELD_NAMES: readonly string[] = Object.keys(TICKET_FIELDS);

const CUSTOM_FIELD_SPECS: Readonly<Record<CustomFieldKind, FieldSpec>> = {
  text: spec(['is', 'isNot', ...TEXT, ...PRESENCE, 'changed'], TEXT_VALUE),
  number: spec([...EQUALITY, ...ORDER, ...PRESENCE, 'changed'], { kind: 'number' }),
  select: spec([...EQUALITY, ...PRESENCE, 'changed'], { kind: 'string', maxLength: 200 }),
  multiselect: spec([...TAGS, ...PRESENCE, 'changed'], { kind: 'tag', maxLength: 200 }),
  date: spec(['is', 'isNot', ...ORDER, ...PRESENCE, 'changed'], { kind: 'date' }),
  checkbox: spec(['is', 'isNot', ...PRESENCE, 'changed'], { kind: 'boolean' }),
};

export const CUSTOM_FIELD_PREFIX = 'customField.';

export function customFieldKey(field: string): string | null {
  return field.startsWith(CUSTOM_FIELD_PREFIX) ? field.slice(CUSTOM_FIELD_PREFIX.length) : null;
}

/**
 * The specs a field name stands for: one for a ticket field, one per kind for a custom field (the same key
 * may be defined with different kinds on different ticket types), none for an unknown field.
 */
export function fieldSpecsOf(field: string, customFields: readonly KnownCustomField[]): FieldSpec[] {
  const key = customFieldKey(field);
  if (key === null) {
    const found = Object.hasOwn(TICKET_FIELDS, field) ? TICKET_FIELDS[field] : undefined;
    return found ? [found] : [];
  }
  return customFieldKindsOf(key, customFields).map((kind) => CUSTOM_FIELD_SPECS[kind]);
}

/** The kinds a custom field key is defined with across the tenant's ticket types (none: unknown key). */
export function customFieldKindsOf(key: string, customFields: readonly KnownCustomField[]): CustomFieldKind[] {
  const kinds = customFields
    .filter((f) => f.key === key && Object.hasOwn(CUSTOM_FIELD_SPECS, f.kind))
    .map((f) => f.kind);
  return [...new Set(kinds)];
}
