import type { CustomFieldValue } from './rules.types.ts';

// Value shapes shared by the condition and action checks and by matching.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value under `key` only when it is the object's own (so `constructor` is not a custom field). */
export function ownValue(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

// The ticket's own tag normalisation, so a rule's tag and a ticket's tag compare equal.
export { normaliseTag, normaliseTags } from '../../tickets/index.ts';

// NFKC folds full-width letters and digits (ＡＢＣ１２３) to ASCII; lower case has no effect on Chinese.
export function foldText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export function isEmptyValue(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** Equal as stored values: null and a missing value are both "empty", arrays compare item by item. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (isEmptyValue(a) && isEmptyValue(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  return Object.is(a, b);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export function isFieldValue(value: unknown): value is CustomFieldValue {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    (Array.isArray(value) && value.every((v) => typeof v === 'string'))
  );
}
