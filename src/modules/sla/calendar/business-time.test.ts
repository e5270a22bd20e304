import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors/app-error.ts';
import {
  addBusinessMinutes,
  addBusinessMinutesWithPauses,
  businessMillisecondsBetween,
  businessMinutesBetween,
  isOpen,
  nextOpening,
} from './business-time.ts';
import { at, buildCalendar, weekdays } from './calendar.fixtures.ts';
import { twentyFourSeven } from './calendar.ts';
import { chinaStandardCalendar } from './china-2026.ts';

const china = chinaStandardCalendar(2026);
const chinaWithLunch = chinaStandardCalendar(2026, { lunchBreak: true });
const shanghai = buildCalendar();
const withLunch = buildCalendar({
  weekly: weekdays([
    ['09:00', '12:00'],
    ['13:00', '18:00'],
  ]),
});

const due = (...args: Parameters<typeof addBusinessMinutes>): string => addBusinessMinutes(...args).toISOString();

describe('China 2026 National Day week', () => {
  it('lands a P2 ticket from Wed 30 September 17:30 with 4 business hours on Thursday 8 October', () => {
    expect(due(china, at('2026-09-30T17:30:00+08:00'), 240)).toBe(at('2026-10-08T12:30:00+08:00').toISOString());
  });

  it('skips the lunch hour on the first working day after the holiday', () => {
    expect(due(chinaWithLunch, at('2026-09-30T17:30:00+08:00'), 240)).toBe(
      at('2026-10-08T13:30:00+08:00').toISOString(),
    );
  });

  it('counts the make-up Saturday 10 October as a working day', () => {
    expect(due(china, at('2026-10-09T16:00:00+08:00'), 240)).toBe(at('2026-10-10T11:00:00+08:00').toISOString());
    expect(isOpen(china, at('2026-10-10T10:00:00+08:00'))).toBe(true);
    expect(isOpen(china, at('2026-10-17T10:00:00+08:00'))).toBe(false);
  });

  it('counts the make-up Sunday 20 September before the holiday', () => {
    expect(due(china, at('2026-09-18T17:00:00+08:00'), 120)).toBe(at('2026-09-20T10:00:00+08:00').toISOString());
  });

  it('measures the whole Mid-Autumn and National Day stretch as business minutes', () => {
    // 30 Sep 17:30–18:00, then 8 Oct 09:00–18:00 and 9 Oct 09:00–18:00.
    const minutes = businessMinutesBetween(china, at('2026-09-30T17:30:00+08:00'), at('2026-10-10T00:00:00+08:00'));
    expect(minutes).toBe(30 + 540 + 540);
  });

  it('opens next on 8 October when asked during the holiday', () => {
    expect(nextOpening(china, at('2026-10-03T12:00:00+08:00')).toISOString()).toBe(
      at('2026-10-08T09:00:00+08:00').toISOString(),
    );
  });
});

describe('addBusinessMinutes', () => {
  it('carries Friday 16:30 plus 4 business hours over the weekend to Monday 11:30', () => {
    expect(due(shanghai, at('2026-03-06T16:30:00+08:00'), 240)).toBe(at('2026-03-09T11:30:00+08:00').toISOString());
  });

  it('waits out the lunch break', () => {
    expect(due(withLunch, at('2026-03-02T11:30:00+08:00'), 60)).toBe(at('2026-03-02T13:30:00+08:00').toISOString());
    expect(due(withLunch, at('2026-03-02T12:15:00+08:00'), 30)).toBe(at('2026-03-02T13:30:00+08:00').toISOString());
    expect(isOpen(withLunch, at('2026-03-02T12:30:00+08:00'))).toBe(false);
  });

  it('ends at the closing instant when the work ends exactly at close', () => {
    expect(due(withLunch, at('2026-03-02T11:00:00+08:00'), 60)).toBe(at('2026-03-02T12:00:00+08:00').toISOString());
    expect(due(shanghai, at('2026-03-06T17:00:00+08:00'), 60)).toBe(at('2026-03-06T18:00:00+08:00').toISOString());
  });

  it('gives the start for 0 minutes when open or exactly at closing, otherwise the next opening', () => {
    expect(due(shanghai, at('2026-03-06T10:00:00+08:00'), 0)).toBe(at('2026-03-06T10:00:00+08:00').toISOString());
    expect(due(shanghai, at('2026-03-06T18:00:00+08:00'), 0)).toBe(at('2026-03-06T18:00:00+08:00').toISOString());
    expect(due(shanghai, at('2026-03-06T18:00:00.001+08:00'), 0)).toBe(at('2026-03-09T09:00:00+08:00').toISOString());
    expect(due(shanghai, at('2026-03-07T10:00:00+08:00'), 0)).toBe(at('2026-03-09T09:00:00+08:00').toISOString());
  });

  it('is exact to the millisecond for fractional minutes', () => {
    expect(due(shanghai, at('2026-03-06T17:59:59.000+08:00'), 0.5)).toBe(
      at('2026-03-09T09:00:29.000+08:00').toISOString(),
    );
    expect(due(shanghai, at('2026-03-02T09:00:00+08:00'), 1 / 60_000)).toBe(
      at('2026-03-02T09:00:00.001+08:00').toISOString(),
    );
  });

  it('runs across midnight with "24:00" and "00:00"', () => {
    const nights = buildCalendar({
      weekly: { ...weekdays([]), fri: [['22:00', '24:00']], sat: [['00:00', '02:00']] },
    });
    expect(due(nights, at('2026-03-06T23:00:00+08:00'), 120)).toBe(at('2026-03-07T01:00:00+08:00').toISOString());
    expect(isOpen(nights, at('2026-03-07T00:00:00+08:00'))).toBe(true);
    // Friday's 24:00 and Saturday's 00:00 are one instant, so it is not a closing instant.
    expect(due(nights, at('2026-03-06T22:00:00+08:00'), 120)).toBe(at('2026-03-07T00:00:00+08:00').toISOString());
  });

  it('adds 100,000 minutes quickly and exactly', () => {
    const started = performance.now();
    const result = addBusinessMinutes(china, at('2026-01-05T09:00:00+08:00'), 100_000);
    expect(businessMinutesBetween(china, at('2026-01-05T09:00:00+08:00'), result)).toBe(100_000);
    // 100,000 / 540 = 185 working days and 100 minutes: the 186th working day from 5 January is 8 October.
    expect(result.toISOString()).toBe(at('2026-10-08T10:40:00+08:00').toISOString());
    const nine = buildCalendar({ timeZone: 'America/New_York' });
    const later = addBusinessMinutes(nine, at('2026-01-05T09:00:00-05:00'), 1_000_000);
    expect(businessMinutesBetween(nine, at('2026-01-05T09:00:00-05:00'), later)).toBe(1_000_000);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses negative, non-finite and non-number minutes with a RangeError', () => {
    for (const minutes of [-1, Number.NaN, Number.POSITIVE_INFINITY, '5' as unknown as number]) {
      expect(() => addBusinessMinutes(shanghai, at('2026-03-02T09:00:00Z'), minutes)).toThrow(RangeError);
    }
    expect(() => addBusinessMinutes(shanghai, new Date(Number.NaN), 1)).toThrow(RangeError);
  });

  it('throws CALENDAR_NEVER_OPEN for a calendar with no hours on any day', () => {
    const closed = buildCalendar({ weekly: weekdays([]) });
    expect(() => addBusinessMinutes(closed, at('2026-03-02T09:00:00Z'), 60)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_NEVER_OPEN' }),
    );
    expect(() => nextOpening(closed, at('2026-03-02T09:00:00Z'))).toThrow(AppError);
  });

  it('refuses answers more than 100 years away', () => {
    const sundays = buildCalendar({ weekly: { ...weekdays([]), sun: [['09:00', '09:01']] } });
    expect(() => addBusinessMinutes(sundays, at('2026-03-02T09:00:00Z'), 10_000)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_HORIZON_EXCEEDED' }),
    );
  });

  it('throws CALENDAR_INVALID for a calendar built in code with bad hours', () => {
    const broken = buildCalendar({ weekly: weekdays([['18:00', '09:00']]) });
    expect(() => isOpen(broken, at('2026-03-02T09:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'CALENDAR_INVALID' }),
    );
  });
});

describe('make-up workdays', () => {
  it("use Monday's hours when their own weekday has none", () => {
    const calendar = buildCalendar({
      weekly: { ...weekdays([['10:00', '16:00']]), mon: [['08:00', '12:00']] },
      workdays: ['2026-03-08'],
    });
    expect(isOpen(calendar, at('2026-03-08T08:30:00+08:00'))).toBe(true);
    expect(isOpen(calendar, at('2026-03-08T13:00:00+08:00'))).toBe(false);
  });

  it("keep their own weekday's hours when it has some", () => {
    const calendar = buildCalendar({ weekly: weekdays([['09:00', '18:00']], [['10:00', '14:00']]) });
    const marked = { ...calendar, workdays: ['2026-03-07'] };
    expect(isOpen(marked, at('2026-03-07T09:30:00+08:00'))).toBe(false);
    expect(isOpen(marked, at('2026-03-07T10:30:00+08:00'))).toBe(true);
  });

  it('fall back to the first weekday with hours when Monday is closed', () => {
    const calendar = buildCalendar({
      weekly: { ...weekdays([['09:00', '17:00']]), mon: [], tue: [['11:00', '15:00']] },
      workdays: ['2026-03-08'],
    });
    expect(isOpen(calendar, at('2026-03-08T10:00:00+08:00'))).toBe(false);
    expect(isOpen(calendar, at('2026-03-08T11:00:00+08:00'))).toBe(true);
  });
});

describe('businessMinutesBetween', () => {
  it('counts only open time, in fractions of a minute when needed', () => {
    expect(businessMinutesBetween(withLunch, at('2026-03-02T08:00:00+08:00'), at('2026-03-02T20:00:00+08:00'))).toBe(
      480,
    );
    expect(
      businessMillisecondsBetween(shanghai, at('2026-03-02T09:00:00+08:00'), at('2026-03-02T09:00:00.250+08:00')),
    ).toBe(250);
  });

  it('is negative when the end comes first', () => {
    expect(businessMinutesBetween(shanghai, at('2026-03-09T11:30:00+08:00'), at('2026-03-06T16:30:00+08:00'))).toBe(
      -240,
    );
  });
});

describe('twenty-four seven', () => {
  it('adds plain elapsed time and is always open', () => {
    expect(due(twentyFourSeven, at('2026-03-07T23:30:00Z'), 90)).toBe('2026-03-08T01:00:00.000Z');
    expect(isOpen(twentyFourSeven, at('2026-10-01T03:00:00Z'))).toBe(true);
    expect(businessMinutesBetween(twentyFourSeven, at('2026-03-01T00:00:00Z'), at('2026-03-02T00:00:00Z'))).toBe(1440);
    expect(nextOpening(twentyFourSeven, at('2026-03-01T00:00:00Z')).toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('still honours pauses', () => {
    const pauses = [{ from: at('2026-03-01T01:00:00Z'), to: at('2026-03-01T01:45:00Z') }];
    expect(addBusinessMinutesWithPauses(twentyFourSeven, at('2026-03-01T00:00:00Z'), 120, pauses)?.toISOString()).toBe(
      '2026-03-01T02:45:00.000Z',
    );
  });
});
