import { type AppError, type FieldError, validationFailed } from '../../../platform/errors/app-error.ts';
import {
  CUSTOM_FIELD_PREFIX,
  customFieldKey,
  type FieldSpec,
  fieldSpecsOf,
  TICKET_FIELD_NAMES,
  VALUELESS_OPERATORS,
  type ValueRule,
} from './condition-fields.ts';
import { isRealDate, isRecord, normaliseTag, normaliseTags } from './rule-values.ts';
import { type Condition, type Conditions, type KnownCustomField, OPERATORS, type Operator } from './rules.types.ts';

export type ConditionCheckContext = {
  /** The tenant's custom fields across all ticket types. */
  customFields: readonly KnownCustomField[];
  /** A time-based automation (run by a periodic scan, no event) rather than an event trigger. */
  timeBased: boolean;
};

const MAX_CONDITIONS = 50;
const MAX_LIST = 100;
const CONDITION_KEYS = ['field', 'operator', 'value'];

type Operand = { ok: true; value: unknown } | { ok: false; at: string; message: string };
const ok = (value: unknown): Operand => ({ ok: true, value });
const bad = (message: string, at = ''): Operand => ({ ok: false, at, message });

/** A JSON pointer token for a key the caller sent (RFC 6901 escapes). */
export function pointerToken(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

export function invalid(what: string, errors: FieldError[]): AppError {
  return validationFailed(`${what} are invalid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors);
}

/**
 * Checks a rule's conditions when the rule is saved: unknown fields and operators, an operator that does not
 * apply to the field, a value of the wrong type, and fields the kind of rule cannot use are all refused, each
 * with a JSON pointer (`/conditions/all/2/field`). Every problem is reported, not just the first.
 */
export function checkConditions(input: unknown, context: ConditionCheckContext): Conditions {
  const base = '/conditions';
  if (!isRecord(input))
    throw invalid('Conditions', [{ path: base, message: 'must be an object with an "all" and/or an "any" list' }]);
  const errors: FieldError[] = [];
  for (const key of Object.keys(input))
    if (key !== 'all' && key !== 'any')
      errors.push({ path: `${base}/${pointerToken(key)}`, message: 'is not a property of conditions (use all, any)' });
  const result: Conditions = {};
  for (const group of ['all', 'any'] as const) {
    const list = input[group];
    const path = `${base}/${group}`;
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      errors.push({ path, message: 'must be a list of conditions' });
      continue;
    }
    if (group === 'any' && list.length === 0) {
      errors.push({ path, message: 'needs at least one condition (leave "any" out to match without it)' });
      continue;
    }
    if (list.length > MAX_CONDITIONS) {
      errors.push({ path, message: `has more than ${MAX_CONDITIONS} conditions` });
      continue;
    }
    const checked: Condition[] = [];
    list.forEach((item: unknown, index) => {
      const condition = checkCondition(item, `${path}/${index}`, context, errors);
      if (condition) checked.push(condition);
    });
    result[group] = checked;
  }
  if (errors.length) throw invalid('Conditions', errors);
  return result;
}

function checkCondition(
  item: unknown,
  path: string,
  context: ConditionCheckContext,
  errors: FieldError[],
): Condition | null {
  if (!isRecord(item)) {
    errors.push({ path, message: 'must be an object with field, operator and value' });
    return null;
  }
  for (const key of Object.keys(item))
    if (!CONDITION_KEYS.includes(key))
      errors.push({ path: `${path}/${pointerToken(key)}`, message: 'is not a property of a condition' });
  const { field, operator, value } = item;
  const op = OPERATORS.find((o) => o === operator);
  if (op === undefined)
    errors.push({ path: `${path}/operator`, message: `must be one of the operators ${OPERATORS.join(', ')}` });
  if (typeof field !== 'string' || field === '') {
    errors.push({ path: `${path}/field`, message: 'must be a field name' });
    return null;
  }
  const specs = fieldSpecsOf(field, context.customFields);
  if (specs.length === 0) {
    errors.push({ path: `${path}/field`, message: unknownFieldMessage(field) });
    return null;
  }
  const scopeProblem = scopeProblemOf(field, specs, context.timeBased);
  if (scopeProblem) {
    errors.push({ path: `${path}/field`, message: scopeProblem });
    return null;
  }
  if (op === undefined) return null;
  const candidates = specs.filter((s) => s.operators.includes(op));
  if (candidates.length === 0) {
    const usable = [...new Set(specs.flatMap((s) => s.operators))];
    errors.push({
      path: `${path}/operator`,
      message: `"${op}" does not apply to ${field}; use one of ${usable.join(', ')}`,
    });
    return null;
  }
  if (op === 'changed' && context.timeBased) {
    errors.push({ path: `${path}/operator`, message: 'changed is only valid in event triggers (no event here)' });
    return null;
  }
  const results = candidates.map((s) => checkOperand(s.value, op, value));
  const accepted = results.find((r) => r.ok);
  if (accepted?.ok)
    return accepted.value === undefined ? { field, operator: op } : { field, operator: op, value: accepted.value };
  const first = results[0];
  if (first && !first.ok) errors.push({ path: `${path}/value${first.at}`, message: first.message });
  return null;
}

function unknownFieldMessage(field: string): string {
  const key = customFieldKey(field);
  if (key !== null) return `"${key}" is not a custom field of this tenant`;
  return `"${field}" is not a field; use one of ${TICKET_FIELD_NAMES.join(', ')} or ${CUSTOM_FIELD_PREFIX}<key>`;
}

function scopeProblemOf(field: string, specs: FieldSpec[], timeBased: boolean): string | null {
  if (!timeBased && specs.every((s) => s.scope === 'timeBased'))
    return `${field} is only valid in time-based automations`;
  if (timeBased && specs.every((s) => s.scope === 'event'))
    return `${field} is only valid in event triggers (a time-based automation has no event)`;
  return null;
}

function checkOperand(rule: ValueRule, operator: Operator, value: unknown): Operand {
  if (VALUELESS_OPERATORS.includes(operator))
    return value === undefined ? ok(undefined) : bad(`must be left out: ${operator} takes no value`);
  switch (operator) {
    case 'in':
    case 'notIn':
      return checkList(rule, value, MAX_LIST);
    case 'includes':
    case 'excludes':
      return typeof value === 'string' ? checkScalar(rule, value) : checkList(rule, value, 50);
    case 'contains':
    case 'notContains':
      return typeof value === 'string' && value.trim() !== '' && value.length <= 1000
        ? ok(value)
        : bad('must be a non-empty text of at most 1000 characters');
    default:
      // is, isNot and the orderings (gt, gte, lt, lte) compare with one value
      return checkScalar(rule, value);
  }
}

function checkList(rule: ValueRule, value: unknown, max: number): Operand {
  if (!Array.isArray(value) || value.length === 0 || value.length > max)
    return bad(`must be a list of 1 to ${max} values`);
  const out: unknown[] = [];
  for (const [index, item] of value.entries()) {
    const checked = checkScalar(rule, item);
    if (!checked.ok) return bad(checked.message, `/${index}`);
    out.push(checked.value);
  }
  return ok(rule.kind === 'tag' ? normaliseTags(out.filter((x) => typeof x === 'string')) : out);
}

function checkScalar(rule: ValueRule, value: unknown): Operand {
  switch (rule.kind) {
    case 'enum':
      return typeof value === 'string' && rule.allowed.includes(value)
        ? ok(value)
        : bad(`must be one of ${rule.allowed.join(', ')}`);
    case 'string':
      return typeof value === 'string' && value.trim() !== '' && value.length <= rule.maxLength
        ? ok(value)
        : bad(`must be a non-empty text of at most ${rule.maxLength} characters`);
    case 'tag': {
      const tag = typeof value === 'string' ? normaliseTag(value) : '';
      return tag !== '' && tag.length <= rule.maxLength
        ? ok(tag)
        : bad(`must be a non-empty tag of at most ${rule.maxLength} characters`);
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return bad('must be a number');
      return rule.min !== undefined && value < rule.min ? bad(`must be a number of at least ${rule.min}`) : ok(value);
    case 'date':
      return typeof value === 'string' && isRealDate(value) ? ok(value) : bad('must be a date as YYYY-MM-DD');
    case 'boolean':
      return typeof value === 'boolean' ? ok(value) : bad('must be true or false');
  }
}
