import { AppError, type FieldError } from '../../../platform/errors/app-error.ts';

export const HORIZON_YEARS = 100;

/**
 * Calendar error codes: CALENDAR_INVALID (400) for a calendar that fails `checkCalendar`, CALENDAR_NEVER_OPEN (400)
 * for one with no opening hours on any weekday, CALENDAR_HORIZON_EXCEEDED (400) when an answer would lie more than
 * a century away or outside the years 1000–9999.
 */
export const calendarErrors = {
  invalid: (fieldErrors: FieldError[]) =>
    new AppError('CALENDAR_INVALID', `The calendar is not valid: ${fieldErrors[0]?.message ?? 'unknown problem'}`, {
      fieldErrors,
    }),
  neverOpen: () =>
    new AppError(
      'CALENDAR_NEVER_OPEN',
      'The calendar has no opening hours on any weekday (make-up workdays copy weekday hours), so it never opens and no due time exists.',
    ),
  horizonExceeded: () =>
    new AppError(
      'CALENDAR_HORIZON_EXCEEDED',
      `The answer would lie more than ${HORIZON_YEARS} years from the start or outside the years 1000–9999.`,
    ),
};
