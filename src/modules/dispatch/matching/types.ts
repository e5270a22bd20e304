// The shapes matching works on. Pure data: nothing here reads a database or the clock.

export type GeoPoint = { lat: number; lng: number };

/** Where an engineer works: a circle (haversine radius) or a polygon (lat/lng treated as planar, fine at city scale). */
export type Territory =
  | { kind: 'radius'; center: GeoPoint; radiusKm: number }
  | { kind: 'polygon'; points: GeoPoint[] };

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export type EngineerStatus = 'off' | 'idle' | 'en_route' | 'on_site' | 'busy';

/** A weekly shift in the engineer's time zone. `end <= start` means it runs past midnight into the next day. */
export type Shift = { weekday: Weekday; start: string; end: string };

/** A daily break in the engineer's time zone (may also run past midnight). */
export type Break = { start: string; end: string };

export type EngineerProfile = {
  id: string;
  name: string;
  status: EngineerStatus;
  skills: { key: string; level: number }[];
  certifications: string[];
  /** Empty means the engineer works anywhere. */
  territories: Territory[];
  shifts: Shift[];
  breaks: Break[];
  /** IANA zone; an empty string stands for Asia/Shanghai. */
  timeZone: string;
  home: GeoPoint | null;
  location: { point: GeoPoint; at: Date } | null;
  dailyCapacity: number;
  jobsToday: number;
  /** 0–5, null when not rated yet. */
  rating: number | null;
  recentCustomerIds: string[];
  vanParts: Record<string, number>;
};

export type Priority = 'P1' | 'P2' | 'P3' | 'P4';

export type JobRequest = {
  id: string;
  location: GeoPoint | null;
  requiredSkills: { key: string; minLevel: number }[];
  requiredCertifications: string[];
  parts: { sku: string; quantity: number }[];
  priority: Priority;
  dueAt: Date | null;
  customerId: string | null;
  durationMinutes: number;
};

export type MatchWeights = { travel: number; load: number; urgency: number; rating: number; continuity: number };

export type ComponentKey = keyof MatchWeights;

/** Where the parts come from; the inventory module will provide a warehouse-aware implementation. */
export type PartsAvailability = (
  engineer: EngineerProfile,
  parts: JobRequest['parts'],
) => { ok: true; source: 'van' | 'warehouse' } | { ok: false; missing: { sku: string; quantity: number }[] };

export type TravelModel = { speedKmh: number; roadFactor: number };

export type LocalizedText = { zh: string; en: string };

export type Reason = { code: string; params: Record<string, string | number>; text: LocalizedText };

export type Candidate = {
  engineerId: string;
  name: string;
  score: number;
  travelMinutes: number;
  eta: Date;
  components: Record<ComponentKey, { value: number; contribution: number }>;
  reasons: Reason[];
};

export type Exclusion = { engineerId: string; name: string; reasons: Reason[] };

export type MatchResult = { ranked: Candidate[]; excluded: Exclusion[]; unassignableReason: Reason | null };

export type MatchOptions = {
  now: Date;
  weights?: MatchWeights;
  travel?: TravelModel;
  parts?: PartsAvailability;
  /** Caps `ranked` (default 10); `excluded` is always complete. */
  limit?: number;
};
