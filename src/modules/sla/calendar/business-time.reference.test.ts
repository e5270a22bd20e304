import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOpen } from './business-time.ts';
import { type BusinessCalendar, type OpeningInterval, WEEKDAYS } from './calendar.ts';
import { buildCalendar, weekdays } from './calendar.fixtures.ts';

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

function referenceIsOpen(calendar: BusinessCalendar, at: number): boolean {
  const first = Math.floor(at / MINUTE) * MINUTE - 2 * DAY;
  const walls = Array.from({ length: 4 * 1440 }, (_, i) => wallClock(calendar.timeZone, first + i * MINUTE));
  const firstReach = (wall: number): number => first + walls.findIndex((w) => w >= wall) * MINUTE;
  const toMinute = (text: string): number => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));
  const localDay = Math.floor(wallClock(calendar.timeZone, at) / DAY);
  for (let day = localDay - 1; day <= localDay + 1; day++) {
    const date = new Date(day * DAY).toISOString().slice(0, 10);
    if (calendar.holidays.includes(date)) continue;
    const weekday = WEEKDAYS[(new Date(day * DAY).getUTCDay() + 6) % 7]!;
    const hours = calendar.weekly[weekday];
    for (const [a, b] of hours) {
      const opens = firstReach(day * DAY + toMinute(a) * MINUTE);
      const closes = firstReach(day * DAY + toMinute(b) * MINUTE);
      if (opens <= at && at < closes) return true;
    }
  }
  return false;
}

const halfHour = fc.integer({ min: 0, max: 48 });
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

  it('agrees with a minute-by-minute reading of the wall clock', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...transitions),
        fc.integer({ min: -30 * 60, max: 30 * 60 }),
        interval,
        interval,
        (transition, minutes, weekdayHours, weekendHours) => {
          const calendar = buildCalendar({
            timeZone: transition.timeZone,
            weekly: weekdays([weekdayHours], [weekendHours]),
          });
          const at = transition.at + minutes * MINUTE;
          expect(isOpen(calendar, new Date(at))).toBe(referenceIsOpen(calendar, at));
        },
      ),
      { numRuns: 40 },
    );
  });
});
