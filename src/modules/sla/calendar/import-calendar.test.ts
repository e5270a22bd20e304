import { describe, expect, it } from 'vitest';
import { parseHolidayICalendar, parseHolidayJson } from './import-calendar.ts';

const ics = (...lines: string[]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Loopdesk//Test//EN', ...lines, 'END:VCALENDAR'].join('\r\n');

const event = (...lines: string[]): string[] => ['BEGIN:VEVENT', ...lines, 'END:VEVENT'];

describe('parseHolidayJson', () => {
  it('reads the API shape, sorted, ignoring the other calendar fields', () => {
    const text = JSON.stringify({
      name: 'CN 2026',
      timeZone: 'Asia/Shanghai',
      holidays: ['2026-10-02', '2026-10-01'],
      workdays: ['2026-09-20'],
    });
    expect(parseHolidayJson(text)).toEqual({
      ok: true,
      holidays: ['2026-10-01', '2026-10-02'],
      workdays: ['2026-09-20'],
    });
  });

  it('takes a missing list as none', () => {
    expect(parseHolidayJson('{"holidays": ["2026-01-01"]}')).toEqual({
      ok: true,
      holidays: ['2026-01-01'],
      workdays: [],
    });
  });

  it('refuses text that is not JSON, not an object, or has neither list', () => {
    expect(parseHolidayJson('{"holidays": [')).toMatchObject({ ok: false, errors: [{ path: '' }] });
    expect(parseHolidayJson('[]')).toMatchObject({ ok: false });
    expect(parseHolidayJson('{}')).toEqual({
      ok: false,
      errors: [{ path: '', message: 'The import has neither a "holidays" nor a "workdays" list.' }],
    });
  });

  it('refuses bad dates, a day in both lists and a day outside the year', () => {
    expect(parseHolidayJson('{"holidays": ["2026-13-01"], "workdays": []}')).toMatchObject({
      ok: false,
      errors: [{ path: '/holidays/0' }],
    });
    expect(parseHolidayJson('{"holidays": ["2026-10-01"], "workdays": ["2026-10-01"]}')).toMatchObject({
      ok: false,
      errors: [{ path: '/workdays/0' }],
    });
    expect(parseHolidayJson('{"holidays": ["2027-01-01"]}', { year: 2026 })).toEqual({
      ok: false,
      errors: [{ path: '/holidays/0', message: '2027-01-01 (/holidays/0) is not in 2026.' }],
    });
  });
});

describe('parseHolidayICalendar', () => {
  it('expands all-day events, DTEND exclusive, and sorts holidays from make-up days', () => {
    const text = ics(
      ...event('UID:1', 'DTSTART;VALUE=DATE:20261001', 'DTEND;VALUE=DATE:20261004', 'SUMMARY:国庆节'),
      ...event('UID:2', 'DTSTART;VALUE=DATE:20260920', 'SUMMARY:国庆节调休（班）'),
      ...event('UID:3', 'DTSTART;VALUE=DATE:20261010', 'SUMMARY:Make-up workday'),
      ...event('UID:4', 'DTSTART;VALUE=DATE:20260925', 'DURATION:P3D', 'SUMMARY:Mid-Autumn Festival'),
    );
    expect(parseHolidayICalendar(text, { year: 2026 })).toEqual({
      ok: true,
      holidays: ['2026-09-25', '2026-09-26', '2026-09-27', '2026-10-01', '2026-10-02', '2026-10-03'],
      workdays: ['2026-09-20', '2026-10-10'],
    });
  });

  it('unfolds folded lines and accepts LF line breaks', () => {
    const text = ics(
      ...event('DTSTART;VALUE=DATE:2026', ' 0214', 'SUMMARY:春节调休', '\t上班'),
      ...event('DTSTART;VALUE=DATE:20260215', 'DTEND;VALUE=DATE:20260217', 'SUMMARY:Spring', '  Festival'),
    ).replaceAll('\r\n', '\n');
    expect(parseHolidayICalendar(text)).toEqual({
      ok: true,
      holidays: ['2026-02-15', '2026-02-16'],
      workdays: ['2026-02-14'],
    });
  });

  it('lets X- properties mark the kind of day, an explicit Loopdesk one first', () => {
    const text = ics(
      ...event('DTSTART;VALUE=DATE:20260104', 'SUMMARY:元旦', 'X-APPLE-SPECIAL-DAY:ALTERNATE-WORKDAY'),
      ...event('DTSTART;VALUE=DATE:20260228', 'SUMMARY:上班', 'X-LOOPDESK-DAY-KIND:holiday'),
    );
    expect(parseHolidayICalendar(text)).toEqual({ ok: true, holidays: ['2026-02-28'], workdays: ['2026-01-04'] });
  });

  it('merges days repeated across events and skips cancelled ones', () => {
    const text = ics(
      ...event('DTSTART;VALUE=DATE:20261001', 'DTEND;VALUE=DATE:20261003', 'SUMMARY:国庆节'),
      ...event('DTSTART;VALUE=DATE:20261002', 'SUMMARY:国庆节'),
      ...event('DTSTART;VALUE=DATE:20261011', 'SUMMARY:上班', 'STATUS:CANCELLED'),
    );
    expect(parseHolidayICalendar(text)).toEqual({ ok: true, holidays: ['2026-10-01', '2026-10-02'], workdays: [] });
  });

  it('refuses date-times, recurring events, bad dates and inverted ranges, with line numbers', () => {
    const text = ics(
      ...event('DTSTART:20261001T090000Z', 'SUMMARY:meeting'),
      ...event('DTSTART;VALUE=DATE:20260101', 'RRULE:FREQ=YEARLY', 'SUMMARY:元旦'),
      ...event('DTSTART;VALUE=DATE:20260230', 'SUMMARY:nope'),
      ...event('DTSTART;VALUE=DATE:20260105', 'DTEND;VALUE=DATE:20260105'),
    );
    const result = parseHolidayICalendar(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => error.path)).toEqual([
      '/events/0/DTSTART',
      '/events/1/RRULE',
      '/events/2/DTSTART',
      '/events/3/DTEND',
    ]);
    expect(result.errors[0]?.message).toBe(
      'Line 5: DTSTART 20261001T090000Z is a date-time; only all-day events (DTSTART;VALUE=DATE:YYYYMMDD) are read.',
    );
  });

  it('refuses a day that is both a holiday and a workday', () => {
    const text = ics(
      ...event('DTSTART;VALUE=DATE:20261010', 'SUMMARY:国庆节'),
      ...event('DTSTART;VALUE=DATE:20261010', 'SUMMARY:补班'),
    );
    expect(parseHolidayICalendar(text)).toEqual({
      ok: false,
      errors: [{ path: '/events/0', message: '2026-10-10 is both a holiday (/events/0) and a workday (/events/1).' }],
    });
  });

  it('refuses text that is not an iCalendar file or is cut short', () => {
    expect(parseHolidayICalendar('hello')).toMatchObject({ ok: false });
    expect(parseHolidayICalendar('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260101')).toEqual({
      ok: false,
      errors: [{ path: '', message: 'The file ends inside VEVENT; END lines are missing.' }],
    });
    expect(parseHolidayICalendar(ics())).toEqual({
      ok: false,
      errors: [{ path: '', message: 'The iCalendar file has no VEVENT.' }],
    });
    expect(parseHolidayICalendar(ics(...event('SUMMARY:no date')))).toMatchObject({
      ok: false,
      errors: [{ path: '/events/0/DTSTART' }],
    });
  });
});
