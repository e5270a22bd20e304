import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOpen } from './business-time.ts';
import { buildCalendar, weekdays } from './calendar.fixtures.ts';
import { type BusinessCalendar, type OpeningInterval, WEEKDAYS } from './calendar.ts';

// Checks the engine near offset changes against a brute-force reading of the rule "an interval opens at the first
// instant the wall clock reads its start or later, and closes likewise at its end", by formatting every minute
// around the instant with Intl. Transitions and boundaries in these zones fall on whole minutes.
const MINUTE = 60_000;
const DAY = 86_400_000;
const ZONES = ['America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'America/Havana', 'Europe/London'];

const formatters = new Map<string, Intl.DateTimeFormat>();
const wallClock = (timeZone: string, ms: number): number => {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(ms);
  const get = (type: string): number => Number(parts.find((part) => part.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
};

// Every hour of 2026 where a zone's offset changes.
const transitions = ZONES.flatMap((timeZone) => {
  const found: { timeZone: string; at: number }[] = [];
  let previous = wallClock(timeZone, Date.UTC(2026, 0, 1)) - Date.UTC(2026, 0, 1);
  for (let at = Date.UTC(2026, 0, 1); at < Date.UTC(2027, 0, 1); at += 3_600_000) {
    const offset = wallClock(timeZone, at) - at;
    if (offset !== previous) found.push({ timeZone, at });
    previous = offset;
  }
  return found;
});

// Whether the calendar is open at each instant within 30 hours of `around`, from a wall-clock reading of every
// minute from 2.5 days before to 2.5 days after it.
function referenceIsOpen(calendar: BusinessCalendar, around: number): (at: number) => boolean {
  const first = Math.floor(around / MINUTE) * MINUTE - 2.5 * DAY;
  const walls = Array.from({ length: 5 * 1440 }, (_, i) => wallClock(calendar.timeZone, first + i * MINUTE));
  const firstReach = (wall: number): number => first + walls.findIndex((w) => w >= wall) * MINUTE;
  const toMinute = (text: string): number => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));
  const open: [number, number][] = [];
  const aroundDay = Math.floor(wallClock(calendar.timeZone, around) / DAY);
  for (let day = aroundDay - 2; day <= aroundDay + 2; day++) {
    const date = new Date(day * DAY).toISOString().slice(0, 10);
    if (calendar.holidays.includes(date)) continue;
    const weekday = WEEKDAYS[(new Date(day * DAY).getUTCDay() + 6) % 7]!;
    for (const [a, b] of calendar.weekly[weekday]) {
      open.push([firstReach(day * DAY + toMinute(a) * MINUTE), firstReach(day * DAY + toMinute(b) * MINUTE)]);
    }
  }
  return (at) => open.some(([opens, closes]) => opens <= at && at < closes);
}

const halfHour = fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 48 }));
const interval: fc.Arbitrary<OpeningInterval> = fc
  .tuple(halfHour, halfHour)
  .filter(([a, b]) => a !== b)
  .map(([a, b]) => [clock(Math.min(a, b)), clock(Math.max(a, b))]);

function clock(halfHours: number): string {
  if (halfHours === 48) return '24:00';
  return `${String(Math.floor(halfHours / 2)).padStart(2, '0')}:${halfHours % 2 ? '30' : '00'}`;
}

describe('isOpen near offset changes', () => {
  it('found the 2026 transitions to test around', () => {
    expect(transitions.length).toBeGreaterThanOrEqual(2 * ZONES.length);
  });

  it('agrees, minute by minute for 30 hours either side, with a reading of the wall clock', () => {
    fc.assert(
      fc.property(fc.constantFrom(...transitions), interval, interval, (transition, weekdayHours, weekendHours) => {
        const calendar = buildCalendar({
          timeZone: transition.timeZone,
          weekly: weekdays([weekdayHours], [weekendHours]),
        });
        const expected = referenceIsOpen(calendar, transition.at);
        // Each whole minute and the millisecond before it, so a boundary off by one millisecond shows.
        for (let step = -2 * 30 * 60; step <= 2 * 30 * 60; step++) {
          const at = transition.at + Math.ceil(step / 2) * MINUTE - (step % 2 === 0 ? 0 : 1);
          if (isOpen(calendar, new Date(at)) !== expected(at)) {
            expect({ at: new Date(at).toISOString(), open: isOpen(calendar, new Date(at)) }).toEqual({
              at: new Date(at).toISOString(),
              open: expected(at),
            });
          }
        }
      }),
      { numRuns: 30 },
    );
  });
});
