import type { BusinessCalendar, OpeningInterval, WeeklyHours } from './calendar.ts';

// Test factories: a weekday calendar, with any field overridden.
export function buildCalendar(overrides: Partial<BusinessCalendar> = {}): BusinessCalendar {
  return {
    timeZone: 'Asia/Shanghai',
    weekly: weekdays([['09:00', '18:00']]),
    holidays: [],
    workdays: [],
    ...overrides,
  };
}

// The same hours Monday to Friday, closed at the weekend, unless `weekend` is given.
export function weekdays(hours: OpeningInterval[], weekend: OpeningInterval[] = []): WeeklyHours {
  const copy = (intervals: OpeningInterval[]): OpeningInterval[] => intervals.map(([a, b]) => [a, b]);
  return {
    mon: copy(hours),
    tue: copy(hours),
    wed: copy(hours),
    thu: copy(hours),
    fri: copy(hours),
    sat: copy(weekend),
    sun: copy(weekend),
  };
}

export const at = (iso: string): Date => new Date(iso);
