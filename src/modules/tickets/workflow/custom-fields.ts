import { type FieldError, validationFailed } from '../../../platform/errors/app-error.ts';

export type CustomFieldType = 'text' | 'number' | 'select' | 'multiselect' | 'date' | 'checkbox';
export type CustomFieldDefinition = {
  key: string;
  label: string;
  type: CustomFieldType;
  required?: boolean;
  options?: string[];
};
export type CustomFieldValues = Record<string, string | number | boolean | string[] | null>;

const KEY = /^[a-z][a-z0-9_]{0,39}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function checkFieldDefinitions(fields: CustomFieldDefinition[]): CustomFieldDefinition[] {
  const keys = new Set<string>();
  fields.forEach((field, index) => {
    const path = `/customFields/${index}`;
    if (!KEY.test(field.key))
      throw validationFailed(`Field key "${field.key}" must be lowercase letters, digits and _`, [
        { path: `${path}/key`, message: 'is not a valid key' },
      ]);
    if (keys.has(field.key))
      throw validationFailed(`Field "${field.key}" appears twice`, [{ path: `${path}/key`, message: 'appears twice' }]);
    keys.add(field.key);
    const needsOptions = field.type === 'select' || field.type === 'multiselect';
    if (needsOptions && !field.options?.length)
      throw validationFailed(`Field "${field.key}" needs options`, [
        { path: `${path}/options`, message: 'is required for select fields' },
      ]);
    if (needsOptions && new Set(field.options).size !== field.options?.length)
      throw validationFailed(`Field "${field.key}" repeats an option`, [
        { path: `${path}/options`, message: 'repeats an option' },
      ]);
  });
  return fields;
}

function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function checkValue(field: CustomFieldDefinition, value: unknown): string | null {
  switch (field.type) {
    case 'text':
      return typeof value === 'string' && value.length <= 10_000 ? null : 'must be text of at most 10,000 characters';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= 1e15 ? null : 'must be a number';
    case 'checkbox':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'date':
      return typeof value === 'string' && isRealDate(value) ? null : 'must be a date as YYYY-MM-DD';
    case 'select':
      return typeof value === 'string' && (field.options ?? []).includes(value)
        ? null
        : `must be one of ${(field.options ?? []).join(', ')}`;
    case 'multiselect':
      return Array.isArray(value) &&
        value.every((v) => typeof v === 'string' && (field.options ?? []).includes(v)) &&
        new Set(value).size === value.length
        ? null
        : `must be a list of distinct values from ${(field.options ?? []).join(', ')}`;
  }
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * Checks the values a write would leave on the ticket (existing merged with the change) against the
 * type's definitions: unknown keys, wrong types and missing required fields are all refused.
 */
export function checkFieldValues(
  definitions: CustomFieldDefinition[],
  values: Record<string, unknown>,
): CustomFieldValues {
  const errors: FieldError[] = [];
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const result: CustomFieldValues = {};
  for (const [key, value] of Object.entries(values)) {
    const field = byKey.get(key);
    if (!field) {
      errors.push({ path: `/customFields/${key}`, message: 'is not a field of this ticket type' });
      continue;
    }
    if (isEmpty(value)) continue;
    const problem = checkValue(field, value);
    if (problem) errors.push({ path: `/customFields/${key}`, message: problem });
    else result[key] = value as CustomFieldValues[string];
  }
  for (const field of definitions) {
    if (field.required && isEmpty(result[field.key]) && !errors.some((e) => e.path === `/customFields/${field.key}`))
      errors.push({ path: `/customFields/${field.key}`, message: `${field.label} is required` });
  }
  if (errors.length)
    throw validationFailed(
      `Custom fields are invalid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
      errors,
    );
  return result;
}
