import type { BusinessCalendar, OpeningInterval } from './calendar.ts';

// China's 2026 public holidays and make-up workdays (调休上班) from 国务院办公厅关于2026年部分节假日安排的通知
// (4 November 2025, published by Xinhua), checked line by line against the notice's text. Each block's weekdays,
// lunar dates and number of make-up days also agree with the statutory days (春节 4, 劳动节 2, 国庆 3, others 1).
// Holiday lists include the weekend days inside each block, as the notice's ranges do.
export type PublicHolidayBlock = { name: string; holidays: string[]; workdays: string[] };

export const CHINA_2026_HOLIDAY_BLOCKS: readonly PublicHolidayBlock[] = [
  // 元旦: Thu 1 – Sat 3 January off; Sunday 4 January worked.
  { name: '元旦 New Year', holidays: dates('2026-01-01', 3), workdays: ['2026-01-04'] },
  // 春节: 腊月廿八 Sun 15 February – 正月初七 Mon 23 February off (9 days: four statutory days, 除夕 Mon 16 to
  // 初三 Thu 19); Saturdays 14 and 28 February worked.
  { name: '春节 Spring Festival', holidays: dates('2026-02-15', 9), workdays: ['2026-02-14', '2026-02-28'] },
  // 清明: Qingming falls on Sunday 5 April; Sat 4 – Mon 6 April off, no make-up day.
  { name: '清明节 Qingming', holidays: dates('2026-04-04', 3), workdays: [] },
  // 劳动节: Fri 1 – Tue 5 May off (two statutory days); Saturday 9 May worked.
  { name: '劳动节 Labour Day', holidays: dates('2026-05-01', 5), workdays: ['2026-05-09'] },
  // 端午: 五月初五 is Friday 19 June; Fri 19 – Sun 21 June off, no make-up day.
  { name: '端午节 Dragon Boat Festival', holidays: dates('2026-06-19', 3), workdays: [] },
  // 中秋: 八月十五 is Friday 25 September; Fri 25 – Sun 27 September off, no make-up day.
  { name: '中秋节 Mid-Autumn Festival', holidays: dates('2026-09-25', 3), workdays: [] },
  // 国庆: Thu 1 – Wed 7 October off (three statutory days); Sunday 20 September and Saturday 10 October worked.
  { name: '国庆节 National Day', holidays: dates('2026-10-01', 7), workdays: ['2026-09-20', '2026-10-10'] },
];

export const CHINA_2026_HOLIDAYS: readonly string[] = CHINA_2026_HOLIDAY_BLOCKS.flatMap((block) => block.holidays);
export const CHINA_2026_WORKDAYS: readonly string[] = CHINA_2026_HOLIDAY_BLOCKS.flatMap((block) => block.workdays);

export type ChinaCalendarOptions = { lunchBreak?: boolean };

const WHOLE_DAY: OpeningInterval[] = [['09:00', '18:00']];
const WITH_LUNCH: OpeningInterval[] = [
  ['09:00', '12:00'],
  ['13:00', '18:00'],
];

// Mon–Fri 09:00–18:00 Asia/Shanghai with the official holidays and make-up workdays; with `lunchBreak`,
// 12:00–13:00 is closed. Only 2026 is known; other years are refused rather than guessed.
export function chinaStandardCalendar(year: number, options: ChinaCalendarOptions = {}): BusinessCalendar {
  if (year !== 2026) {
    throw new RangeError(`China's public holidays are only known for 2026, not for ${String(year)}.`);
  }
  const day = (): OpeningInterval[] => (options.lunchBreak === true ? WITH_LUNCH : WHOLE_DAY).map(([a, b]) => [a, b]);
  return {
    timeZone: 'Asia/Shanghai',
    weekly: { mon: day(), tue: day(), wed: day(), thu: day(), fri: day(), sat: [], sun: [] },
    holidays: [...CHINA_2026_HOLIDAYS],
    workdays: [...CHINA_2026_WORKDAYS],
  };
}

// `count` consecutive dates from `first`, as YYYY-MM-DD.
function dates(first: string, count: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}
