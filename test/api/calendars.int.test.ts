import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHINA_2026_HOLIDAYS, CHINA_2026_WORKDAYS } from '../../src/modules/sla/calendar/index.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let admin: string;
const workday = [['09:00', '18:00']];
const shanghai = {
  name: '上海 标准工作日',
  timeZone: 'Asia/Shanghai',
  weekly: { mon: workday, tue: workday, wed: workday, thu: workday, fri: workday, sat: [], sun: [] },
  holidays: CHINA_2026_HOLIDAYS,
  workdays: CHINA_2026_WORKDAYS,
};

beforeAll(async () => {
  t = await createTestApp();
  admin = t.tenantA.tokens.admin;
});
afterAll(async () => t.close());

describe('calendar API', () => {
  it('computes a due time across China’s 2026 National Day week', async () => {
    const created = await t.call(admin, 'POST', '/api/v1/calendars', shanghai);
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const due = async (start: string, minutes: number) =>
      (await t.call(t.tenantA.tokens.agent, 'POST', `/api/v1/calendars/${id}/due`, { start, minutes })).json();
    // 30 minutes left on Wed 30 Sep, holidays 1–7 Oct, then 210 minutes on Thu 8 Oct from 09:00.
    expect(await due('2026-09-30T17:30:00+08:00', 240)).toEqual({ due: '2026-10-08T04:30:00.000Z' });
    // Sat 10 Oct is a make-up working day; Sun 11 Oct is not.
    expect(await due('2026-10-09T17:00:00+08:00', 120)).toEqual({ due: '2026-10-10T02:00:00.000Z' });
    expect(await due('2026-10-10T17:00:00+08:00', 120)).toEqual({ due: '2026-10-12T02:00:00.000Z' });
    // Friday 16:30 plus four business hours is Monday 11:30.
    expect(await due('2026-11-20T16:30:00+08:00', 240)).toEqual({ due: '2026-11-23T03:30:00.000Z' });
  });

  it('refuses invalid calendars and due requests with the field that is wrong', async () => {
    const overlapping = await t.call(admin, 'POST', '/api/v1/calendars', {
      ...shanghai,
      weekly: {
        ...shanghai.weekly,
        mon: [
          ['09:00', '13:00'],
          ['12:00', '18:00'],
        ],
      },
    });
    expect(overlapping.statusCode).toBe(400);
    expect(overlapping.json().code).toBe('CALENDAR_INVALID');
    expect(overlapping.json().errors[0].path).toMatch(/^\/weekly\/mon/);
    const short = await t.call(admin, 'POST', '/api/v1/calendars', {
      name: 'weekdays',
      timeZone: 'Asia/Shanghai',
      weekly: { mon: workday },
    });
    expect(short.json()).toMatchObject({ weekly: { mon: workday, sun: [] }, holidays: [], workdays: [] });
    const zone = await t.call(admin, 'POST', '/api/v1/calendars', { ...shanghai, timeZone: 'Mars/Olympus' });
    expect(zone.json().errors[0].path).toBe('/timeZone');
    const id = (await t.call(admin, 'POST', '/api/v1/calendars', { name: '24×7', alwaysOpen: true })).json().id;
    const local = await t.call(admin, 'POST', `/api/v1/calendars/${id}/due`, {
      start: '2026-10-01T09:00:00',
      minutes: 10,
    });
    expect(local.statusCode).toBe(400);
    const anytime = await t.call(admin, 'POST', `/api/v1/calendars/${id}/due`, {
      start: '2026-10-01T09:00:00Z',
      minutes: 90,
    });
    expect(anytime.json()).toEqual({ due: '2026-10-01T10:30:00.000Z' });
    expect((await t.call(t.tenantA.tokens.agent, 'POST', '/api/v1/calendars', shanghai)).statusCode).toBe(403);
  });

  it('imports a year of holidays from iCalendar and changes a calendar only with If-Match', async () => {
    const created = await t.call(admin, 'POST', '/api/v1/calendars', {
      ...shanghai,
      name: 'import',
      holidays: [],
      workdays: [],
    });
    const id = created.json().id;
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270101',
      'SUMMARY:元旦',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270102',
      'SUMMARY:元旦调休上班',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const imported = await t.call(admin, 'POST', `/api/v1/calendars/${id}/import`, {
      format: 'icalendar',
      content: ics,
      year: 2027,
    });
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({ holidays: ['2027-01-01'], workdays: ['2027-01-02'] });
    const stale = await t.call(
      admin,
      'PATCH',
      `/api/v1/calendars/${id}`,
      { name: 'renamed' },
      { 'if-match': created.headers.etag as string },
    );
    expect(stale.statusCode, stale.body).toBe(412);
    const fresh = await t.call(
      admin,
      'PATCH',
      `/api/v1/calendars/${id}`,
      { name: 'renamed' },
      { 'if-match': imported.headers.etag as string },
    );
    expect(fresh.json()).toMatchObject({ name: 'renamed', holidays: ['2027-01-01'], timeZone: 'Asia/Shanghai' });
    expect((await t.call(t.tenantB.tokens.admin, 'GET', `/api/v1/calendars/${id}`)).statusCode).toBe(404);
  });
});
