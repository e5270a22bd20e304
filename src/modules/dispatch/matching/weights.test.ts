import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors/app-error.ts';
import { checkWeights, DEFAULT_WEIGHTS } from './weights.ts';

const fieldErrorsOf = (input: unknown) => {
  try {
    checkWeights(input);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    return (error as AppError).fieldErrors?.map((e) => e.path);
  }
  throw new Error('expected a validation error');
};

describe('checkWeights', () => {
  it('accepts the defaults and returns a copy of valid input', () => {
    expect(checkWeights(DEFAULT_WEIGHTS)).toEqual(DEFAULT_WEIGHTS);
    expect(checkWeights({ travel: 1, load: 0, urgency: 0, rating: 0, continuity: 0 }).travel).toBe(1);
  });

  it('refuses bad input with every field error', () => {
    expect(fieldErrorsOf(null)).toEqual(['weights']);
    expect(fieldErrorsOf([1])).toEqual(['weights']);
    expect(fieldErrorsOf({ ...DEFAULT_WEIGHTS, speed: 1 })).toEqual(['weights.speed']);
    expect(fieldErrorsOf({ ...DEFAULT_WEIGHTS, travel: -1, load: Number.POSITIVE_INFINITY, rating: '1' })).toEqual([
      'weights.travel',
      'weights.load',
      'weights.rating',
    ]);
    expect(fieldErrorsOf({ travel: 1 })).toEqual([
      'weights.load',
      'weights.urgency',
      'weights.rating',
      'weights.continuity',
    ]);
    expect(fieldErrorsOf({ travel: 0, load: 0, urgency: 0, rating: 0, continuity: 0 })).toEqual(['weights']);
  });
});
