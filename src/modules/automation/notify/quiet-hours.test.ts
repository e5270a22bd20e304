import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors/app-error.ts';
import { checkQuietHours, deliverAt, type QuietHours } from './quiet-hours.ts';

const shanghai: QuietHours = { start: '22:00', end: '08:00', timeZone: 'Asia/Shanghai' };
const newYork: QuietHours = { start: '22:00', end: '08:00', timeZone: 'America/New_York' };

const at = (iso: string) => new Date(iso);
const deliver = (now: string, quietHours: QuietHours | null, urgent = false) =>
  deliverAt(at(now), { quietHours }, urgent).toISOString();

describe('deliverAt', () => {
  it('sends now without quiet hours or when urgent', () => {
    expect(deliver('2026-11-22T23:30:00+08:00', null)).toBe('2026-11-22T15:30:00.000Z');
    expect(deliverAt(at('2026-11-22T23:30:00+08:00'), {}, false).toISOString()).toBe('2026-11-22T15:30:00.000Z');
    expect(deliver('2026-11-22T23:30:00+08:00', shanghai, true)).toBe('2026-11-22T15:30:00.000Z');
  });

  it('holds a non-urgent notification over midnight in Asia/Shanghai until 08:00 the next morning', () => {
    expect(deliver('2026-11-22T23:30:00+08:00', shanghai)).toBe('2026-11-23T00:00:00.000Z');
  });

  it('holds one created after midnight until 08:00 the same morning', () => {
    expect(deliver('2026-11-23T03:15:00+08:00', shanghai)).toBe('2026-11-23T00:00:00.000Z');
  });

  it('treats start as inside and end as outside the quiet hours', () => {
    expect(deliver('2026-11-22T22:00:00+08:00', shanghai)).toBe('2026-11-23T00:00:00.000Z');
    expect(deliver('2026-11-23T07:59:59+08:00', shanghai)).toBe('2026-11-23T00:00:00.000Z');
    expect(deliver('2026-11-23T08:00:00+08:00', shanghai)).toBe('2026-11-23T00:00:00.000Z');
    expect(deliver('2026-11-22T21:59:59+08:00', shanghai)).toBe('2026-11-22T13:59:59.000Z');
    expect(deliver('2026-11-22T12:00:00+08:00', shanghai)).toBe('2026-11-22T04:00:00.000Z');
  });

  it('handles quiet hours within one day', () => {
    const lunch: QuietHours = { start: '12:00', end: '13:30', timeZone: 'Asia/Shanghai' };
    expect(deliver('2026-11-22T12:45:00+08:00', lunch)).toBe('2026-11-22T05:30:00.000Z');
    expect(deliver('2026-11-22T13:30:00+08:00', lunch)).toBe('2026-11-22T05:30:00.000Z');
    expect(deliver('2026-11-22T11:59:00+08:00', lunch)).toBe('2026-11-22T03:59:00.000Z');
  });

  it('reads the quiet hours in the person’s zone, not the server’s', () => {
    // 23:30 in Shanghai is 10:30 in New York: not quiet there.
    expect(deliver('2026-11-22T23:30:00+08:00', newYork)).toBe('2026-11-22T15:30:00.000Z');
  });

  it('waits one hour less over the night clocks spring forward in America/New_York', () => {
    // 2026-03-08: 02:00 EST becomes 03:00 EDT. 23:00 EST → 08:00 EDT is 8 real hours.
    expect(deliver('2026-03-07T23:00:00-05:00', newYork)).toBe('2026-03-08T12:00:00.000Z');
  });

  it('waits one hour more over the night clocks fall back in America/New_York', () => {
    // 2026-11-01: 02:00 EDT becomes 01:00 EST. 23:00 EDT → 08:00 EST is 10 real hours.
    expect(deliver('2026-10-31T23:00:00-04:00', newYork)).toBe('2026-11-01T13:00:00.000Z');
  });

  it('ends at the jump when the end time is skipped by DST', () => {
    const night: QuietHours = { start: '23:00', end: '02:30', timeZone: 'America/New_York' };
    // 02:30 does not exist on 2026-03-08; the clock jumps from 02:00 EST (07:00Z) to 03:00 EDT.
    expect(deliver('2026-03-08T01:00:00-05:00', night)).toBe('2026-03-08T07:00:00.000Z');
  });

  it('ends at the first 01:45 still to come when clocks going back repeat it', () => {
    const night: QuietHours = { start: '23:00', end: '01:45', timeZone: 'America/New_York' };
    // First 01:45 (EDT) is 05:45Z; second (EST) is 06:45Z.
    expect(deliver('2026-11-01T00:30:00-04:00', night)).toBe('2026-11-01T05:45:00.000Z');
    // At 01:30 EST (06:30Z) the first 01:45 has passed: wait for the second one.
    expect(deliver('2026-11-01T06:30:00Z', night)).toBe('2026-11-01T06:45:00.000Z');
  });

  it('returns a time that is never before now', () => {
    for (let hour = 0; hour < 48; hour++) {
      const now = new Date(Date.UTC(2026, 2, 7, 12) + hour * 1800_000);
      expect(deliverAt(now, { quietHours: newYork }, false).getTime()).toBeGreaterThanOrEqual(now.getTime());
    }
  });
});

describe('checkQuietHours', () => {
  const errorsOf = (input: unknown) => {
    try {
      checkQuietHours(input, '/quietHours');
    } catch (error) {
      if (error instanceof AppError && error.code === 'VALIDATION_FAILED') return error.fieldErrors;
      throw error;
    }
    throw new Error('expected a validation error');
  };

  it('accepts quiet hours and spells the zone canonically', () => {
    expect(checkQuietHours({ start: '22:00', end: '07:30', timeZone: 'asia/shanghai' })).toEqual({
      start: '22:00',
      end: '07:30',
      timeZone: 'Asia/Shanghai',
    });
  });

  it('treats null and undefined as no quiet hours', () => {
    expect(checkQuietHours(null)).toBeNull();
    expect(checkQuietHours(undefined)).toBeNull();
  });

  it('names each bad field', () => {
    expect(errorsOf({ start: '24:00', end: '8:00', timeZone: 'Mars/Olympus', extra: 1 })).toEqual([
      { path: '/quietHours/extra', message: '"extra" is not a quiet-hours field.' },
      { path: '/quietHours/start', message: 'Give a time as "HH:MM" between "00:00" and "23:59".' },
      { path: '/quietHours/end', message: 'Give a time as "HH:MM" between "00:00" and "23:59".' },
      { path: '/quietHours/timeZone', message: '"Mars/Olympus" is not a known IANA time zone.' },
    ]);
  });

  it('refuses a window that ends when it starts, and non-objects', () => {
    expect(errorsOf({ start: '22:00', end: '22:00', timeZone: 'UTC' })).toEqual([
      { path: '/quietHours/end', message: 'Quiet hours must end at another time than they start.' },
    ]);
    expect(errorsOf('22:00-08:00')?.[0]?.path).toBe('/quietHours');
    expect(errorsOf({ start: '22:00', end: '08:00' })?.[0]?.path).toBe('/quietHours/timeZone');
  });
});
