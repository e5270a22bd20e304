import { type FieldError, validationFailed } from '../../../platform/errors/app-error.ts';
import type { ComponentKey, MatchWeights } from './types.ts';

export const COMPONENT_KEYS: readonly ComponentKey[] = ['travel', 'load', 'urgency', 'rating', 'continuity'];

export const DEFAULT_WEIGHTS: MatchWeights = { travel: 0.35, load: 0.2, urgency: 0.25, rating: 0.1, continuity: 0.1 };

/** Validates weights from outside (API, settings): all five keys, non-negative finite numbers, at least one above zero. */
export function checkWeights(input: unknown): MatchWeights {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw validationFailed('Match weights must be an object', [{ path: 'weights', message: 'must be an object' }]);
  const record = input as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const key of Object.keys(record))
    if (!(COMPONENT_KEYS as readonly string[]).includes(key))
      errors.push({ path: `weights.${key}`, message: `unknown weight; expected one of ${COMPONENT_KEYS.join(', ')}` });
  const weights: MatchWeights = { travel: 0, load: 0, urgency: 0, rating: 0, continuity: 0 };
  for (const key of COMPONENT_KEYS) {
    const value = record[key];
    if (value === undefined) errors.push({ path: `weights.${key}`, message: 'is required' });
    else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      errors.push({ path: `weights.${key}`, message: 'must be a finite number ≥ 0' });
    else weights[key] = value;
  }
  if (errors.length === 0 && COMPONENT_KEYS.every((key) => weights[key] === 0))
    errors.push({ path: 'weights', message: 'at least one weight must be above 0' });
  if (errors.length > 0) throw validationFailed('Invalid match weights', errors);
  return weights;
}
