// Exclusion reasons repeat: for one job, every engineer missing skill X gets the same reason, every engineer off
// shift in one zone the same local time. Building each once per `matchJob` call and sharing it (frozen, so sharing
// is safe) keeps a 2,000-engineer match from allocating thousands of identical objects and strings.
import { reasons } from './reasons.ts';
import type { JobRequest, Reason } from './types.ts';

const freeze = (reason: Reason): Reason => {
  Object.freeze(reason.params);
  Object.freeze(reason.text);
  return Object.freeze(reason);
};

const OFF_DUTY = freeze(reasons.offDuty());
const NO_LOCATION = freeze(reasons.noLocation());
const POSITION_UNKNOWN = freeze(reasons.positionUnknown());

function memo<K>(map: Map<K, Reason>, key: K, build: () => Reason): Reason {
  let reason = map.get(key);
  if (reason === undefined) {
    reason = freeze(build());
    map.set(key, reason);
  }
  return reason;
}

export type ExclusionReasons = ReturnType<typeof createExclusionReasons>;

export function createExclusionReasons(job: JobRequest) {
  const skillMissing = job.requiredSkills.map((s) => freeze(reasons.skillMissing(s.key, s.minLevel)));
  const skillLow = job.requiredSkills.map(() => new Map<number, Reason>());
  const certificationMissing = job.requiredCertifications.map((c) => freeze(reasons.certificationMissing(c)));
  const notOnShift = new Map<string, Reason>();
  const timeZoneInvalid = new Map<string, Reason>();
  const onBreak = new Map<string, Reason>();
  const outside = new Map<number, Reason>();
  const capacity = new Map<number, Map<number, Reason>>();
  return {
    offDuty: () => OFF_DUTY,
    noLocation: () => NO_LOCATION,
    positionUnknown: () => POSITION_UNKNOWN,
    notOnShift: (localTime: string) => memo(notOnShift, localTime, () => reasons.notOnShift(localTime)),
    timeZoneInvalid: (zone: string) => memo(timeZoneInvalid, zone, () => reasons.timeZoneInvalid(zone)),
    onBreak: (start: string, end: string) => memo(onBreak, `${start}-${end}`, () => reasons.onBreak(start, end)),
    /** `index` is the requirement's position in `job.requiredSkills`. */
    skillMissing: (index: number) => skillMissing[index]!,
    skillLevelLow: (index: number, level: number) => {
      const required = job.requiredSkills[index]!;
      return memo(skillLow[index]!, level, () => reasons.skillLevelLow(required.key, level, required.minLevel));
    },
    certificationMissing: (index: number) => certificationMissing[index]!,
    outsideTerritory: (territories: number) => memo(outside, territories, () => reasons.outsideTerritory(territories)),
    capacityReached: (jobsToday: number, dailyCapacity: number) => {
      let byCapacity = capacity.get(dailyCapacity);
      if (!byCapacity) {
        byCapacity = new Map();
        capacity.set(dailyCapacity, byCapacity);
      }
      return memo(byCapacity, jobsToday, () => reasons.capacityReached(jobsToday, dailyCapacity));
    },
    /** Not shared: what is missing differs from van to van. */
    partsUnavailable: reasons.partsUnavailable,
  };
}
