import { describe, expect, it } from 'vitest';
import { breakAt, isOnShift, localTimeIn, parseClock } from './shifts.ts';
import type { Shift } from './types.ts';

const at = (iso: string, zone: string) => {
  const local = localTimeIn(new Date(iso), zone);
  if (!local) throw new Error('bad zone');
  return local;
};

describe('shifts', () => {
  it('parses clock times', () => {
    expect(parseClock('08:30')).toBe(510);
    expect(parseClock('24:00')).toBe(1440);
    expect(parseClock('24:30')).toBeNull();
    expect(parseClock('8:30')).toBeNull();
  });

  it('reads the wall clock in a zone and refuses unknown zones', () => {
    expect(at('2026-06-10T03:00:00Z', 'Asia/Shanghai')).toEqual({ day: 2, minutes: 11 * 60 });
    expect(at('2026-06-10T03:00:00Z', '')).toEqual({ day: 2, minutes: 11 * 60 }); // default zone
    expect(localTimeIn(new Date(), 'Mars/Olympus')).toBeNull();
  });

  it('covers a night shift across midnight into the next day', () => {
    const night: Shift[] = [{ weekday: 'wed', start: '22:00', end: '06:00' }];
    expect(isOnShift(night, at('2026-06-10T15:30:00Z', 'Asia/Shanghai'))).toBe(true); // Wed 23:30
    expect(isOnShift(night, at('2026-06-10T18:00:00Z', 'Asia/Shanghai'))).toBe(true); // Thu 02:00
    expect(isOnShift(night, at('2026-06-10T22:00:00Z', 'Asia/Shanghai'))).toBe(false); // Thu 06:00
    expect(isOnShift(night, at('2026-06-09T18:00:00Z', 'Asia/Shanghai'))).toBe(false); // Wed 02:00
    expect(isOnShift(night, at('2026-06-10T13:00:00Z', 'Asia/Shanghai'))).toBe(false); // Wed 21:00
  });

  it('follows America/New_York across the DST change of 2026-03-08', () => {
    const shifts: Shift[] = [
      { weekday: 'sat', start: '08:00', end: '17:00' },
      { weekday: 'sat', start: '22:00', end: '06:00' },
      { weekday: 'sun', start: '08:00', end: '17:00' },
    ];
    const ny = 'America/New_York';
    expect(isOnShift(shifts, at('2026-03-07T13:30:00Z', ny))).toBe(true); // Sat 08:30 EST (UTC−5)
    expect(isOnShift(shifts, at('2026-03-08T06:30:00Z', ny))).toBe(true); // Sun 01:30 EST, before the jump
    expect(isOnShift(shifts, at('2026-03-08T09:30:00Z', ny))).toBe(true); // Sun 05:30 EDT
    expect(isOnShift(shifts, at('2026-03-08T10:30:00Z', ny))).toBe(false); // Sun 06:30 EDT (05:30 if still EST)
    expect(isOnShift(shifts, at('2026-03-08T12:30:00Z', ny))).toBe(true); // Sun 08:30 EDT (07:30 if still EST)
    expect(isOnShift(shifts, at('2026-03-08T11:30:00Z', ny))).toBe(false); // Sun 07:30 EDT
  });

  it('finds breaks, including one across midnight', () => {
    const breaks = [
      { start: '12:00', end: '13:00' },
      { start: '23:30', end: '00:15' },
    ];
    expect(breakAt(breaks, { day: 0, minutes: 12 * 60 + 30 })).toEqual(breaks[0]);
    expect(breakAt(breaks, { day: 0, minutes: 13 * 60 })).toBeNull();
    expect(breakAt(breaks, { day: 0, minutes: 10 })).toEqual(breaks[1]);
    expect(breakAt(breaks, { day: 0, minutes: 23 * 60 + 45 })).toEqual(breaks[1]);
  });
});
