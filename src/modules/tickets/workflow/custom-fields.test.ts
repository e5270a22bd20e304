import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors/app-error.ts';
import { type CustomFieldDefinition, checkFieldDefinitions, checkFieldValues } from './custom-fields.ts';

const FIELDS: CustomFieldDefinition[] = [
  { key: 'model', label: 'Model', type: 'text', required: true },
  { key: 'units', label: 'Units', type: 'number' },
  { key: 'brand', label: 'Brand', type: 'select', options: ['格力', '美的'] },
  { key: 'parts', label: 'Parts', type: 'multiselect', options: ['压缩机', '电容'] },
  { key: 'visit', label: 'Visit', type: 'date' },
  { key: 'warranty', label: 'Warranty', type: 'checkbox' },
];

function errorsOf(values: Record<string, unknown>): string[] {
  try {
    checkFieldValues(FIELDS, values);
    return [];
  } catch (error) {
    return error instanceof AppError ? (error.fieldErrors ?? []).map((e) => e.path) : ['thrown'];
  }
}

describe('custom field values', () => {
  it('accepts a value of the right type for each kind of field', () => {
    expect(
      checkFieldValues(FIELDS, {
        model: 'KFR-35GW',
        units: 2,
        brand: '格力',
        parts: ['电容'],
        visit: '2026-10-08',
        warranty: false,
      }),
    ).toEqual({
      model: 'KFR-35GW',
      units: 2,
      brand: '格力',
      parts: ['电容'],
      visit: '2026-10-08',
      warranty: false,
    });
  });

  it('rejects each wrong type at its own path', () => {
    expect(
      errorsOf({
        model: 'x',
        units: '2',
        brand: '海尔',
        parts: ['电容', '电容'],
        visit: '2026-02-29',
        warranty: 'yes',
      }),
    ).toEqual([
      '/customFields/units',
      '/customFields/brand',
      '/customFields/parts',
      '/customFields/visit',
      '/customFields/warranty',
    ]);
  });

  it('rejects unknown keys and missing required fields; empty values clear optional ones', () => {
    expect(errorsOf({ model: 'x', colour: 'red' })).toEqual(['/customFields/colour']);
    expect(errorsOf({ units: 1 })).toEqual(['/customFields/model']);
    expect(errorsOf({ model: '' })).toEqual(['/customFields/model']);
    expect(checkFieldValues(FIELDS, { model: 'x', units: null, parts: [] })).toEqual({ model: 'x' });
  });

  it('never throws anything but a validation error, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('model', 'units', 'brand', 'parts', 'visit', 'warranty', 'other'), fc.anything()),
        (values) => {
          try {
            checkFieldValues(FIELDS, values);
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
            expect((error as AppError).code).toBe('VALIDATION_FAILED');
          }
        },
      ),
    );
  });
});

describe('custom field definitions', () => {
  it('needs options for select fields and unique keys', () => {
    expect(() => checkFieldDefinitions([{ key: 'a', label: 'A', type: 'select' }])).toThrow(AppError);
    expect(() =>
      checkFieldDefinitions([
        { key: 'a', label: 'A', type: 'text' },
        { key: 'a', label: 'B', type: 'text' },
      ]),
    ).toThrow(/twice/);
    expect(() => checkFieldDefinitions([{ key: 'a', label: 'A', type: 'select', options: ['x', 'x'] }])).toThrow(
      /repeats/,
    );
  });
});
