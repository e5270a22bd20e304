// Builders for the matching tests: a Shanghai engineer on a day shift and a nearby HVAC job.
import type { EngineerProfile, JobRequest, Shift, Weekday } from './types.ts';

export const PEOPLE_SQUARE = { lat: 31.23, lng: 121.47 };
/** Wednesday 2026-06-10, 11:00 in Shanghai. */
export const NOW = new Date('2026-06-10T03:00:00Z');

const ALL_DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const everyDay = (start: string, end: string): Shift[] => ALL_DAYS.map((weekday) => ({ weekday, start, end }));

export function engineer(overrides: Partial<EngineerProfile> = {}): EngineerProfile {
  return {
    id: 'e1',
    name: '张伟',
    status: 'idle',
    skills: [{ key: 'hvac', level: 4 }],
    certifications: ['electrician'],
    territories: [],
    shifts: everyDay('08:00', '18:00'),
    breaks: [{ start: '12:00', end: '13:00' }],
    timeZone: 'Asia/Shanghai',
    home: PEOPLE_SQUARE,
    location: null,
    dailyCapacity: 8,
    jobsToday: 3,
    rating: 4.5,
    recentCustomerIds: [],
    vanParts: {},
    ...overrides,
  };
}

export function job(overrides: Partial<JobRequest> = {}): JobRequest {
  return {
    id: 'j1',
    location: { lat: 31.24, lng: 121.48 },
    requiredSkills: [{ key: 'hvac', minLevel: 3 }],
    requiredCertifications: [],
    parts: [],
    priority: 'P3',
    dueAt: null,
    customerId: 'c1',
    durationMinutes: 60,
    ...overrides,
  };
}
