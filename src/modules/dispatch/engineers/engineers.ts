import type { Context } from '../../../platform/db/context.ts';
import { AppError, type FieldError, validationFailed } from '../../../platform/errors/app-error.ts';
import { usersRepo } from '../../identity/index.ts';
import type { TicketRow } from '../../tickets/index.ts';
import type { EngineerProfile, GeoPoint, JobRequest } from '../matching/index.ts';
import { type EngineerRow, engineersRepo } from './engineers.repo.ts';

export type EngineerInput = {
  status?: EngineerRow['status'];
  skills?: { key: string; level: number }[];
  certifications?: string[];
  territories?: ({ kind: 'radius'; center: GeoPoint; radiusKm: number } | { kind: 'polygon'; points: GeoPoint[] })[];
  shifts?: { weekday: string; start: string; end: string }[];
  breaks?: { start: string; end: string }[];
  timeZone?: string;
  home?: GeoPoint | null;
  dailyCapacity?: number;
  rating?: number | null;
  vanParts?: Record<string, number>;
};

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const START = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Twice the signed area of a polygon in degrees²: zero for a degenerate one (all points on a line). */
function doubledArea(points: GeoPoint[]): number {
  let sum = 0;
  for (const [i, a] of points.entries()) {
    const b = points[(i + 1) % points.length] as GeoPoint;
    sum += a.lng * b.lat - b.lng * a.lat;
  }
  return sum;
}

function zoneOk(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The meaning the schema cannot check: times, zones, polygons, duplicates. Every problem, with its path. */
function checkProfile(input: EngineerInput): void {
  const errors: FieldError[] = [];
  for (const [i, shift] of (input.shifts ?? []).entries()) {
    if (!START.test(shift.start)) errors.push({ path: `/shifts/${i}/start`, message: 'is not HH:MM (00:00–23:59)' });
    if (!HHMM.test(shift.end)) errors.push({ path: `/shifts/${i}/end`, message: 'is not HH:MM' });
    if (shift.start === shift.end) errors.push({ path: `/shifts/${i}`, message: 'starts and ends at the same time' });
  }
  for (const [i, pause] of (input.breaks ?? []).entries())
    if (!HHMM.test(pause.start) || !HHMM.test(pause.end) || pause.start >= pause.end)
      errors.push({ path: `/breaks/${i}`, message: 'needs start < end, both HH:MM' });
  for (const [i, territory] of (input.territories ?? []).entries())
    if (
      territory.kind === 'polygon' &&
      (territory.points.length < 3 || Math.abs(doubledArea(territory.points)) < 1e-12)
    )
      errors.push({ path: `/territories/${i}/points`, message: 'needs at least 3 points enclosing an area' });
  const keys = (input.skills ?? []).map((skill) => skill.key.trim());
  for (const [i, key] of keys.entries()) if (!key) errors.push({ path: `/skills/${i}/key`, message: 'is blank' });
  for (const [i, name] of (input.certifications ?? []).entries())
    if (!name.trim()) errors.push({ path: `/certifications/${i}`, message: 'is blank' });
  for (const sku of Object.keys(input.vanParts ?? {}))
    if (!sku.trim()) errors.push({ path: '/vanParts', message: 'has a blank part number' });
  if (new Set(keys).size !== keys.length) errors.push({ path: '/skills', message: 'names a skill twice' });
  if (input.timeZone !== undefined && !zoneOk(input.timeZone))
    errors.push({ path: '/timeZone', message: 'is not an IANA time zone' });
  if (errors.length) throw validationFailed('The engineer profile is not valid', errors);
}

/** Creates or replaces an engineer's dispatch profile (a user with the engineer role). */
export async function saveEngineer(
  ctx: Context,
  options: { tenantId: string; userId: string; input: EngineerInput; expectedVersion: number | null },
): Promise<EngineerRow> {
  const { tenantId, userId, input } = options;
  const user = await usersRepo.byId(ctx.db, tenantId, userId);
  if (!user) throw new AppError('ENGINEER_NOT_FOUND', 'No such user');
  if (user.role !== 'engineer')
    throw validationFailed('Only a user with the engineer role has a dispatch profile', [
      { path: '/userId', message: 'is not an engineer' },
    ]);
  checkProfile(input);
  const current = await engineersRepo.byUser(ctx.db, tenantId, userId);
  const now = ctx.clock.now();
  const row: Omit<EngineerRow, 'version'> = {
    tenant_id: tenantId,
    user_id: userId,
    status: input.status ?? current?.status ?? 'off',
    skills: (input.skills ?? current?.skills ?? []).map((skill) => ({ key: skill.key.trim(), level: skill.level })),
    certifications: [...new Set((input.certifications ?? current?.certifications ?? []).map((c) => c.trim()))],
    territories: input.territories ?? current?.territories ?? [],
    shifts: input.shifts ?? current?.shifts ?? [],
    breaks: input.breaks ?? current?.breaks ?? [],
    time_zone: input.timeZone ?? current?.time_zone ?? 'Asia/Shanghai',
    home_lat: input.home === undefined ? (current?.home_lat ?? null) : (input.home?.lat ?? null),
    home_lng: input.home === undefined ? (current?.home_lng ?? null) : (input.home?.lng ?? null),
    location_lat: current?.location_lat ?? null,
    location_lng: current?.location_lng ?? null,
    location_at: current?.location_at ?? null,
    daily_capacity: input.dailyCapacity ?? current?.daily_capacity ?? 8,
    rating: input.rating === undefined ? (current?.rating ?? null) : input.rating,
    van_parts: input.vanParts ?? current?.van_parts ?? {},
    updated_at: now,
  };
  if (!current) {
    if (options.expectedVersion !== null)
      throw new AppError('ENGINEER_NOT_FOUND', 'The engineer has no profile yet; create it without If-Match');
    await engineersRepo.insert(ctx.db, { ...row, version: 1 });
    return { ...row, version: 1 };
  }
  if (options.expectedVersion === null)
    throw new AppError('PRECONDITION_REQUIRED', 'The profile exists: send If-Match with its ETag to change it');
  const updated = await engineersRepo.update(ctx.db, row, options.expectedVersion);
  if (!updated) throw new AppError('VERSION_MISMATCH', 'The profile was changed by someone else; reload and retry');
  return updated;
}

export function engineerView(row: EngineerRow, name?: string) {
  return {
    userId: row.user_id,
    ...(name === undefined ? {} : { name }),
    status: row.status,
    skills: row.skills,
    certifications: row.certifications,
    territories: row.territories,
    shifts: row.shifts,
    breaks: row.breaks,
    timeZone: row.time_zone,
    home: row.home_lat === null || row.home_lng === null ? null : { lat: row.home_lat, lng: row.home_lng },
    location:
      row.location_lat === null || row.location_lng === null || !row.location_at
        ? null
        : { lat: row.location_lat, lng: row.location_lng, at: new Date(row.location_at).toISOString() },
    dailyCapacity: row.daily_capacity,
    rating: row.rating,
    vanParts: row.van_parts,
    version: row.version,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** What the matcher reads of an engineer. */
export function engineerProfile(row: EngineerRow, name: string, jobsToday: number): EngineerProfile {
  return {
    id: row.user_id,
    name,
    status: row.status,
    skills: row.skills,
    certifications: row.certifications,
    territories: row.territories as EngineerProfile['territories'],
    shifts: row.shifts as EngineerProfile['shifts'],
    breaks: row.breaks as EngineerProfile['breaks'],
    timeZone: row.time_zone,
    home: row.home_lat === null || row.home_lng === null ? null : { lat: row.home_lat, lng: row.home_lng },
    location:
      row.location_lat === null || row.location_lng === null || !row.location_at
        ? null
        : { point: { lat: row.location_lat, lng: row.location_lng }, at: new Date(row.location_at) },
    dailyCapacity: row.daily_capacity,
    jobsToday,
    rating: row.rating,
    recentCustomerIds: [],
    vanParts: row.van_parts,
  };
}

/**
 * A ticket as a field job. Until work orders carry structured requirements, they are read from tags:
 * `skill:hvac` or `skill:hvac:3` (minimum level), `cert:电工证`, `part:FILTER-01` or `part:FILTER-01:2`.
 */
export function jobOf(ticket: TicketRow, durationMinutes = 60): JobRequest {
  const requiredSkills: JobRequest['requiredSkills'] = [];
  const requiredCertifications: string[] = [];
  const parts: JobRequest['parts'] = [];
  for (const tag of ticket.tags) {
    const [kind, key, amount] = tag.split(':');
    if (!key) continue;
    const count = Number(amount);
    if (kind === 'skill') requiredSkills.push({ key, minLevel: Number.isInteger(count) && count > 0 ? count : 1 });
    else if (kind === 'cert') requiredCertifications.push(key);
    else if (kind === 'part') parts.push({ sku: key, quantity: Number.isInteger(count) && count > 0 ? count : 1 });
  }
  return {
    id: ticket.id,
    location:
      ticket.location_lat === null || ticket.location_lng === null
        ? null
        : { lat: ticket.location_lat, lng: ticket.location_lng },
    requiredSkills,
    requiredCertifications,
    parts,
    priority: ticket.priority,
    dueAt: ticket.due_at ? new Date(ticket.due_at) : null,
    customerId: ticket.customer_id,
    durationMinutes,
  };
}
