// Ranks the engineers who could take one field job and says why, and why not the others.
// Pure: the caller passes `now`, the engineers and the parts check; nothing here touches the database.
import { validationFailed } from '../../../platform/errors/app-error.ts';
import { createExclusionReasons } from './exclusion-reasons.ts';
import { DEFAULT_TRAVEL, haversineKm, isInTerritory } from './geo.ts';
import { vanOnlyParts } from './parts.ts';
import { EXCLUSION_LABELS, type ExclusionCode, reasons } from './reasons.ts';
import { breakAt, DEFAULT_TIME_ZONE, formatLocalTime, isOnShift, type LocalTime, localTimeIn } from './shifts.ts';
import type {
  Candidate,
  ComponentKey,
  EngineerProfile,
  Exclusion,
  GeoPoint,
  JobRequest,
  MatchOptions,
  MatchResult,
  MatchWeights,
  Reason,
  TravelModel,
} from './types.ts';
import { COMPONENT_KEYS, checkWeights, DEFAULT_WEIGHTS } from './weights.ts';

/** A live location older than this is stale: travel is measured from home instead. */
export const LIVE_LOCATION_MAX_AGE_MS = 30 * 60_000;
/** Minutes of travel at which the travel component is worth 0.5. */
const TRAVEL_HALF_MINUTES = 30;
/** Minutes late at which the urgency component is worth 0.5: P1 lateness hurts the most. */
const LATENESS_HALF_MINUTES: Record<JobRequest['priority'], number> = { P1: 15, P2: 30, P3: 60, P4: 120 };
const NEUTRAL_RATING = 0.6;
const DEFAULT_LIMIT = 10;

type PositionSource = 'live' | 'home' | 'stale';

type Scored = {
  engineer: EngineerProfile;
  score: number;
  travelMinutes: number;
  distanceKm: number;
  source: PositionSource;
  values: Record<ComponentKey, number>;
  partsSource: 'van' | 'warehouse' | null;
  minutesAfterDue: number | null;
};

export function matchJob(job: JobRequest, engineers: EngineerProfile[], options: MatchOptions): MatchResult {
  const now = options.now;
  if (!(now instanceof Date) || Number.isNaN(now.getTime()))
    throw validationFailed('now must be a valid date', [{ path: 'now', message: 'must be a valid date' }]);
  const weights = checkWeights(options.weights ?? DEFAULT_WEIGHTS);
  const travel = checkTravelModel(options.travel ?? DEFAULT_TRAVEL);
  const partsAvailable = options.parts ?? vanOnlyParts;
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 0)
    throw validationFailed('limit must be an integer ≥ 0', [{ path: 'limit', message: 'must be an integer ≥ 0' }]);

  const nowMs = now.getTime();
  const totalWeight = COMPONENT_KEYS.reduce((sum, key) => sum + weights[key], 0);
  const localTimes = new Map<string, { at: LocalTime; label: string } | null>(); // one Intl call per zone
  const excluded: Exclusion[] = [];
  const eligible: Scored[] = [];

  const shared = createExclusionReasons(job); // identical exclusion reasons built once per call
  for (const engineer of engineers) {
    const failures: Reason[] = [];
    if (engineer.status === 'off') failures.push(shared.offDuty());

    const zone = engineer.timeZone || DEFAULT_TIME_ZONE;
    let local = localTimes.get(zone);
    if (local === undefined) {
      const at = localTimeIn(now, zone);
      local = at ? { at, label: formatLocalTime(at) } : null;
      localTimes.set(zone, local);
    }
    if (local === null) failures.push(shared.timeZoneInvalid(zone));
    else if (!isOnShift(engineer.shifts, local.at)) failures.push(shared.notOnShift(local.label));
    else {
      const onBreak = breakAt(engineer.breaks, local.at);
      if (onBreak) failures.push(shared.onBreak(onBreak.start, onBreak.end));
    }

    for (let i = 0; i < job.requiredSkills.length; i++) {
      const required = job.requiredSkills[i]!;
      const level = skillLevel(engineer, required.key);
      if (level === null) failures.push(shared.skillMissing(i));
      else if (level < required.minLevel) failures.push(shared.skillLevelLow(i, level));
    }
    for (let i = 0; i < job.requiredCertifications.length; i++)
      if (!engineer.certifications.includes(job.requiredCertifications[i]!))
        failures.push(shared.certificationMissing(i));

    if (job.location && engineer.territories.length > 0) {
      const point = job.location;
      if (!engineer.territories.some((territory) => isInTerritory(point, territory)))
        failures.push(shared.outsideTerritory(engineer.territories.length));
    }

    if (engineer.jobsToday >= engineer.dailyCapacity)
      failures.push(shared.capacityReached(engineer.jobsToday, engineer.dailyCapacity));

    let partsSource: Scored['partsSource'] = null;
    if (job.parts.length > 0) {
      const parts = partsAvailable(engineer, job.parts);
      if (parts.ok) partsSource = parts.source;
      else failures.push(shared.partsUnavailable(parts.missing));
    }

    const source = positionSource(engineer, nowMs);
    if (!job.location) failures.push(shared.noLocation());
    else if (!source) failures.push(shared.positionUnknown());

    if (failures.length > 0 || !job.location || !source) {
      excluded.push({ engineerId: engineer.id, name: engineer.name, reasons: failures });
      continue;
    }

    const distanceKm = haversineKm(startingPoint(engineer, source), job.location);
    const minutes = ((distanceKm * travel.roadFactor) / travel.speedKmh) * 60;
    const etaMs = nowMs + minutes * 60_000;
    const minutesAfterDue = job.dueAt ? (etaMs - job.dueAt.getTime()) / 60_000 : null;
    const values: Record<ComponentKey, number> = {
      travel: 1 / (1 + minutes / TRAVEL_HALF_MINUTES),
      load: clamp01(1 - engineer.jobsToday / engineer.dailyCapacity),
      urgency:
        minutesAfterDue === null || minutesAfterDue <= 0
          ? 1
          : 1 / (1 + minutesAfterDue / LATENESS_HALF_MINUTES[job.priority]),
      rating: engineer.rating === null ? NEUTRAL_RATING : clamp01(engineer.rating / 5),
      continuity: job.customerId !== null && engineer.recentCustomerIds.includes(job.customerId) ? 1 : 0,
    };
    let score = 0;
    for (const key of COMPONENT_KEYS) score += weights[key] * values[key];
    eligible.push({
      engineer,
      score: Math.min(100, Math.max(0, (100 * score) / totalWeight)),
      travelMinutes: minutes,
      distanceKm,
      source,
      values,
      partsSource,
      minutesAfterDue,
    });
  }

  eligible.sort(
    (a, b) =>
      b.score - a.score ||
      a.travelMinutes - b.travelMinutes ||
      (a.engineer.id < b.engineer.id ? -1 : a.engineer.id > b.engineer.id ? 1 : 0),
  );
  const ranked = eligible.slice(0, limit).map((scored) => toCandidate(scored, job, now, weights, totalWeight));
  const unassignableReason =
    eligible.length > 0 ? null : job.location ? mostCommonExclusion(excluded, engineers.length) : reasons.noLocation();
  return { ranked, excluded, unassignableReason };
}

function checkTravelModel(model: TravelModel): TravelModel {
  const errors = [];
  if (!(Number.isFinite(model.speedKmh) && model.speedKmh > 0))
    errors.push({ path: 'travel.speedKmh', message: 'must be a finite number > 0' });
  if (!(Number.isFinite(model.roadFactor) && model.roadFactor > 0))
    errors.push({ path: 'travel.roadFactor', message: 'must be a finite number > 0' });
  if (errors.length > 0) throw validationFailed('Invalid travel model', errors);
  return model;
}

function skillLevel(engineer: EngineerProfile, key: string): number | null {
  let best: number | null = null;
  for (const skill of engineer.skills)
    if (skill.key === key && (best === null || skill.level > best)) best = skill.level;
  return best;
}

/** Where travel starts: a fresh live location, else home, else the stale live location (better than nothing). */
function positionSource(engineer: EngineerProfile, nowMs: number): PositionSource | null {
  const live = engineer.location;
  if (live && nowMs - live.at.getTime() <= LIVE_LOCATION_MAX_AGE_MS) return 'live';
  if (engineer.home) return 'home';
  return live ? 'stale' : null;
}

function startingPoint(engineer: EngineerProfile, source: PositionSource): GeoPoint {
  return source === 'home' ? engineer.home! : engineer.location!.point;
}

const clamp01 = (value: number) => (value <= 0 || Number.isNaN(value) ? 0 : Math.min(value, 1));

function toCandidate(s: Scored, job: JobRequest, now: Date, weights: MatchWeights, totalWeight: number): Candidate {
  const { engineer } = s;
  const components = {} as Candidate['components'];
  for (const key of COMPONENT_KEYS)
    components[key] = { value: s.values[key], contribution: (100 * weights[key] * s.values[key]) / totalWeight };
  const why: Reason[] = [reasons.travel(s.distanceKm, s.travelMinutes, s.source)];
  if (s.minutesAfterDue !== null)
    why.push(
      s.minutesAfterDue > 0
        ? reasons.late(s.minutesAfterDue, job.priority)
        : reasons.onTime(-s.minutesAfterDue, job.priority),
    );
  why.push(reasons.load(engineer.jobsToday, engineer.dailyCapacity));
  if (s.values.continuity === 1 && job.customerId !== null) why.push(reasons.continuity(job.customerId));
  why.push(reasons.rating(engineer.rating));
  for (const required of job.requiredSkills)
    why.push(reasons.skillMatch(required.key, skillLevel(engineer, required.key) ?? 0, required.minLevel));
  for (const certification of job.requiredCertifications) why.push(reasons.certificationHeld(certification));
  if (s.partsSource) why.push(reasons.partsAvailable(s.partsSource));
  return {
    engineerId: engineer.id,
    name: engineer.name,
    score: s.score,
    travelMinutes: s.travelMinutes,
    eta: new Date(now.getTime() + s.travelMinutes * 60_000),
    components,
    reasons: why,
  };
}

function mostCommonExclusion(excluded: Exclusion[], total: number): Reason {
  if (excluded.length === 0) return reasons.noEngineers();
  const counts = new Map<ExclusionCode, number>();
  for (const exclusion of excluded) {
    const seen = new Set(exclusion.reasons.map((reason) => reason.code as ExclusionCode));
    for (const code of seen) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  let best: ExclusionCode = 'OFF_DUTY';
  let bestCount = -1;
  for (const code of Object.keys(EXCLUSION_LABELS) as ExclusionCode[]) {
    const count = counts.get(code) ?? 0;
    if (count > bestCount) {
      best = code;
      bestCount = count;
    }
  }
  return reasons.unassignable(best, bestCount, total);
}
