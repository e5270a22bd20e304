import { describe, expect, it } from 'vitest';
import { AppError, type FieldError } from '../../../platform/errors/app-error.ts';
import { checkConditions } from './check-conditions.ts';
import { CUSTOM_FIELDS } from './rules.fixtures.ts';
import type { KnownCustomField } from './rules.types.ts';

function problemsOf(input: unknown, options: { timeBased?: boolean; customFields?: KnownCustomField[] } = {}) {
  try {
    checkConditions(input, {
      customFields: options.customFields ?? CUSTOM_FIELDS,
      timeBased: options.timeBased ?? false,
    });
    return [];
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    expect(error.code).toBe('VALIDATION_FAILED');
    return error.fieldErrors ?? [];
  }
}

const pathsOf = (input: unknown, options: { timeBased?: boolean } = {}) =>
  problemsOf(input, options).map((e) => e.path);
const one = (condition: unknown, timeBased = false): FieldError[] => problemsOf({ all: [condition] }, { timeBased });

describe('checkConditions', () => {
  it('returns the checked conditions, with tag values normalised', () => {
    const conditions = checkConditions(
      {
        all: [
          { field: 'priority', operator: 'in', value: ['P1', 'P2'] },
          { field: 'tags', operator: 'includes', value: [' vip ', 'ＶＩＰ２'] },
          { field: 'assigneeId', operator: 'notSet' },
        ],
        any: [
          { field: 'comment', operator: 'contains', value: '退款' },
          { field: 'customField.units', operator: 'gte', value: 3 },
        ],
      },
      { customFields: CUSTOM_FIELDS, timeBased: false },
    );
    expect(conditions).toEqual({
      all: [
        { field: 'priority', operator: 'in', value: ['P1', 'P2'] },
        { field: 'tags', operator: 'includes', value: ['vip', 'VIP2'] },
        { field: 'assigneeId', operator: 'notSet' },
      ],
      any: [
        { field: 'comment', operator: 'contains', value: '退款' },
        { field: 'customField.units', operator: 'gte', value: 3 },
      ],
    });
  });

  it('accepts no conditions at all (the rule matches every ticket)', () => {
    expect(checkConditions({}, { customFields: [], timeBased: false })).toEqual({});
  });

  it('refuses something that is not an object at /conditions', () => {
    expect(pathsOf([])).toEqual(['/conditions']);
    expect(pathsOf(null)).toEqual(['/conditions']);
  });

  it('refuses unknown groups and lists that are not lists', () => {
    expect(pathsOf({ none: [], 'a/b': [] })).toEqual(['/conditions/none', '/conditions/a~1b']);
    expect(pathsOf({ all: { field: 'priority' } })).toEqual(['/conditions/all']);
  });

  it('refuses an empty any list, which could never hold', () => {
    expect(problemsOf({ any: [] })).toEqual([
      { path: '/conditions/any', message: 'needs at least one condition (leave "any" out to match without it)' },
    ]);
  });

  it('refuses an unknown field with the list of fields', () => {
    const [problem] = one({ field: 'colour', operator: 'is', value: 'red' });
    expect(problem?.path).toBe('/conditions/all/0/field');
    expect(problem?.message).toMatch(/^"colour" is not a field; use one of priority, status/);
  });

  it('refuses a custom field the tenant does not have', () => {
    expect(one({ field: 'customField.colour', operator: 'is', value: 'red' })).toEqual([
      { path: '/conditions/all/0/field', message: '"colour" is not a custom field of this tenant' },
    ]);
  });

  it('refuses an unknown operator', () => {
    const [problem] = one({ field: 'priority', operator: 'equals', value: 'P1' });
    expect(problem?.path).toBe('/conditions/all/0/operator');
    expect(problem?.message).toMatch(/^must be one of the operators is, isNot/);
  });

  it('refuses an operator that does not apply to the field, naming the ones that do', () => {
    expect(one({ field: 'priority', operator: 'contains', value: 'P1' })).toEqual([
      {
        path: '/conditions/all/0/operator',
        message: '"contains" does not apply to priority; use one of is, isNot, in, notIn, changed',
      },
    ]);
    expect(one({ field: 'tags', operator: 'is', value: 'vip' })[0]?.path).toBe('/conditions/all/0/operator');
    expect(one({ field: 'customField.warranty', operator: 'gt', value: 1 })[0]?.path).toBe(
      '/conditions/all/0/operator',
    );
    expect(one({ field: 'businessHours', operator: 'in', value: ['open'] })[0]?.path).toBe(
      '/conditions/all/0/operator',
    );
  });

  it('refuses enum values outside the enum', () => {
    expect(one({ field: 'priority', operator: 'is', value: 'P5' })).toEqual([
      { path: '/conditions/all/0/value', message: 'must be one of P1, P2, P3, P4' },
    ]);
    expect(one({ field: 'statusCategory', operator: 'in', value: ['open', 'done'] })).toEqual([
      { path: '/conditions/all/0/value/1', message: 'must be one of new, open, pending, resolved, closed' },
    ]);
    expect(one({ field: 'channel', operator: 'is', value: 'fax' })[0]?.path).toBe('/conditions/all/0/value');
    expect(one({ field: 'event', operator: 'is', value: 'ticket.deleted' })[0]?.path).toBe('/conditions/all/0/value');
    expect(one({ field: 'businessHours', operator: 'is', value: 'lunch' })).toEqual([
      { path: '/conditions/all/0/value', message: 'must be one of open, closed' },
    ]);
  });

  it('refuses values of the wrong type', () => {
    expect(one({ field: 'assigneeId', operator: 'is', value: 42 })[0]?.message).toBe(
      'must be a non-empty text of at most 200 characters',
    );
    expect(one({ field: 'priority', operator: 'in', value: [] })[0]?.message).toBe('must be a list of 1 to 100 values');
    expect(one({ field: 'subject', operator: 'contains', value: '  ' })[0]?.path).toBe('/conditions/all/0/value');
    expect(one({ field: 'tags', operator: 'includes', value: ['vip', 3] })[0]?.path).toBe('/conditions/all/0/value/1');
    expect(one({ field: 'customField.units', operator: 'gt', value: '3' })[0]?.message).toBe('must be a number');
    expect(one({ field: 'customField.visit', operator: 'lt', value: '2026-02-30' })[0]?.message).toBe(
      'must be a date as YYYY-MM-DD',
    );
    expect(one({ field: 'customField.warranty', operator: 'is', value: 'yes' })[0]?.message).toBe(
      'must be true or false',
    );
    expect(one({ field: 'hoursSinceCreated', operator: 'gt', value: -1 }, true)[0]?.message).toBe(
      'must be a number of at least 0',
    );
  });

  it('refuses a value on an operator that takes none', () => {
    expect(one({ field: 'assigneeId', operator: 'isSet', value: true })).toEqual([
      { path: '/conditions/all/0/value', message: 'must be left out: isSet takes no value' },
    ]);
  });

  it('refuses hours fields in event triggers and event-only conditions in time-based automations', () => {
    expect(one({ field: 'hoursPending', operator: 'gt', value: 48 })).toEqual([
      { path: '/conditions/all/0/field', message: 'hoursPending is only valid in time-based automations' },
    ]);
    expect(one({ field: 'hoursPending', operator: 'gt', value: 48 }, true)).toEqual([]);
    expect(one({ field: 'comment', operator: 'contains', value: '退款' }, true)[0]?.path).toBe(
      '/conditions/all/0/field',
    );
    expect(one({ field: 'event', operator: 'is', value: 'sla.breach' }, true)[0]?.path).toBe('/conditions/all/0/field');
    expect(one({ field: 'priority', operator: 'changed' }, true)).toEqual([
      { path: '/conditions/all/0/operator', message: 'changed is only valid in event triggers (no event here)' },
    ]);
  });

  it('refuses properties a condition does not have', () => {
    expect(one({ field: 'priority', operator: 'is', value: 'P1', negate: true })).toEqual([
      { path: '/conditions/all/0/negate', message: 'is not a property of a condition' },
    ]);
  });

  it('collects every problem across both lists in one error', () => {
    const input = {
      all: [
        { field: 'priority', operator: 'is', value: 'P1' },
        'priority is P1',
        { field: 'nope', operator: 'is', value: 1 },
        { field: 'status', operator: 'gt', value: 'open' },
      ],
      any: [{ field: 'tags', operator: 'includes' }, { operator: 'is' }],
    };
    expect(pathsOf(input)).toEqual([
      '/conditions/all/1',
      '/conditions/all/2/field',
      '/conditions/all/3/operator',
      '/conditions/any/0/value',
      '/conditions/any/1/field',
    ]);
    expect(() => checkConditions(input, { customFields: CUSTOM_FIELDS, timeBased: false })).toThrow(
      /^Conditions are invalid: \/conditions\/all\/1 must be an object/,
    );
  });

  it('accepts an operator that fits any kind a custom field key has across ticket types', () => {
    const customFields: KnownCustomField[] = [
      { key: 'size', kind: 'number' },
      { key: 'size', kind: 'select' },
    ];
    const check = (condition: unknown) => problemsOf({ all: [condition] }, { customFields });
    expect(check({ field: 'customField.size', operator: 'gt', value: 3 })).toEqual([]);
    expect(check({ field: 'customField.size', operator: 'is', value: 'L' })).toEqual([]);
    expect(check({ field: 'customField.size', operator: 'contains', value: 'L' })[0]?.path).toBe(
      '/conditions/all/0/operator',
    );
  });
});
