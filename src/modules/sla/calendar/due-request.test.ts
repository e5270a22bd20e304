import { describe, expect, it } from 'vitest';
import { addBusinessMinutes } from './business-time.ts';
import { chinaStandardCalendar } from './china-2026.ts';
import { checkDueRequest, dueResponse } from './due-request.ts';

describe('checkDueRequest', () => {
  it('reads a start with an offset and answers in UTC', () => {
    const request = checkDueRequest({ start: '2026-09-30T17:30:00+08:00', minutes: 240 });
    expect(request).toEqual({ ok: true, start: new Date('2026-09-30T09:30:00Z'), minutes: 240 });
    if (!request.ok) return;
    const due = addBusinessMinutes(chinaStandardCalendar(2026), request.start, request.minutes);
    expect(dueResponse(due)).toEqual({ due: '2026-10-08T04:30:00.000Z' });
  });

  it('refuses a start without an offset, an impossible date and bad minutes', () => {
    for (const start of ['2026-09-30T17:30:00', '2026-02-30T10:00:00Z', 'yesterday', 1_790_000_000_000]) {
      expect(checkDueRequest({ start, minutes: 60 })).toMatchObject({ ok: false, errors: [{ path: '/start' }] });
    }
    for (const minutes of [-5, '60', null, Number.NaN]) {
      expect(checkDueRequest({ start: '2026-09-30T17:30:00Z', minutes })).toMatchObject({
        ok: false,
        errors: [{ path: '/minutes' }],
      });
    }
    expect(checkDueRequest({ start: '2026-09-30T17:30:00Z', minutes: 1, extra: true })).toMatchObject({
      ok: false,
      errors: [{ path: '/extra' }],
    });
  });
});
