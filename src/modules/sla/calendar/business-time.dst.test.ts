import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, isOpen, nextOpening } from './business-time.ts';
import { at, buildCalendar, weekdays } from './calendar.fixtures.ts';
import type { BusinessCalendar, OpeningInterval } from './calendar.ts';

const ALL_DAY: OpeningInterval[] = [['00:00', '24:00']];

const sundays = (timeZone: string, hours: OpeningInterval[]): BusinessCalendar =>
  buildCalendar({ timeZone, weekly: { ...weekdays([]), sun: hours } });

const wallClock = (date: Date, timeZone: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);

const minutesOn = (calendar: BusinessCalendar, from: string, to: string): number =>
  businessMinutesBetween(calendar, at(from), at(to));

describe('New York, clocks back on Sunday 1 November 2026', () => {
  const newYork = buildCalendar({ timeZone: 'America/New_York', weekly: weekdays(ALL_DAY, ALL_DAY) });

  it('adds an hour to 01:30 EDT and lands on 01:30 EST, the second 01:30 of the night', () => {
    const start = at('2026-11-01T05:30:00Z');
    const result = addBusinessMinutes(newYork, start, 60);
    expect(result.toISOString()).toBe('2026-11-01T06:30:00.000Z');
    expect(wallClock(start, 'America/New_York')).toBe('01:30');
    expect(wallClock(result, 'America/New_York')).toBe('01:30');
  });

  it('counts a 25-hour Sunday when open all day', () => {
    expect(minutesOn(newYork, '2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z')).toBe(1500);
  });

  it('opens 01:00–02:00 for two real hours, since the hour occurs twice', () => {
    const calendar = sundays('America/New_York', [['01:00', '02:00']]);
    expect(minutesOn(calendar, '2026-10-31T00:00:00Z', '2026-11-02T00:00:00Z')).toBe(120);
    expect(isOpen(calendar, at('2026-11-01T06:30:00Z'))).toBe(true);
    expect(isOpen(calendar, at('2026-11-01T07:00:00Z'))).toBe(false);
  });

  it('takes an ambiguous boundary at its first occurrence', () => {
    const opensAtHalfPast = sundays('America/New_York', [['01:30', '03:00']]);
    expect(nextOpening(opensAtHalfPast, at('2026-11-01T04:00:00Z')).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(minutesOn(opensAtHalfPast, '2026-10-31T00:00:00Z', '2026-11-02T00:00:00Z')).toBe(150);

    const closesAtHalfPast = sundays('America/New_York', [['00:00', '01:30']]);
    expect(minutesOn(closesAtHalfPast, '2026-10-31T00:00:00Z', '2026-11-02T00:00:00Z')).toBe(90);
    // 01:00 EST reads earlier than 01:30 on the wall, but comes after the first 01:30: closed.
    expect(isOpen(closesAtHalfPast, at('2026-11-01T06:00:00Z'))).toBe(false);
  });

  it('moves weekday hours with the offset', () => {
    const nineToFive = buildCalendar({ timeZone: 'America/New_York', weekly: weekdays([['09:00', '17:00']]) });
    expect(addBusinessMinutes(nineToFive, at('2026-10-30T20:00:00Z'), 120).toISOString()).toBe(
      '2026-11-02T15:00:00.000Z',
    );
  });
});

describe('New York, clocks forward on Sunday 8 March 2026', () => {
  it('counts a 23-hour Sunday when open all day', () => {
    const newYork = buildCalendar({ timeZone: 'America/New_York', weekly: weekdays(ALL_DAY, ALL_DAY) });
    expect(minutesOn(newYork, '2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z')).toBe(1380);
  });

  it('opens 01:00–03:00 for one real hour', () => {
    const calendar = sundays('America/New_York', [['01:00', '03:00']]);
    expect(minutesOn(calendar, '2026-03-07T00:00:00Z', '2026-03-09T00:00:00Z')).toBe(60);
    expect(isOpen(calendar, at('2026-03-08T06:59:59.999Z'))).toBe(true);
    expect(isOpen(calendar, at('2026-03-08T07:00:00Z'))).toBe(false);
  });

  it('never opens an interval the clocks jump over', () => {
    const calendar = sundays('America/New_York', [['02:00', '03:00']]);
    expect(minutesOn(calendar, '2026-03-07T00:00:00Z', '2026-03-09T00:00:00Z')).toBe(0);
    expect(nextOpening(calendar, at('2026-03-08T05:00:00Z')).toISOString()).toBe('2026-03-15T06:00:00.000Z');
  });

  it('opens a skipped start time at the instant of the jump', () => {
    const calendar = sundays('America/New_York', [['02:30', '04:00']]);
    expect(nextOpening(calendar, at('2026-03-08T05:00:00Z')).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(addBusinessMinutes(calendar, at('2026-03-08T05:00:00Z'), 60).toISOString()).toBe('2026-03-08T08:00:00.000Z');
  });

  it('carries Friday afternoon to Monday morning across the change', () => {
    const nineToFive = buildCalendar({ timeZone: 'America/New_York', weekly: weekdays([['09:00', '17:00']]) });
    expect(addBusinessMinutes(nineToFive, at('2026-03-06T21:00:00Z'), 120).toISOString()).toBe(
      '2026-03-09T14:00:00.000Z',
    );
  });
});

describe('zones that change at midnight or by half an hour', () => {
  it('Santiago skips 00:00–01:00 on Sunday 6 September 2026', () => {
    const santiago = buildCalendar({ timeZone: 'America/Santiago', weekly: weekdays([], ALL_DAY) });
    expect(minutesOn(santiago, '2026-09-05T00:00:00Z', '2026-09-08T00:00:00Z')).toBe(24 * 60 + 23 * 60);
    expect(nextOpening(santiago, at('2026-09-05T00:00:00Z')).toISOString()).toBe('2026-09-05T04:00:00.000Z');
  });

  it('Santiago repeats Saturday 23:00–24:00 on 4 April 2026, a 25-hour Saturday', () => {
    const saturdays = buildCalendar({ timeZone: 'America/Santiago', weekly: { ...weekdays([]), sat: ALL_DAY } });
    // At 24:00 −03 the clock goes back to 23:00 −04: Sunday begins once, at 04:00Z.
    expect(minutesOn(saturdays, '2026-04-04T00:00:00Z', '2026-04-06T00:00:00Z')).toBe(25 * 60);
    expect(isOpen(saturdays, at('2026-04-05T03:30:00Z'))).toBe(true);
    expect(isOpen(saturdays, at('2026-04-05T04:00:00Z'))).toBe(false);
  });

  it('Lord Howe shifts by thirty minutes', () => {
    const lordHowe = buildCalendar({ timeZone: 'Australia/Lord_Howe', weekly: weekdays([], ALL_DAY) });
    // Sunday 4 October 2026 02:00 → 02:30 (+10:30 → +11); Sunday 5 April 2026 02:00 → 01:30 (+11 → +10:30).
    expect(minutesOn(lordHowe, '2026-10-02T13:30:00Z', '2026-10-04T13:00:00Z')).toBe(47.5 * 60);
    expect(minutesOn(lordHowe, '2026-04-03T13:00:00Z', '2026-04-05T13:30:00Z')).toBe(48.5 * 60);
  });

  it('London loses an hour on Sunday 29 March 2026', () => {
    const london = buildCalendar({ timeZone: 'Europe/London', weekly: weekdays([], ALL_DAY) });
    expect(minutesOn(london, '2026-03-29T00:00:00Z', '2026-03-29T23:00:00Z')).toBe(23 * 60);
    expect(isOpen(london, at('2026-03-29T22:59:59.999Z'))).toBe(true);
    expect(isOpen(london, at('2026-03-29T23:00:00Z'))).toBe(false);
  });
});
