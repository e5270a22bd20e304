import { describe, expect, it } from 'vitest';
import { isOpen } from './business-time.ts';
import { checkCalendar } from './calendar.ts';
import {
  CHINA_2026_HOLIDAY_BLOCKS,
  CHINA_2026_HOLIDAYS,
  CHINA_2026_WORKDAYS,
  chinaStandardCalendar,
} from './china-2026.ts';

const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

describe('China 2026 public holidays', () => {
  it('lists the seven blocks of the State Council notice with their lengths', () => {
    expect(CHINA_2026_HOLIDAY_BLOCKS.map((block) => block.holidays.length)).toEqual([3, 9, 3, 5, 3, 3, 7]);
    expect(CHINA_2026_HOLIDAYS).toHaveLength(33);
    expect(CHINA_2026_HOLIDAYS).toContain('2026-02-17');
    expect(CHINA_2026_HOLIDAYS).toContain('2026-10-07');
  });

  it('puts every make-up workday on a weekend', () => {
    expect(CHINA_2026_WORKDAYS).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    for (const date of CHINA_2026_WORKDAYS) expect([0, 6]).toContain(weekday(date));
  });

  it('gives each block as many make-up days as weekdays off beyond its statutory days', () => {
    const statutory = [1, 4, 1, 2, 1, 1, 3];
    CHINA_2026_HOLIDAY_BLOCKS.forEach((block, index) => {
      const weekdaysOff = block.holidays.filter((date) => ![0, 6].includes(weekday(date))).length;
      expect(block.workdays.length, block.name).toBe(Math.max(0, weekdaysOff - statutory[index]!));
    });
  });

  it('builds a valid Shanghai calendar with and without a lunch break', () => {
    expect(checkCalendar(chinaStandardCalendar(2026)).ok).toBe(true);
    const lunch = chinaStandardCalendar(2026, { lunchBreak: true });
    expect(checkCalendar(lunch).ok).toBe(true);
    expect(isOpen(lunch, new Date('2026-03-02T12:30:00+08:00'))).toBe(false);
    expect(isOpen(chinaStandardCalendar(2026), new Date('2026-03-02T12:30:00+08:00'))).toBe(true);
  });

  it('refuses years it does not know', () => {
    expect(() => chinaStandardCalendar(2027)).toThrow(RangeError);
  });
});
