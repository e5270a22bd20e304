import type { FieldError } from '../../../platform/errors/app-error.ts';
import { checkDateLists, isKnownTimeZone, parseClockTime } from './calendar-values.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

// ["09:00", "18:00"]: local wall-clock start (inclusive) and end (exclusive); "24:00" ends a day at midnight.
export type OpeningInterval = [string, string];
export type WeeklyHours = Record<Weekday, OpeningInterval[]>;

// The shape of `POST /api/v1/calendars` less its `name`, which belongs to the stored record and not to the maths.
// `holidays` are closed all day. `workdays` (调休 make-up days, usually a Saturday or Sunday) open with the hours
// of the weekday itself when that weekday has hours, otherwise with Monday's hours, otherwise with those of the
// first weekday (tue…sun) that has hours: a make-up day in China follows a normal working day's schedule, and the
// weekday's own hours win so that a make-up Saturday in a shop open on Saturdays keeps its usual Saturday.
// Every date and time is read in `timeZone`.
export type BusinessCalendar = {
  timeZone: string;
  weekly: WeeklyHours;
  holidays: string[];
  workdays: string[];
};

export type CalendarDefinition = { name: string } & BusinessCalendar;

// Open at every instant, with no time zone, holidays or make-up days.
export type TwentyFourSeven = { readonly alwaysOpen: true };
export const twentyFourSeven: TwentyFourSeven = Object.freeze({ alwaysOpen: true });

export type Calendar = BusinessCalendar | TwentyFourSeven;

export type CalendarCheck = { ok: true; calendar: BusinessCalendar } | { ok: false; errors: FieldError[] };

const FIELDS = new Set(['name', 'timeZone', 'weekly', 'holidays', 'workdays']);

export function isTwentyFourSeven(calendar: Calendar): calendar is TwentyFourSeven {
  return 'alwaysOpen' in calendar && calendar.alwaysOpen;
}

// Validates untrusted input (an API body, a stored row) and returns a fresh calendar with the zone's canonical
// spelling. `name` is tolerated and dropped; any other unknown field is refused, to catch typos such as `holiday`.
export function checkCalendar(input: unknown): CalendarCheck {
  const errors: FieldError[] = [];
  if (!isRecord(input)) {
    return { ok: false, errors: [{ path: '', message: 'The calendar must be a JSON object.' }] };
  }
  for (const key of Object.keys(input)) {
    if (!FIELDS.has(key)) errors.push({ path: `/${key}`, message: `"${key}" is not a calendar field.` });
  }
  const timeZone = checkTimeZone(input.timeZone, errors);
  const weekly = checkWeekly(input.weekly, errors);
  const dates = checkDateLists({ holidays: input.holidays, workdays: input.workdays }, errors);
  if (weekly !== undefined && WEEKDAYS.every((day) => weekly[day].length === 0)) {
    errors.push({
      path: '/weekly',
      message: 'The calendar is never open: give at least one weekday opening hours (make-up workdays copy them).',
    });
  }
  if (errors.length > 0 || timeZone === undefined || weekly === undefined || dates === undefined) {
    return { ok: false, errors };
  }
  return { ok: true, calendar: { timeZone, weekly, holidays: dates.holidays, workdays: dates.workdays } };
}

function checkTimeZone(value: unknown, errors: FieldError[]): string | undefined {
  if (typeof value !== 'string' || value.length === 0) {
    errors.push({ path: '/timeZone', message: 'timeZone must be an IANA time zone name such as "Asia/Shanghai".' });
    return undefined;
  }
  const canonical = isKnownTimeZone(value);
  if (canonical === undefined) {
    errors.push({ path: '/timeZone', message: `"${value}" is not a known IANA time zone.` });
  }
  return canonical;
}

function checkWeekly(value: unknown, errors: FieldError[]): WeeklyHours | undefined {
  if (!isRecord(value)) {
    errors.push({
      path: '/weekly',
      message: 'weekly must be an object with the keys mon, tue, wed, thu, fri, sat, sun.',
    });
    return undefined;
  }
  const known = new Set<string>(WEEKDAYS);
  for (const key of Object.keys(value)) {
    if (!known.has(key)) {
      errors.push({
        path: `/weekly/${key}`,
        message: `"${key}" is not a weekday; use mon, tue, wed, thu, fri, sat, sun.`,
      });
    }
  }
  const before = errors.length;
  const weekly: WeeklyHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
  for (const day of WEEKDAYS) {
    weekly[day] = checkDay(value[day], `/weekly/${day}`, errors);
  }
  return errors.length === before ? weekly : undefined;
}

function checkDay(value: unknown, path: string, errors: FieldError[]): OpeningInterval[] {
  if (!Array.isArray(value)) {
    errors.push({ path, message: `${path} must be a list of ["HH:MM", "HH:MM"] pairs; use [] for a closed day.` });
    return [];
  }
  const intervals: OpeningInterval[] = [];
  let previousEnd: { minute: number; text: string; index: number } | undefined;
  value.forEach((pair: unknown, index) => {
    const at = `${path}/${index}`;
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      errors.push({ path: at, message: `${at} must be a pair of times such as ["09:00", "18:00"].` });
      return;
    }
    const [startText, endText] = pair as [string, string];
    const start = parseClockTime(startText);
    const end = parseClockTime(endText);
    if (start === undefined || start === 1440) {
      errors.push({ path: `${at}/0`, message: `The start "${startText}" at ${at} is not a time from 00:00 to 23:59.` });
    }
    if (end === undefined) {
      errors.push({ path: `${at}/1`, message: `The end "${endText}" at ${at} is not a time from 00:00 to 24:00.` });
    }
    if (start === undefined || start === 1440 || end === undefined) return;
    if (end <= start) {
      errors.push({
        path: at,
        message: `${at} ends at ${endText}, which is not after its start ${startText}; to run past midnight, end the day at "24:00" and open the next day at "00:00".`,
      });
      return;
    }
    if (previousEnd !== undefined && start < previousEnd.minute) {
      errors.push({
        path: at,
        message: `${at} starts at ${startText}, before ${path}/${previousEnd.index} ends at ${previousEnd.text}; list a day's intervals in order without overlaps.`,
      });
      return;
    }
    previousEnd = { minute: end, text: endText, index };
    intervals.push([startText, endText]);
  });
  return intervals;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
