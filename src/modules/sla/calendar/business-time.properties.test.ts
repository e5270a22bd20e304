import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  addBusinessMinutesWithPauses,
  businessMillisecondsBetween,
  businessMinutesBetween,
  isOpen,
  nextOpening,
  type Pause,
} from './business-time.ts';
import { buildCalendar } from './calendar.fixtures.ts';
import { type BusinessCalendar, type OpeningInterval, WEEKDAYS, type WeeklyHours } from './calendar.ts';

// Zones with clocks that change at 02:00, at midnight, by half an hour, or never.
const ZONES = [
  'Asia/Shanghai',
  'America/New_York',
  'Europe/London',
  'America/Santiago',
  'Australia/Lord_Howe',
  'America/Havana',
  'UTC',
];
const WINDOW_START = Date.UTC(2025, 11, 1);
const WINDOW_END = Date.UTC(2027, 1, 1);
const DAY = 86_400_000;

const clock = (halfHours: number): string =>
  halfHours === 48 ? '24:00' : `${String(Math.floor(halfHours / 2)).padStart(2, '0')}:${halfHours % 2 ? '30' : '00'}`;

// Up to three sorted, non-overlapping intervals on a half-hour grid, each at least half an hour long.
const dayHours: fc.Arbitrary<OpeningInterval[]> = fc
  .uniqueArray(fc.integer({ min: 0, max: 48 }), { maxLength: 6 })
  .map((edges) => {
    const sorted = [...edges].sort((a, b) => a - b);
    const intervals: OpeningInterval[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) intervals.push([clock(sorted[i]!), clock(sorted[i + 1]!)]);
    return intervals;
  });

const weekly: fc.Arbitrary<WeeklyHours> = fc
  .tuple(dayHours, dayHours, dayHours, dayHours, dayHours, dayHours, dayHours)
  .map(([mon, tue, wed, thu, fri, sat, sun]) => ({ mon, tue, wed, thu, fri, sat, sun }))
  .filter((hours) => WEEKDAYS.some((day) => hours[day].length > 0));

const dateIn = fc
  .integer({ min: WINDOW_START / DAY, max: WINDOW_END / DAY })
  .map((day) => new Date(day * DAY).toISOString().slice(0, 10));

const calendar: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    weekly,
    dates: fc.uniqueArray(dateIn, { maxLength: 12 }),
    split: fc.nat({ max: 12 }),
  })
  .map(({ timeZone, weekly, dates, split }) =>
    buildCalendar({ timeZone, weekly, holidays: dates.slice(split), workdays: dates.slice(0, split) }),
  );

const instant = fc.date({ min: new Date(WINDOW_START), max: new Date(WINDOW_END), noInvalidDate: true });
const minutes = fc.oneof(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 0, max: 60_000 }));
const RUNS = { numRuns: 150 };

const ms = (date: Date | null): number => (date === null ? Number.POSITIVE_INFINITY : date.getTime());

describe('addBusinessMinutes properties', () => {
  it('is monotone non-decreasing in the start', () => {
    fc.assert(
      fc.property(calendar, instant, fc.integer({ min: 0, max: 10 * DAY }), minutes, (cal, start, gap, m) => {
        const later = new Date(start.getTime() + gap);
        expect(ms(addBusinessMinutes(cal, start, m))).toBeLessThanOrEqual(ms(addBusinessMinutes(cal, later, m)));
      }),
      RUNS,
    );
  });

  it('is monotone non-decreasing in the duration', () => {
    fc.assert(
      fc.property(calendar, instant, minutes, fc.double({ min: 0, max: 600, noNaN: true }), (cal, start, m, extra) => {
        expect(ms(addBusinessMinutes(cal, start, m))).toBeLessThanOrEqual(
          ms(addBusinessMinutes(cal, start, m + extra)),
        );
      }),
      RUNS,
    );
  });

  it('never lands strictly inside a closed period', () => {
    fc.assert(
      fc.property(calendar, instant, minutes, (cal, start, m) => {
        const due = addBusinessMinutes(cal, start, m);
        const justBefore = new Date(due.getTime() - 1);
        if (m > 0) expect(isOpen(cal, justBefore)).toBe(true);
        else expect(isOpen(cal, due) || isOpen(cal, justBefore)).toBe(true);
      }),
      RUNS,
    );
  });

  it('is undone by businessMinutesBetween', () => {
    fc.assert(
      fc.property(calendar, instant, minutes, (cal, start, m) => {
        expect(businessMinutesBetween(cal, start, addBusinessMinutes(cal, start, m))).toBe(m);
      }),
      RUNS,
    );
  });

  it('adds a + b as a then b', () => {
    fc.assert(
      fc.property(calendar, instant, minutes, minutes, (cal, start, a, b) => {
        const once = addBusinessMinutes(cal, start, a + b);
        const twice = addBusinessMinutes(cal, addBusinessMinutes(cal, start, a), b);
        expect(twice.toISOString()).toBe(once.toISOString());
      }),
      RUNS,
    );
  });
});

describe('businessMinutesBetween and nextOpening properties', () => {
  it('adds up over consecutive spans', () => {
    fc.assert(
      fc.property(calendar, fc.array(instant, { minLength: 3, maxLength: 3 }), (cal, points) => {
        const [a, b, c] = points.sort((x, y) => x.getTime() - y.getTime()) as [Date, Date, Date];
        const whole = businessMillisecondsBetween(cal, a, c);
        expect(businessMillisecondsBetween(cal, a, b) + businessMillisecondsBetween(cal, b, c)).toBe(whole);
        expect(businessMillisecondsBetween(cal, c, a)).toBe(-whole);
      }),
      RUNS,
    );
  });

  it('finds an open instant with nothing open before it', () => {
    fc.assert(
      fc.property(calendar, instant, (cal, at) => {
        const opening = nextOpening(cal, at);
        expect(isOpen(cal, opening)).toBe(true);
        expect(businessMillisecondsBetween(cal, at, opening)).toBe(0);
        if (isOpen(cal, at)) expect(opening.getTime()).toBe(at.getTime());
      }),
      RUNS,
    );
  });

  it('agrees with the wall clock read through Intl away from offset changes', () => {
    fc.assert(
      fc.property(calendar, instant, (cal, at) => {
        const expected = referenceIsOpen(cal, at);
        if (expected !== undefined) expect(isOpen(cal, at)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

const pause: fc.Arbitrary<Pause> = fc
  .tuple(instant, fc.integer({ min: 0, max: 3 * DAY }), fc.boolean())
  .map(([from, length, open]) => ({ from, to: open ? null : new Date(from.getTime() + length) }));

describe('addBusinessMinutesWithPauses properties', () => {
  it('never makes the due time earlier', () => {
    fc.assert(
      fc.property(calendar, instant, minutes, fc.array(pause, { maxLength: 4 }), (cal, start, m, pauses) => {
        const plain = addBusinessMinutes(cal, start, m);
        expect(ms(addBusinessMinutesWithPauses(cal, start, m, pauses))).toBeGreaterThanOrEqual(ms(plain));
      }),
      RUNS,
    );
  });

  it('counts exactly the requested minutes outside pauses', () => {
    const closedPause = pause.filter((p) => p.to !== null);
    fc.assert(
      fc.property(calendar, instant, minutes, fc.array(closedPause, { maxLength: 4 }), (cal, start, m, pauses) => {
        const due = addBusinessMinutesWithPauses(cal, start, m, pauses);
        if (due === null) throw new Error('closed pauses always leave a due time');
        const paused = mergedWithin(pauses, start.getTime(), due.getTime()).reduce(
          (sum, [from, to]) => sum + businessMillisecondsBetween(cal, new Date(from), new Date(to)),
          0,
        );
        expect(businessMillisecondsBetween(cal, start, due) - paused).toBe(m * 60_000);
      }),
      RUNS,
    );
  });
});

// Pauses clipped to [from, to) and merged, in epoch ms.
function mergedWithin(pauses: Pause[], from: number, to: number): [number, number][] {
  const spans = pauses
    .map((p): [number, number] => [Math.max(p.from.getTime(), from), Math.min(p.to?.getTime() ?? to, to)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last !== undefined && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push(span);
  }
  return merged;
}

// Open or not by reading the local date and time with Intl; undefined within a day of an offset change, where
// "the wall clock reads HH:MM" is ambiguous and the engine's first-occurrence rule applies instead.
function referenceIsOpen(cal: BusinessCalendar, at: Date): boolean | undefined {
  const offset = (ms: number): number => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: cal.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }).formatToParts(ms);
    const get = (type: string): number => Number(parts.find((part) => part.type === type)?.value);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - ms;
  };
  const t = Math.floor(at.getTime() / 1000) * 1000;
  const here = offset(t);
  if (offset(t - 1.5 * DAY) !== here || offset(t + 1.5 * DAY) !== here) return undefined;
  const local = new Date(at.getTime() + here);
  const date = local.toISOString().slice(0, 10);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes() + local.getUTCSeconds() / 60;
  const weekday = WEEKDAYS[(local.getUTCDay() + 6) % 7]!;
  if (cal.holidays.includes(date)) return false;
  let hours = cal.weekly[weekday];
  if (cal.workdays.includes(date) && hours.length === 0) {
    hours = [cal.weekly.mon, cal.weekly.tue, cal.weekly.wed, cal.weekly.thu, cal.weekly.fri, cal.weekly.sat]
      .concat([cal.weekly.sun])
      .find((h) => h.length > 0)!;
  }
  const toMinute = (text: string): number => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));
  return hours.some(([a, b]) => toMinute(a) <= minute && minute < toMinute(b));
}
