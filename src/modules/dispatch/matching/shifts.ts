// Wall-clock time in an engineer's zone and whether a weekly shift or a daily break covers it.
// Intl does the zone arithmetic, so DST changes need no special handling here.
import type { Break, Shift, Weekday } from './types.ts';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const SHORT_TO_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
const DAY_INDEX: Record<Weekday, number> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };

/** `day` 0 = Monday … 6 = Sunday; `minutes` since local midnight. */
export type LocalTime = { day: number; minutes: number };

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      formatter = null; // RangeError: not an IANA zone
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock time at `now` in `timeZone`, or null when the zone is unknown. */
export function localTimeIn(now: Date, timeZone: string): LocalTime | null {
  const formatter = formatterFor(timeZone || DEFAULT_TIME_ZONE);
  if (!formatter) return null;
  let day = -1;
  let hour = 0;
  let minute = 0;
  for (const part of formatter.formatToParts(now)) {
    if (part.type === 'weekday') day = SHORT_TO_INDEX[part.value] ?? -1;
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return day < 0 ? null : { day, minutes: hour * 60 + minute };
}

const digit = (value: string, index: number): number => {
  const code = value.charCodeAt(index) - 48;
  return code >= 0 && code <= 9 ? code : Number.NaN;
};

/** 'HH:MM' → minutes since midnight ('24:00' allowed as an end); null when malformed. Hot path: no regex. */
export function parseClock(value: string): number | null {
  if (value.length !== 5 || value.charCodeAt(2) !== 58 /* : */) return null;
  const hours = digit(value, 0) * 10 + digit(value, 1);
  const minutes = digit(value, 3) * 10 + digit(value, 4);
  if (!(hours >= 0 && minutes >= 0 && minutes < 60)) return null; // NaN fails too
  if (hours < 24) return hours * 60 + minutes;
  return hours === 24 && minutes === 0 ? 1440 : null;
}

/** A shift covers `at` if it starts that weekday and `at` is inside it, or it started the day before and runs past midnight. */
export function isOnShift(shifts: Shift[], at: LocalTime): boolean {
  const yesterday = (at.day + 6) % 7;
  for (let i = 0; i < shifts.length; i++) {
    const shift = shifts[i]!;
    const day = DAY_INDEX[shift.weekday];
    if (day !== at.day && day !== yesterday) continue;
    const start = parseClock(shift.start);
    const end = parseClock(shift.end);
    if (start === null || end === null) continue;
    if (end > start) {
      if (day === at.day && at.minutes >= start && at.minutes < end) return true;
    } else {
      // Runs past midnight (end <= start; end === start is a full 24 hours).
      if (day === at.day && at.minutes >= start) return true;
      if (day === yesterday && at.minutes < end) return true;
    }
  }
  return false;
}

/** The break covering `at`, if any. Breaks repeat daily and may run past midnight; a zero-length break is ignored. */
export function breakAt(breaks: Break[], at: LocalTime): Break | null {
  for (let i = 0; i < breaks.length; i++) {
    const b = breaks[i]!;
    const start = parseClock(b.start);
    const end = parseClock(b.end);
    if (start === null || end === null || start === end) continue;
    if (end > start ? at.minutes >= start && at.minutes < end : at.minutes >= start || at.minutes < end) return b;
  }
  return null;
}

export function formatLocalTime(at: LocalTime): string {
  const hh = String(Math.floor(at.minutes / 60)).padStart(2, '0');
  const mm = String(at.minutes % 60).padStart(2, '0');
  return `${WEEKDAYS[at.day] ?? '?'} ${hh}:${mm}`;
}
