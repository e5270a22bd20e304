import { calendarErrors, HORIZON_YEARS } from './calendar.errors.ts';
import {
  type BusinessCalendar,
  type Calendar,
  checkCalendar,
  isTwentyFourSeven,
  WEEKDAYS,
  type Weekday,
} from './calendar.ts';
import {
  DAY_MS,
  FIRST_DAY,
  LAST_DAY,
  MINUTE_MS,
  parseCalendarDate,
  parseClockTime,
  weekdayIndex,
} from './calendar-values.ts';
import { type ZoneOffsets, zoneOffsets } from './zone-offsets.ts';

// The business-time primitives over epoch milliseconds, one implementation per kind of calendar.
export type BusinessClock = {
  isOpen(at: number): boolean;
  // `at` itself when open, otherwise the start of the next open interval.
  nextOpening(at: number): number;
  // The first instant by which `duration` (> 0) ms of open time have passed since `start`.
  addOpenTime(start: number, duration: number): number;
  // Open ms in [from, to), for from <= to.
  openTimeBetween(from: number, to: number): number;
};

export const HORIZON_DAYS = Math.ceil(HORIZON_YEARS * 365.25);

const alwaysOpenClock: BusinessClock = {
  isOpen: () => true,
  nextOpening: (at) => at,
  addOpenTime: (start, duration) => start + duration,
  openTimeBetween: (from, to) => to - from,
};

const clocksByObject = new WeakMap<BusinessCalendar, BusinessClock>();
const clocksByContent = new Map<string, BusinessClock>();
const CONTENT_CACHE_LIMIT = 500;

// Calendars are treated as immutable values. The compiled clock is cached per object and, since callers often
// rebuild the same calendar from a stored row for each request, per content too.
export function businessClock(calendar: Calendar): BusinessClock {
  if (isTwentyFourSeven(calendar)) return alwaysOpenClock;
  let clock = clocksByObject.get(calendar);
  if (clock === undefined) {
    const key = JSON.stringify([calendar.timeZone, calendar.weekly, calendar.holidays, calendar.workdays]);
    clock = clocksByContent.get(key);
    if (clock === undefined) {
      clock = compileClock(calendar);
      if (clocksByContent.size >= CONTENT_CACHE_LIMIT) clocksByContent.clear();
      clocksByContent.set(key, clock);
    }
    clocksByObject.set(calendar, clock);
  }
  return clock;
}

// Local wall-clock hours of one day as flat [start, end, start, end, …] minutes after midnight.
type WallHours = readonly number[];
// One local date's open intervals as flat [start, end, …] epoch ms, and the instant the date begins.
type DayHours = { readonly start: number; readonly intervals: readonly number[] };

const DAY_CACHE_LIMIT = 20_000;
const BY_WEEKDAY_INDEX: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function compileClock(calendar: BusinessCalendar): BusinessClock {
  if (WEEKDAYS.every((day) => calendar.weekly?.[day]?.length === 0)) throw calendarErrors.neverOpen();
  const check = checkCalendar(calendar);
  if (!check.ok) throw calendarErrors.invalid(check.errors);
  const { weekly, timeZone } = check.calendar;

  // Indexed as Date#getUTCDay: 0 = Sunday.
  const template: WallHours[] = BY_WEEKDAY_INDEX.map((day) =>
    weekly[day].flatMap(([start, end]) => [parseClockTime(start) ?? 0, parseClockTime(end) ?? 0]),
  );
  const fallback = [1, 2, 3, 4, 5, 6, 0].map((index) => template[index] ?? []).find((hours) => hours.length > 0) ?? [];
  const makeUpHours = template.map((hours) => (hours.length > 0 ? hours : fallback));
  const weekOpenMs = template.reduce((sum, hours) => sum + wallMinutes(hours) * MINUTE_MS, 0);

  const holidays = new Set(check.calendar.holidays.map(toDayNumber));
  const workdays = new Set(check.calendar.workdays.map(toDayNumber));
  const exceptionDays = [...holidays, ...workdays].sort((a, b) => a - b);
  const zone = zoneOffsets(timeZone);
  const days = new Map<number, DayHours>();

  const wallHoursOn = (day: number): WallHours => {
    if (holidays.has(day)) return [];
    const weekday = weekdayIndex(day);
    return (workdays.has(day) ? makeUpHours[weekday] : template[weekday]) ?? [];
  };

  const dayHours = (day: number): DayHours => {
    let hours = days.get(day);
    if (hours === undefined) {
      if (days.size >= DAY_CACHE_LIMIT) days.clear();
      hours = computeDayHours(zone, day, wallHoursOn(day));
      days.set(day, hours);
    }
    return hours;
  };

  // Seven whole days from `day` on that can be skipped at once: no holiday or make-up day, and one steady offset
  // (samples from the day before to the day after next week cover every instant of their wall-clock hours).
  const isPlainWeek = (day: number): boolean =>
    (firstAtOrAfter(exceptionDays, day) ?? Number.POSITIVE_INFINITY) > day + 6 && zone.isSteady(day - 1, day + 8);

  // Days before `firstDay + 3` may hold instants before the starting point, so they are never skipped whole.
  const lastDayFrom = (firstDay: number): number => {
    if (firstDay < FIRST_DAY) throw calendarErrors.horizonExceeded();
    return Math.min(LAST_DAY, firstDay + HORIZON_DAYS);
  };

  const clock: BusinessClock = {
    isOpen: (at) => {
      const local = zone.localDay(at);
      for (let day = local - 1; day <= local + 1; day++) {
        const { intervals } = dayHours(day);
        for (let i = 0; i < intervals.length; i += 2) {
          if (intervals[i]! <= at && at < intervals[i + 1]!) return true;
        }
      }
      return false;
    },
    nextOpening: (at) => {
      const firstDay = zone.localDay(at) - 1;
      const lastDay = lastDayFrom(firstDay);
      for (let day = firstDay; day <= lastDay; day++) {
        const { intervals } = dayHours(day);
        for (let i = 0; i < intervals.length; i += 2) {
          if (intervals[i + 1]! > at) return Math.max(intervals[i]!, at);
        }
      }
      throw calendarErrors.horizonExceeded();
    },
    addOpenTime: (start, duration) => {
      let remaining = duration;
      const firstDay = zone.localDay(start) - 1;
      const lastDay = lastDayFrom(firstDay);
      let day = firstDay;
      while (day <= lastDay) {
        if (day >= firstDay + 3 && remaining > weekOpenMs && isPlainWeek(day)) {
          remaining -= weekOpenMs;
          day += 7;
          continue;
        }
        const { intervals } = dayHours(day);
        for (let i = 0; i < intervals.length; i += 2) {
          const from = Math.max(intervals[i]!, start);
          const length = intervals[i + 1]! - from;
          if (length <= 0) continue;
          if (length >= remaining) return from + remaining;
          remaining -= length;
        }
        day++;
      }
      throw calendarErrors.horizonExceeded();
    },
    openTimeBetween: (from, to) => {
      let total = 0;
      const firstDay = zone.localDay(from) - 1;
      const lastDay = lastDayFrom(firstDay);
      let day = firstDay;
      while (day <= lastDay) {
        if (day >= firstDay + 3 && isPlainWeek(day) && (day + 7) * DAY_MS - zone.sampleOnDay(day) <= to) {
          total += weekOpenMs;
          day += 7;
          continue;
        }
        const { start, intervals } = dayHours(day);
        if (start >= to) return total;
        for (let i = 0; i < intervals.length; i += 2) {
          const length = Math.min(intervals[i + 1]!, to) - Math.max(intervals[i]!, from);
          if (length > 0) total += length;
        }
        day++;
      }
      throw calendarErrors.horizonExceeded();
    },
  };
  return clock;
}

function computeDayHours(zone: ZoneOffsets, day: number, wall: WallHours): DayHours {
  const samples = [
    zone.sampleOnDay(day - 1),
    zone.sampleOnDay(day),
    zone.sampleOnDay(day + 1),
    zone.sampleOnDay(day + 2),
  ];
  const offsets = [...new Set(samples)];
  const steady = offsets.length === 1 ? offsets[0]! : undefined;
  const midnight = day * DAY_MS;
  const instantOf = (minute: number): number => {
    const wallMs = midnight + minute * MINUTE_MS;
    return steady === undefined ? zone.firstInstantAtOrAfter(wallMs, offsets) : wallMs - steady;
  };
  const intervals: number[] = [];
  for (let i = 0; i < wall.length; i += 2) {
    const start = instantOf(wall[i]!);
    const end = instantOf(wall[i + 1]!);
    // A span can shrink to nothing when the clocks jump over it.
    if (end <= start) continue;
    // Touching spans ("09:00–12:00", "12:00–18:00") become one, so their shared edge is not a closing instant.
    if (intervals.length > 0 && intervals[intervals.length - 1] === start) intervals[intervals.length - 1] = end;
    else intervals.push(start, end);
  }
  return { start: instantOf(0), intervals };
}

function wallMinutes(hours: WallHours): number {
  let total = 0;
  for (let i = 0; i < hours.length; i += 2) total += hours[i + 1]! - hours[i]!;
  return total;
}

function toDayNumber(date: string): number {
  // checkCalendar has already refused malformed dates.
  return parseCalendarDate(date) ?? Number.NaN;
}

function firstAtOrAfter(sorted: readonly number[], value: number): number | undefined {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return sorted[low];
}
