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

type Params = Record<string, string | number>;

function reason<P extends Params>(code: string, params: P, text: (p: P) => LocalizedText): Reason {
  return { code, params, text: text(params) };
}

const km = (value: number) => (Math.round(value * 10) / 10).toFixed(1);
const FROM = {
  live: ['实时位置', 'live location'],
  home: ['常驻地址', 'home'],
  stale: ['最后已知位置', 'last known location'],
};
type Source = keyof typeof FROM;

const TEXT = {
  offDuty: () => ({ zh: '当前状态为不在岗', en: 'status is off duty' }),
  notOnShift: (p: { localTime: string }) => ({
    zh: `当地时间 ${p.localTime} 不在班次内`,
    en: `not on shift at local time ${p.localTime}`,
  }),
  onBreak: (p: { start: string; end: string }) => ({
    zh: `正在休息（${p.start}–${p.end}）`,
    en: `on a break (${p.start}–${p.end})`,
  }),
  timeZoneInvalid: (p: { timeZone: string }) => ({
    zh: `时区 ${p.timeZone} 无效，无法判断班次`,
    en: `time zone ${p.timeZone} is not valid`,
  }),
  skillMissing: (p: { skill: string; minLevel: number }) => ({
    zh: `缺少技能 ${p.skill}（需要 ${p.minLevel} 级）`,
    en: `missing skill ${p.skill} (level ${p.minLevel} needed)`,
  }),
  skillLevelLow: (p: { skill: string; level: number; minLevel: number }) => ({
    zh: `技能 ${p.skill} 为 ${p.level} 级，低于要求的 ${p.minLevel} 级`,
    en: `skill ${p.skill} level ${p.level} < ${p.minLevel}`,
  }),
  skillMatch: (p: { skill: string; level: number; minLevel: number }) => ({
    zh: `技能 ${p.skill} ${p.level} 级 ≥ ${p.minLevel}`,
    en: `skill ${p.skill} level ${p.level} ≥ ${p.minLevel}`,
  }),
  certificationMissing: (p: { certification: string }) => ({
    zh: `缺少资质 ${p.certification}`,
    en: `missing certification ${p.certification}`,
  }),
  certificationHeld: (p: { certification: string }) => ({
    zh: `持有资质 ${p.certification}`,
    en: `holds certification ${p.certification}`,
  }),
  outsideTerritory: (p: { territories: number }) => ({
    zh: `工单地址不在其 ${p.territories} 个服务区域内`,
    en: `the job is outside all ${p.territories} of their territories`,
  }),
  capacityReached: (p: { jobsToday: number; dailyCapacity: number }) => ({
    zh: `今日已接 ${p.jobsToday} 单，已达上限 ${p.dailyCapacity} 单`,
    en: `${p.jobsToday} of ${p.dailyCapacity} jobs today: capacity reached`,
  }),
  partsUnavailable: (p: { missing: string }) => ({
    zh: `备件不足：${p.missing}`,
    en: `parts not available: ${p.missing}`,
  }),
  partsAvailable: (p: { source: 'van' | 'warehouse' }) =>
    p.source === 'van'
      ? { zh: '所需备件在车上', en: 'parts are on the van' }
      : { zh: '所需备件需从仓库领取', en: 'parts come from the warehouse' },
  positionUnknown: () => ({ zh: '没有实时位置，也没有常驻地址', en: 'no live location and no home address' }),
  noLocation: () => ({ zh: '工单没有地址坐标，无法派单', en: 'the job has no location, so it cannot be matched' }),
  travel: (p: { distanceKm: number; minutes: number; source: Source }) => ({
    zh: `距${FROM[p.source][0]} ${km(p.distanceKm)} 公里，约 ${p.minutes} 分钟`,
    en: `${km(p.distanceKm)} km away, ${p.minutes} min (from ${FROM[p.source][1]})`,
  }),
  load: (p: { jobsToday: number; dailyCapacity: number }) => ({
    zh: `今日 ${p.jobsToday}/${p.dailyCapacity} 单`,
    en: `${p.jobsToday} of ${p.dailyCapacity} jobs today`,
  }),
  rating: (p: { rating: number | 'none' }) =>
    p.rating === 'none'
      ? { zh: '暂无评分（按中等计）', en: 'no rating yet (counted as average)' }
      : { zh: `客户评分 ${p.rating.toFixed(1)}/5`, en: `rated ${p.rating.toFixed(1)}/5` },
  continuity: () => ({ zh: '近期服务过该客户', en: 'served this customer before' }),
  onTime: (p: { minutesEarly: number; priority: Priority }) => ({
    zh: `预计在截止前 ${p.minutesEarly} 分钟到达`,
    en: `arrives ${p.minutesEarly} min before the due time`,
  }),
  late: (p: { minutesLate: number; priority: Priority }) => ({
    zh: `预计晚于截止时间 ${p.minutesLate} 分钟（${p.priority}）`,
    en: `arrives ${p.minutesLate} min after the due time (${p.priority})`,
  }),
  unassignable: (p: { code: ExclusionCode; engineers: number; total: number }) => ({
    zh: `没有可派的工程师；最常见原因（${p.engineers}/${p.total} 人）：${EXCLUSION_LABELS[p.code].zh}`,
    en: `nobody is eligible; most common reason (${p.engineers} of ${p.total}): ${EXCLUSION_LABELS[p.code].en}`,
  }),
  noEngineers: () => ({ zh: '没有可供匹配的工程师', en: 'there are no engineers to match' }),
};

export const reasons = {
  offDuty: () => reason('OFF_DUTY', {}, TEXT.offDuty),
  notOnShift: (localTime: string) => reason('NOT_ON_SHIFT', { localTime }, TEXT.notOnShift),
  onBreak: (start: string, end: string) => reason('ON_BREAK', { start, end }, TEXT.onBreak),
  timeZoneInvalid: (timeZone: string) => reason('TIME_ZONE_INVALID', { timeZone }, TEXT.timeZoneInvalid),
  skillMissing: (skill: string, minLevel: number) => reason('SKILL_MISSING', { skill, minLevel }, TEXT.skillMissing),
  skillLevelLow: (skill: string, level: number, minLevel: number) =>
    reason('SKILL_LEVEL_LOW', { skill, level, minLevel }, TEXT.skillLevelLow),
  skillMatch: (skill: string, level: number, minLevel: number) =>
    reason('SKILL_MATCH', { skill, level, minLevel }, TEXT.skillMatch),
  certificationMissing: (certification: string) =>
    reason('CERTIFICATION_MISSING', { certification }, TEXT.certificationMissing),
  certificationHeld: (certification: string) => reason('CERTIFICATION_HELD', { certification }, TEXT.certificationHeld),
  outsideTerritory: (territories: number) => reason('OUTSIDE_TERRITORY', { territories }, TEXT.outsideTerritory),
  capacityReached: (jobsToday: number, dailyCapacity: number) =>
    reason('CAPACITY_REACHED', { jobsToday, dailyCapacity }, TEXT.capacityReached),
  partsUnavailable: (missing: { sku: string; quantity: number }[]) =>
    reason(
      'PARTS_UNAVAILABLE',
      { missing: missing.map((m) => `${m.sku}×${m.quantity}`).join(', ') },
      TEXT.partsUnavailable,
    ),
  partsAvailable: (source: 'van' | 'warehouse') => reason('PARTS_AVAILABLE', { source }, TEXT.partsAvailable),
  positionUnknown: () => reason('POSITION_UNKNOWN', {}, TEXT.positionUnknown),
  noLocation: () => reason('NO_LOCATION', {}, TEXT.noLocation),
  travel: (distanceKm: number, minutes: number, source: Source) =>
    reason(
      'TRAVEL',
      { distanceKm: Math.round(distanceKm * 10) / 10, minutes: Math.round(minutes), source },
      TEXT.travel,
    ),
  load: (jobsToday: number, dailyCapacity: number) => reason('LOAD', { jobsToday, dailyCapacity }, TEXT.load),
  rating: (rating: number | null) =>
    reason('RATING', { rating: rating === null ? ('none' as const) : Math.round(rating * 10) / 10 }, TEXT.rating),
  continuity: (customerId: string) => reason('CONTINUITY', { customerId }, TEXT.continuity),
  onTime: (minutesEarly: number, priority: Priority) =>
    reason('ON_TIME', { minutesEarly: Math.round(minutesEarly), priority }, TEXT.onTime),
  late: (minutesLate: number, priority: Priority) =>
    reason('LATE', { minutesLate: Math.round(minutesLate), priority }, TEXT.late),
  /** `code` is the most common exclusion; the reason carries it as its own code. */
  unassignable: (code: ExclusionCode, engineers: number, total: number): Reason => ({
    code,
    params: { engineers, total },
    text: TEXT.unassignable({ code, engineers, total }),
  }),
  noEngineers: () => reason('NO_ENGINEERS', {}, TEXT.noEngineers),
};
