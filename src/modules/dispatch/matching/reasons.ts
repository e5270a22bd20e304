// Every reason matching gives, with stable codes and texts in Chinese first and English beside it.
import type { LocalizedText, Priority, Reason } from './types.ts';

export type ExclusionCode =
  | 'OFF_DUTY'
  | 'NOT_ON_SHIFT'
  | 'ON_BREAK'
  | 'TIME_ZONE_INVALID'
  | 'SKILL_MISSING'
  | 'SKILL_LEVEL_LOW'
  | 'CERTIFICATION_MISSING'
  | 'OUTSIDE_TERRITORY'
  | 'CAPACITY_REACHED'
  | 'PARTS_UNAVAILABLE'
  | 'POSITION_UNKNOWN'
  | 'NO_LOCATION';

/** Short labels for the summary when nobody is eligible; also the tie-break order (hard facts first). */
export const EXCLUSION_LABELS: Record<ExclusionCode, LocalizedText> = {
  NO_LOCATION: { zh: '工单没有地址坐标', en: 'the job has no location' },
  OFF_DUTY: { zh: '不在岗', en: 'off duty' },
  NOT_ON_SHIFT: { zh: '不在班次内', en: 'not on shift' },
  ON_BREAK: { zh: '休息中', en: 'on a break' },
  TIME_ZONE_INVALID: { zh: '时区无效', en: 'invalid time zone' },
  SKILL_MISSING: { zh: '缺少所需技能', en: 'missing a required skill' },
  SKILL_LEVEL_LOW: { zh: '技能等级不足', en: 'skill level too low' },
  CERTIFICATION_MISSING: { zh: '缺少所需资质', en: 'missing a required certification' },
  OUTSIDE_TERRITORY: { zh: '不在服务区域内', en: 'outside their territories' },
  CAPACITY_REACHED: { zh: '今日工单已满', en: 'daily capacity reached' },
  PARTS_UNAVAILABLE: { zh: '备件不足', en: 'parts not available' },
  POSITION_UNKNOWN: { zh: '位置未知', en: 'position unknown' },
};

const r = (code: string, params: Record<string, string | number>, zh: string, en: string): Reason => ({
  code,
  params,
  text: { zh, en },
});

const km = (value: number) => (Math.round(value * 10) / 10).toFixed(1);
const min = (value: number) => Math.round(value);

export const reasons = {
  offDuty: () => r('OFF_DUTY', {}, '当前状态为不在岗', 'status is off duty'),
  notOnShift: (localTime: string) =>
    r('NOT_ON_SHIFT', { localTime }, `当地时间 ${localTime} 不在班次内`, `not on shift at local time ${localTime}`),
  onBreak: (start: string, end: string) =>
    r('ON_BREAK', { start, end }, `正在休息（${start}–${end}）`, `on a break (${start}–${end})`),
  timeZoneInvalid: (timeZone: string) =>
    r('TIME_ZONE_INVALID', { timeZone }, `时区 ${timeZone} 无效，无法判断班次`, `time zone ${timeZone} is not valid`),
  skillMissing: (skill: string, minLevel: number) =>
    r(
      'SKILL_MISSING',
      { skill, minLevel },
      `缺少技能 ${skill}（需要 ${minLevel} 级）`,
      `missing skill ${skill} (level ${minLevel} needed)`,
    ),
  skillLevelLow: (skill: string, level: number, minLevel: number) =>
    r(
      'SKILL_LEVEL_LOW',
      { skill, level, minLevel },
      `技能 ${skill} 为 ${level} 级，低于要求的 ${minLevel} 级`,
      `skill ${skill} level ${level} < ${minLevel}`,
    ),
  skillMatch: (skill: string, level: number, minLevel: number) =>
    r(
      'SKILL_MATCH',
      { skill, level, minLevel },
      `技能 ${skill} ${level} 级 ≥ ${minLevel}`,
      `skill ${skill} level ${level} ≥ ${minLevel}`,
    ),
  certificationMissing: (certification: string) =>
    r(
      'CERTIFICATION_MISSING',
      { certification },
      `缺少资质 ${certification}`,
      `missing certification ${certification}`,
    ),
  certificationHeld: (certification: string) =>
    r('CERTIFICATION_HELD', { certification }, `持有资质 ${certification}`, `holds certification ${certification}`),
  outsideTerritory: (territories: number) =>
    r(
      'OUTSIDE_TERRITORY',
      { territories },
      `工单地址不在其 ${territories} 个服务区域内`,
      `the job is outside all ${territories} of their territories`,
    ),
  capacityReached: (jobsToday: number, dailyCapacity: number) =>
    r(
      'CAPACITY_REACHED',
      { jobsToday, dailyCapacity },
      `今日已接 ${jobsToday} 单，已达上限 ${dailyCapacity} 单`,
      `${jobsToday} of ${dailyCapacity} jobs today: capacity reached`,
    ),
  partsUnavailable: (missing: { sku: string; quantity: number }[]) => {
    const list = missing.map((m) => `${m.sku}×${m.quantity}`).join(', ');
    return r('PARTS_UNAVAILABLE', { missing: list }, `备件不足：${list}`, `parts not available: ${list}`);
  },
  partsAvailable: (source: 'van' | 'warehouse') =>
    source === 'van'
      ? r('PARTS_AVAILABLE', { source }, '所需备件在车上', 'parts are on the van')
      : r('PARTS_AVAILABLE', { source }, '所需备件需从仓库领取', 'parts come from the warehouse'),
  positionUnknown: () =>
    r('POSITION_UNKNOWN', {}, '没有实时位置，也没有常驻地址', 'no live location and no home address'),
  noLocation: () =>
    r('NO_LOCATION', {}, '工单没有地址坐标，无法派单', 'the job has no location, so it cannot be matched'),
  travel: (distanceKm: number, minutes: number, source: 'live' | 'home' | 'stale') => {
    const from = {
      live: ['实时位置', 'live location'],
      home: ['常驻地址', 'home'],
      stale: ['最后已知位置', 'last known location'],
    }[source];
    return r(
      'TRAVEL',
      { distanceKm: Number(km(distanceKm)), minutes: min(minutes), source },
      `距${from[0]} ${km(distanceKm)} 公里，约 ${min(minutes)} 分钟`,
      `${km(distanceKm)} km away, ${min(minutes)} min (from ${from[1]})`,
    );
  },
  load: (jobsToday: number, dailyCapacity: number) =>
    r(
      'LOAD',
      { jobsToday, dailyCapacity },
      `今日 ${jobsToday}/${dailyCapacity} 单`,
      `${jobsToday} of ${dailyCapacity} jobs today`,
    ),
  rating: (rating: number | null) =>
    rating === null
      ? r('RATING', { rating: 'none' }, '暂无评分（按中等计）', 'no rating yet (counted as average)')
      : r('RATING', { rating }, `客户评分 ${rating.toFixed(1)}/5`, `rated ${rating.toFixed(1)}/5`),
  continuity: (customerId: string) =>
    r('CONTINUITY', { customerId }, '近期服务过该客户', 'served this customer before'),
  onTime: (minutesEarly: number, priority: Priority) =>
    r(
      'ON_TIME',
      { minutesEarly: min(minutesEarly), priority },
      `预计在截止前 ${min(minutesEarly)} 分钟到达`,
      `arrives ${min(minutesEarly)} min before the due time`,
    ),
  late: (minutesLate: number, priority: Priority) =>
    r(
      'LATE',
      { minutesLate: min(minutesLate), priority },
      `预计晚于截止时间 ${min(minutesLate)} 分钟（${priority}）`,
      `arrives ${min(minutesLate)} min after the due time (${priority})`,
    ),
  unassignable: (code: ExclusionCode, engineers: number, total: number) => {
    const label = EXCLUSION_LABELS[code];
    return r(
      code,
      { engineers, total },
      `没有可派的工程师；最常见原因（${engineers}/${total} 人）：${label.zh}`,
      `nobody is eligible; most common reason (${engineers} of ${total}): ${label.en}`,
    );
  },
  noEngineers: () => r('NO_ENGINEERS', {}, '没有可供匹配的工程师', 'there are no engineers to match'),
};
