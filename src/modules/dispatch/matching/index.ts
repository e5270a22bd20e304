// Explainable matching of one field job to engineers: hard constraints exclude (with every reason that applies),
// a weighted 0–100 score ranks the rest (with each component and the reasons behind it). Pure functions.
export { DEFAULT_TRAVEL, haversineKm, isInPolygon, isInTerritory, travelMinutes } from './geo.ts';
export { LIVE_LOCATION_MAX_AGE_MS, matchJob } from './match-job.ts';
export { vanOnlyParts } from './parts.ts';
export { EXCLUSION_LABELS, type ExclusionCode } from './reasons.ts';
export { DEFAULT_TIME_ZONE } from './shifts.ts';
export type {
  Break,
  Candidate,
  ComponentKey,
  EngineerProfile,
  EngineerStatus,
  Exclusion,
  GeoPoint,
  JobRequest,
  LocalizedText,
  MatchOptions,
  MatchResult,
  MatchWeights,
  PartsAvailability,
  Priority,
  Reason,
  Shift,
  Territory,
  TravelModel,
  Weekday,
} from './types.ts';
export { checkWeights, DEFAULT_WEIGHTS } from './weights.ts';
