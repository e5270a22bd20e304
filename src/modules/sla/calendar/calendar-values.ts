import type { FieldError } from '../../../platform/errors/app-error.ts';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

// Day numbers count local calendar dates from 1970-01-01 (day 0, a Thursday).
export const FIRST_DAY = -354_285; // 1000-01-01
export const LAST_DAY = 2_932_896; // 9999-12-31

const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Minutes after midnight for "HH:MM", 1440 for "24:00", undefined for anything else ("9:00", "24:01", "12:60").
export function parseClockTime(text: string): number | undefined {
  if (text === '24:00') return 1440;
  const match = CLOCK_TIME.exec(text);
  if (match === null) return undefined;
  return Number(match[1]) * 60 + Number(match[2]);
}

// The day number of a real "YYYY-MM-DD" date between 1000-01-01 and 9999-12-31, or undefined.
export function parseCalendarDate(text: string): number | undefined {
  const match = CALENDAR_DATE.exec(text);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1000 || month < 1 || month > 12 || day < 1) return undefined;
  const ms = Date.UTC(year, month - 1, day);
  if (new Date(ms).getUTCDate() !== day) return undefined;
  return ms / DAY_MS;
}

export function formatCalendarDate(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

// 0 = Sunday … 6 = Saturday, as Date#getUTCDay.
export function weekdayIndex(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

const knownZones = new Map<string, string | undefined>();

// The zone's canonical spelling ("asia/shanghai" → "Asia/Shanghai"), or undefined when Intl does not know it.
export function isKnownTimeZone(name: string): string | undefined {
  if (knownZones.has(name)) return knownZones.get(name);
  let canonical: string | undefined;
  try {
    canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    canonical = undefined;
  }
  // Building a formatter costs tens of microseconds; the answers are few and never change.
  if (knownZones.size >= 1000) knownZones.clear();
  knownZones.set(name, canonical);
  return canonical;
}

export type DateLists = { holidays: string[]; workdays: string[] };

// Checks two lists of "YYYY-MM-DD" dates: each well formed, none twice, none in both. Paths are /holidays/3 etc.
export function checkDateLists(
  lists: { holidays: unknown; workdays: unknown },
  errors: FieldError[],
  pathPrefix = '',
): DateLists | undefined {
  const before = errors.length;
  const seen = new Map<number, { at: string; list: string }>();
  const holidays = checkDateList(lists.holidays, `${pathPrefix}/holidays`, seen, errors);
  const workdays = checkDateList(lists.workdays, `${pathPrefix}/workdays`, seen, errors);
  if (holidays === undefined || workdays === undefined || errors.length > before) return undefined;
  return { holidays, workdays };
}

function checkDateList(
  value: unknown,
  path: string,
  seen: Map<number, { at: string; list: string }>,
  errors: FieldError[],
): string[] | undefined {
  if (!Array.isArray(value)) {
    errors.push({ path, message: `${path} must be a list of dates in YYYY-MM-DD form (use [] for none).` });
    return undefined;
  }
  const dates: string[] = [];
  value.forEach((item: unknown, index) => {
    const at = `${path}/${index}`;
    const dayNumber = typeof item === 'string' ? parseCalendarDate(item) : undefined;
    if (typeof item !== 'string' || dayNumber === undefined) {
      errors.push({
        path: at,
        message: `${at} is ${JSON.stringify(item) ?? 'undefined'}, not a real date in YYYY-MM-DD form between 1000-01-01 and 9999-12-31.`,
      });
      return;
    }
    const first = seen.get(dayNumber);
    if (first !== undefined) {
      errors.push({
        path: at,
        message:
          first.list === path
            ? `${item} at ${at} is listed twice (also at ${first.at}).`
            : `${item} at ${at} is also listed at ${first.at}; a date cannot be both a holiday and a workday.`,
      });
      return;
    }
    seen.set(dayNumber, { at, list: path });
    dates.push(item);
  });
  return dates;
}
