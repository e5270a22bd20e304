import { describe, expect, it } from 'vitest';
import { buildCalendar, weekdays } from './calendar.fixtures.ts';
import { checkCalendar } from './calendar.ts';

const pairs = (...intervals: [string, string][]): [string, string][] => intervals;

const errorsOf = (input: unknown) => {
  const result = checkCalendar(input);
  if (result.ok) throw new Error('expected the calendar to be refused');
  return result.errors;
};

describe('checkCalendar', () => {
  it('accepts the API body, drops its name and spells the zone canonically', () => {
    const result = checkCalendar({ name: 'Support hours', ...buildCalendar({ timeZone: 'asia/shanghai' }) });
    expect(result).toEqual({ ok: true, calendar: buildCalendar({ timeZone: 'Asia/Shanghai' }) });
  });

  it('accepts "24:00" as an end and touching intervals', () => {
    const weekly = weekdays([
      ['00:00', '12:00'],
      ['12:00', '24:00'],
    ]);
    expect(checkCalendar(buildCalendar({ weekly })).ok).toBe(true);
  });

  it('refuses an unknown time zone', () => {
    expect(errorsOf(buildCalendar({ timeZone: 'Mars/Olympus_Mons' }))).toEqual([
      { path: '/timeZone', message: '"Mars/Olympus_Mons" is not a known IANA time zone.' },
    ]);
  });

  it('refuses malformed times, naming the path', () => {
    const weekly = { ...weekdays([['09:00', '18:00']]), mon: pairs(['9:00', '18:00']), tue: pairs(['09:00', '24:30']) };
    expect(errorsOf(buildCalendar({ weekly }))).toEqual([
      { path: '/weekly/mon/0/0', message: 'The start "9:00" at /weekly/mon/0 is not a time from 00:00 to 23:59.' },
      { path: '/weekly/tue/0/1', message: 'The end "24:30" at /weekly/tue/0 is not a time from 00:00 to 24:00.' },
    ]);
  });

  it('refuses "24:00" as a start and an end that is not after the start', () => {
    const weekly = {
      ...weekdays([['09:00', '18:00']]),
      wed: pairs(['24:00', '24:00']),
      thu: pairs(['18:00', '09:00']),
    };
    const errors = errorsOf(buildCalendar({ weekly }));
    expect(errors.map((error) => error.path)).toEqual(['/weekly/wed/0/0', '/weekly/thu/0']);
    expect(errors[1]?.message).toContain('end the day at "24:00" and open the next day at "00:00"');
  });

  it('refuses overlapping and unsorted intervals within a day', () => {
    const weekly = {
      ...weekdays([['09:00', '18:00']]),
      mon: pairs(['09:00', '12:00'], ['11:00', '13:00']),
      fri: pairs(['13:00', '18:00'], ['09:00', '12:00']),
    };
    const errors = errorsOf(buildCalendar({ weekly }));
    expect(errors).toEqual([
      {
        path: '/weekly/mon/1',
        message:
          "/weekly/mon/1 starts at 11:00, before /weekly/mon/0 ends at 12:00; list a day's intervals in order without overlaps.",
      },
      {
        path: '/weekly/fri/1',
        message:
          "/weekly/fri/1 starts at 09:00, before /weekly/fri/0 ends at 18:00; list a day's intervals in order without overlaps.",
      },
    ]);
  });

  it('refuses malformed, impossible and duplicate dates, and a date that is both', () => {
    const errors = errorsOf(
      buildCalendar({
        holidays: ['2026-10-01', '2026-02-30', '2026/10/02', '2026-10-01'],
        workdays: ['2026-10-01'],
      }),
    );
    expect(errors).toEqual([
      {
        path: '/holidays/1',
        message: '/holidays/1 is "2026-02-30", not a real date in YYYY-MM-DD form between 1000-01-01 and 9999-12-31.',
      },
      {
        path: '/holidays/2',
        message: '/holidays/2 is "2026/10/02", not a real date in YYYY-MM-DD form between 1000-01-01 and 9999-12-31.',
      },
      { path: '/holidays/3', message: '2026-10-01 at /holidays/3 is listed twice (also at /holidays/0).' },
      {
        path: '/workdays/0',
        message:
          '2026-10-01 at /workdays/0 is also listed at /holidays/0; a date cannot be both a holiday and a workday.',
      },
    ]);
  });

  it('refuses a calendar that is never open', () => {
    expect(errorsOf(buildCalendar({ weekly: weekdays([]), workdays: ['2026-09-20'] }))).toEqual([
      {
        path: '/weekly',
        message: 'The calendar is never open: give at least one weekday opening hours (make-up workdays copy them).',
      },
    ]);
  });

  it('refuses missing fields, a missing weekday and unknown fields', () => {
    const { mon: _mon, ...withoutMonday } = weekdays([['09:00', '18:00']]);
    const errors = errorsOf({ timeZone: 'UTC', weekly: { ...withoutMonday, monday: [] }, holiday: [] });
    expect(errors.map((error) => error.path)).toEqual([
      '/holiday',
      '/weekly/monday',
      '/weekly/mon',
      '/holidays',
      '/workdays',
    ]);
    expect(errorsOf('calendar')).toEqual([{ path: '', message: 'The calendar must be a JSON object.' }]);
  });
});
