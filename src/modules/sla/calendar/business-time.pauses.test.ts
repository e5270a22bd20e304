import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, addBusinessMinutesWithPauses, businessMinutesBetween } from './business-time.ts';
import { at, buildCalendar, weekdays } from './calendar.fixtures.ts';

const shanghai = buildCalendar();
const withLunch = buildCalendar({
  weekly: weekdays([
    ['09:00', '12:00'],
    ['13:00', '18:00'],
  ]),
});
const start = at('2026-03-02T09:00:00+08:00');

const dueWithPauses = (pauses: { from: string; to: string | null }[], minutes = 240, calendar = shanghai) =>
  addBusinessMinutesWithPauses(
    calendar,
    start,
    minutes,
    pauses.map(({ from, to }) => ({ from: at(from), to: to === null ? null : at(to) })),
  )?.toISOString();

describe('addBusinessMinutesWithPauses', () => {
  it('matches addBusinessMinutes when there are no pauses', () => {
    expect(dueWithPauses([])).toBe(addBusinessMinutes(shanghai, start, 240).toISOString());
  });

  it('shifts the due time by exactly the paused business minutes', () => {
    expect(dueWithPauses([{ from: '2026-03-02T10:00:00+08:00', to: '2026-03-02T11:00:00+08:00' }])).toBe(
      at('2026-03-02T14:00:00+08:00').toISOString(),
    );
  });

  it('counts only the business minutes inside a pause that spans lunch', () => {
    const pause = { from: '2026-03-02T11:30:00+08:00', to: '2026-03-02T13:30:00+08:00' };
    const paused = businessMinutesBetween(withLunch, at(pause.from), at(pause.to));
    expect(paused).toBe(60);
    expect(dueWithPauses([pause], 240, withLunch)).toBe(
      addBusinessMinutes(withLunch, start, 240 + paused).toISOString(),
    );
  });

  it('ignores pauses outside business hours and after the due time', () => {
    expect(
      dueWithPauses([
        { from: '2026-03-02T19:00:00+08:00', to: '2026-03-02T23:00:00+08:00' },
        { from: '2026-03-01T10:00:00+08:00', to: '2026-03-01T12:00:00+08:00' },
      ]),
    ).toBe(at('2026-03-02T13:00:00+08:00').toISOString());
  });

  it('resumes counting when a pause that began before the start ends', () => {
    expect(dueWithPauses([{ from: '2026-03-01T10:00:00+08:00', to: '2026-03-02T10:00:00+08:00' }])).toBe(
      at('2026-03-02T14:00:00+08:00').toISOString(),
    );
  });

  it('merges overlapping pauses given in any order', () => {
    expect(
      dueWithPauses([
        { from: '2026-03-02T10:30:00+08:00', to: '2026-03-02T11:00:00+08:00' },
        { from: '2026-03-02T10:00:00+08:00', to: '2026-03-02T10:45:00+08:00' },
      ]),
    ).toBe(at('2026-03-02T14:00:00+08:00').toISOString());
  });

  it('carries over the weekend when pauses push the due time past Friday close', () => {
    const friday = at('2026-03-06T15:00:00+08:00');
    const due = addBusinessMinutesWithPauses(shanghai, friday, 120, [
      { from: at('2026-03-06T16:00:00+08:00'), to: at('2026-03-06T17:30:00+08:00') },
    ]);
    expect(due?.toISOString()).toBe(at('2026-03-09T09:30:00+08:00').toISOString());
  });

  it('has no due time while an open-ended pause holds the clock', () => {
    expect(dueWithPauses([{ from: '2026-03-02T10:00:00+08:00', to: null }])).toBeUndefined();
    expect(dueWithPauses([{ from: '2026-03-02T13:00:00+08:00', to: null }])).toBe(
      at('2026-03-02T13:00:00+08:00').toISOString(),
    );
    expect(dueWithPauses([{ from: '2026-03-02T10:00:00+08:00', to: null }], 0)).toBe(start.toISOString());
  });

  it('for 0 minutes gives the first counting instant after a pause', () => {
    expect(dueWithPauses([{ from: '2026-03-01T10:00:00+08:00', to: '2026-03-02T10:00:00+08:00' }], 0)).toBe(
      at('2026-03-02T10:00:00+08:00').toISOString(),
    );
    expect(dueWithPauses([{ from: '2026-03-01T10:00:00+08:00', to: null }], 0)).toBeUndefined();
  });

  it('refuses a pause that ends before it begins', () => {
    expect(() => dueWithPauses([{ from: '2026-03-02T11:00:00+08:00', to: '2026-03-02T10:00:00+08:00' }])).toThrow(
      RangeError,
    );
  });
});
