import { businessClock, HORIZON_DAYS } from './business-clock.ts';
import { calendarErrors } from './calendar.errors.ts';
import type { Calendar } from './calendar.ts';
import { DAY_MS, FIRST_DAY, LAST_DAY, MINUTE_MS } from './calendar-values.ts';

// Open business time is a set of half-open spans [opens, closes) in real time. Every answer is exact to the
// millisecond; durations in minutes may be fractional and are rounded to the nearest millisecond.

// A span during which the SLA clock stands still; `to: null` means still paused.
export type Pause = { from: Date; to: Date | null };

const EARLIEST = FIRST_DAY * DAY_MS;
const LATEST = (LAST_DAY + 1) * DAY_MS - 1;
const HORIZON_MS = HORIZON_DAYS * DAY_MS;

// The due time: the first instant by which `minutes` of open time have elapsed since `start`. When the last minute
// ends as the calendar closes, due is that closing instant (Friday 18:00, not Monday 09:00). For 0 minutes, due is
// `start` when it is open or is exactly a closing instant, and otherwise the next opening: a due time is always a
// moment the calendar is open or has just closed, and adding a then b always equals adding a + b.
export function addBusinessMinutes(calendar: Calendar, start: Date, minutes: number): Date {
  const from = toInstant(start, 'start');
  const duration = toDuration(minutes);
  const clock = businessClock(calendar);
  if (duration === 0) {
    return new Date(clock.isOpen(from) || clock.isOpen(from - 1) ? from : clock.nextOpening(from));
  }
  return new Date(clock.addOpenTime(from, duration));
}

// Open minutes in [from, to); negative when `to` is before `from`. Fractional when the span is not whole minutes.
export function businessMinutesBetween(calendar: Calendar, from: Date, to: Date): number {
  return businessMillisecondsBetween(calendar, from, to) / MINUTE_MS;
}

export function businessMillisecondsBetween(calendar: Calendar, from: Date, to: Date): number {
  const a = toInstant(from, 'from');
  const b = toInstant(to, 'to');
  if (Math.abs(b - a) > HORIZON_MS) throw calendarErrors.horizonExceeded();
  const clock = businessClock(calendar);
  return a <= b ? clock.openTimeBetween(a, b) : -clock.openTimeBetween(b, a);
}

export function isOpen(calendar: Calendar, at: Date): boolean {
  return businessClock(calendar).isOpen(toInstant(at, 'at'));
}

// `at` itself when the calendar is open then, otherwise the instant it next opens.
export function nextOpening(calendar: Calendar, at: Date): Date {
  return new Date(businessClock(calendar).nextOpening(toInstant(at, 'at')));
}

// As addBusinessMinutes, with paused spans not counting as open time. Pauses may overlap, come in any order and
// begin before `start`. Returns null when an open-ended pause (`to: null`) begins before the due time is reached:
// the clock is stopped and there is no due time yet.
export function addBusinessMinutesWithPauses(
  calendar: Calendar,
  start: Date,
  minutes: number,
  pauses: readonly Pause[],
): Date | null {
  const from = toInstant(start, 'start');
  const duration = toDuration(minutes);
  const spans = mergePauses(pauses).filter(([, to]) => to > from);
  const clock = businessClock(calendar);
  const pausedUntil = (at: number): number | undefined => spans.find(([a, b]) => a <= at && at < b)?.[1];

  if (duration === 0) {
    const counting = (at: number): boolean => clock.isOpen(at) && pausedUntil(at) === undefined;
    if (counting(from) || counting(from - 1)) return new Date(from);
    let at = from;
    for (;;) {
      const resume = pausedUntil(at);
      if (resume === Number.POSITIVE_INFINITY) return null;
      const opening = clock.nextOpening(resume ?? at);
      if (pausedUntil(opening) === undefined) return new Date(opening);
      at = opening;
    }
  }

  let cursor = from;
  let remaining = duration;
  for (const [pauseFrom, pauseTo] of spans) {
    if (pauseFrom > cursor) {
      const due = clock.addOpenTime(cursor, remaining);
      if (due <= pauseFrom) return new Date(due);
      remaining -= clock.openTimeBetween(cursor, pauseFrom);
    }
    if (pauseTo === Number.POSITIVE_INFINITY) return null;
    cursor = Math.max(cursor, pauseTo);
  }
  return new Date(clock.addOpenTime(cursor, remaining));
}

// Sorted, disjoint [from, to) spans in epoch ms; an open-ended pause ends at +Infinity.
function mergePauses(pauses: readonly Pause[]): [number, number][] {
  const spans = pauses
    .map((pause, index): [number, number] => {
      const from = toInstant(pause.from, `pauses[${index}].from`);
      const to = pause.to === null ? Number.POSITIVE_INFINITY : toInstant(pause.to, `pauses[${index}].to`);
      if (to < from) throw new RangeError(`pauses[${index}] ends before it begins.`);
      return [from, to];
    })
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last !== undefined && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push(span);
  }
  return merged;
}

function toInstant(value: Date, name: string): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (!(ms >= EARLIEST && ms <= LATEST)) {
    throw new RangeError(`${name} must be a valid Date between 1000-01-01 and 9999-12-31 (UTC).`);
  }
  return ms;
}

function toDuration(minutes: number): number {
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`minutes must be a finite number of minutes, 0 or more; got ${String(minutes)}.`);
  }
  const ms = Math.round(minutes * MINUTE_MS);
  if (ms > HORIZON_MS) throw calendarErrors.horizonExceeded();
  return ms;
}
