import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors/app-error.ts';
import { checkActions } from './check-actions.ts';
import { checkConditions } from './check-conditions.ts';
import { fieldSpecsOf, type ValueRule } from './condition-fields.ts';
import { matches } from './match-conditions.ts';
import { CUSTOM_FIELDS, NOW } from './rules.fixtures.ts';
import {
  type Condition,
  type Conditions,
  OPERATORS,
  PRIORITIES,
  RULE_EVENT_TYPES,
  type RuleEvent,
  STATUS_CATEGORIES,
  type TicketFacts,
} from './rules.types.ts';

const FIELDS = [
  'priority',
  'status',
  'statusCategory',
  'type',
  'channel',
  'subject',
  'description',
  'comment',
  'tags',
  'customerId',
  'organisationId',
  'assigneeId',
  'teamId',
  'businessHours',
  'event',
  'hoursSinceCreated',
  'hoursSinceUpdated',
  'hoursSinceResolved',
  'hoursPending',
  ...CUSTOM_FIELDS.map((f) => `customField.${f.key}`),
  'customField.unknown',
];

const words = fc.constantFrom(
  'P1',
  'P4',
  'open',
  'closed',
  'pending',
  'wechat',
  'vip',
  '退款',
  '空调',
  '2026-10-09',
  'ticket.updated',
  'agent-1',
);
// Values that are often right for some field, plus anything at all.
const plausibleValue = fc.oneof(
  words,
  fc.array(words, { maxLength: 4 }),
  fc.integer({ min: -5, max: 100 }),
  fc.boolean(),
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 2 }),
);
const conditionLike = fc.record(
  {
    field: fc.oneof(fc.constantFrom(...FIELDS), fc.string()),
    operator: fc.oneof(fc.constantFrom(...OPERATORS), fc.string()),
    value: plausibleValue,
  },
  { requiredKeys: [] },
);
const conditionsLike = fc.oneof(
  fc.record(
    { all: fc.array(conditionLike, { maxLength: 4 }), any: fc.array(conditionLike, { maxLength: 4 }) },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 4 }),
);

const date = fc.oneof(fc.date({ noInvalidDate: false }), fc.constant(NOW));
const text = fc.oneof(fc.string(), fc.constantFrom('我要退款', '空调不制冷 KFR-35GW', 'ＶＩＰ客户', ''));
const id = fc.option(fc.constantFrom('agent-1', 'team-1', 'customer-1', ''), { nil: null });
const facts: fc.Arbitrary<TicketFacts> = fc.record({
  id: fc.string(),
  number: fc.string(),
  typeKey: fc.string(),
  status: fc.constantFrom('new', 'open', 'waiting', 'done'),
  statusCategory: fc.constantFrom(...STATUS_CATEGORIES),
  priority: fc.constantFrom(...PRIORITIES),
  channel: fc.string(),
  subject: text,
  description: text,
  tags: fc.array(fc.oneof(words, fc.string()), { maxLength: 5 }),
  customFields: fc.dictionary(
    fc.oneof(fc.constantFrom(...CUSTOM_FIELDS.map((f) => f.key), 'constructor', '__proto__'), fc.string()),
    fc.jsonValue({ maxDepth: 2 }),
  ),
  customerId: id,
  organisationId: id,
  assigneeId: id,
  teamId: id,
  createdAt: date,
  updatedAt: date,
  resolvedAt: fc.option(date, { nil: null }),
  pendingSince: fc.option(date, { nil: null }),
});
const event: fc.Arbitrary<RuleEvent> = fc.record(
  {
    type: fc.constantFrom(...RULE_EVENT_TYPES),
    at: date,
    commentBody: text,
    commentPublic: fc.boolean(),
    changedFields: fc.array(fc.constantFrom(...FIELDS), { maxLength: 3 }),
    causedBy: fc.array(fc.string(), { maxLength: 3 }),
  },
  { requiredKeys: ['type', 'at', 'causedBy'] },
);
const isOpen = fc.option(
  fc.boolean().map((open) => () => open),
  { nil: undefined },
);

function checked(raw: unknown, timeBased: boolean): Conditions | null {
  try {
    return checkConditions(raw, { customFields: CUSTOM_FIELDS, timeBased });
  } catch (error) {
    if (error instanceof AppError && error.code === 'VALIDATION_FAILED') return null;
    throw error;
  }
}

// Conditions built from the catalogue's operators and values of roughly the right kind, then kept only when
// the check accepts them, so the matching property sees many real conditions and few refusals.
function valueFor(rule: ValueRule): fc.Arbitrary<unknown> {
  switch (rule.kind) {
    case 'enum':
      return fc.constantFrom(...rule.allowed);
    case 'string':
    case 'tag':
      return fc.oneof(words, fc.string({ minLength: 1, maxLength: 8 }));
    case 'number':
      return fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 1e6, noNaN: true }));
    case 'date':
      return fc.constantFrom('2026-10-08', '2026-10-09', '2027-01-01');
    case 'boolean':
      return fc.boolean();
  }
}

const knownCondition = fc.constantFrom(...FIELDS.filter((f) => f !== 'customField.unknown')).chain((field) => {
  const specs = fieldSpecsOf(field, CUSTOM_FIELDS);
  const operators = [...new Set(specs.flatMap((spec) => spec.operators))];
  const values = specs.map((spec) => valueFor(spec.value));
  const value = fc.oneof(...values);
  return fc.record(
    {
      field: fc.constant(field),
      operator: fc.constantFrom(...operators),
      value: fc.oneof(value, fc.array(value, { minLength: 1, maxLength: 3 })),
    },
    { requiredKeys: ['field', 'operator'] },
  );
});

function checkedConditions(timeBased: boolean): fc.Arbitrary<Conditions> {
  const accepted = knownCondition.filter((c) => checked({ all: [c] }, timeBased) !== null);
  return fc
    .record(
      { all: fc.array(accepted, { maxLength: 4 }), any: fc.array(accepted, { minLength: 1, maxLength: 4 }) },
      { requiredKeys: [] },
    )
    .map((raw) => checked(raw, timeBased))
    .filter((c): c is Conditions => c !== null);
}

const NEGATION: Partial<Record<Condition['operator'], Condition['operator']>> = {
  is: 'isNot',
  in: 'notIn',
  contains: 'notContains',
  includes: 'excludes',
  isSet: 'notSet',
};

describe('rules properties', () => {
  it('checkConditions throws nothing but a validation error, with a path under /conditions for each problem', () => {
    fc.assert(
      fc.property(conditionsLike, fc.boolean(), (raw, timeBased) => {
        try {
          checkConditions(raw, { customFields: CUSTOM_FIELDS, timeBased });
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          if (!(error instanceof AppError)) return;
          expect(error.code).toBe('VALIDATION_FAILED');
          expect(error.fieldErrors?.length).toBeGreaterThan(0);
          for (const problem of error.fieldErrors ?? []) expect(problem.path).toMatch(/^\/conditions(\/|$)/);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('checkActions throws nothing but a validation error for random input', () => {
    const actionLike = fc.record(
      {
        type: fc.oneof(
          fc.constantFrom('setPriority', 'assign', 'addTags', 'setCustomField', 'notify', 'followUp'),
          fc.string(),
        ),
        value: plausibleValue,
        key: fc.oneof(fc.constantFrom(...CUSTOM_FIELDS.map((f) => f.key)), fc.string()),
        tags: plausibleValue,
        to: plausibleValue,
        template: fc.oneof(fc.string(), fc.constant('{{x}}')),
        assigneeId: plausibleValue,
        dueInHours: plausibleValue,
      },
      { requiredKeys: [] },
    );
    const context = { customFields: CUSTOM_FIELDS, checkTemplate: (t: string) => (t.includes('{{x}}') ? ['x'] : []) };
    fc.assert(
      fc.property(fc.oneof(fc.array(actionLike, { maxLength: 4 }), fc.jsonValue({ maxDepth: 3 })), (raw) => {
        try {
          checkActions(raw, context);
        } catch (error) {
          expect(error instanceof AppError && error.code === 'VALIDATION_FAILED').toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('checked conditions check again to themselves', () => {
    fc.assert(
      fc.property(conditionsLike, fc.boolean(), (raw, timeBased) => {
        const once = checked(raw, timeBased);
        if (once) expect(checked(once, timeBased)).toEqual(once);
      }),
      { numRuns: 1000 },
    );
  });

  it('matches never throws for checked conditions and any facts, and each negation is the opposite', () => {
    let evaluated = 0;
    const ruleAndEvent = fc.boolean().chain((timeBased) =>
      fc.record({
        conditions: checkedConditions(timeBased),
        event: timeBased ? fc.constant(null) : event,
      }),
    );
    fc.assert(
      fc.property(ruleAndEvent, facts, isOpen, ({ conditions, event: happened }, ticket, open) => {
        const context = open ? { now: NOW, isOpen: open } : { now: NOW };
        expect(typeof matches(conditions, ticket, happened, context)).toBe('boolean');
        for (const condition of [...(conditions.all ?? []), ...(conditions.any ?? [])]) {
          evaluated++;
          const negation = NEGATION[condition.operator];
          if (!negation || condition.field === 'businessHours') continue;
          const positive = matches({ all: [condition] }, ticket, happened, context);
          const negative = matches({ all: [{ ...condition, operator: negation }] }, ticket, happened, context);
          expect(negative).toBe(!positive);
        }
      }),
      { numRuns: 2000 },
    );
    // The property must have exercised matching, not only refusals.
    expect(evaluated).toBeGreaterThan(2000);
  });
});
