import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchJob } from './match-job.ts';
import type { EngineerProfile, GeoPoint, JobRequest, Territory } from './types.ts';

const SKILLS = ['hvac', 'plumbing', 'electrical', 'elevator'];
const CERTS = ['gas-safe', 'electrician', 'height'];
const SKUS = ['FLT-01', 'CAP-10', 'BLT-02'];
const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/Berlin', ''];
const clock = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const point: fc.Arbitrary<GeoPoint> = fc.record({
  lat: fc.double({ min: 30.9, max: 31.5, noNaN: true }),
  lng: fc.double({ min: 121.1, max: 121.8, noNaN: true }),
});
const territory: fc.Arbitrary<Territory> = fc.oneof(
  fc.record({
    kind: fc.constant('radius' as const),
    center: point,
    radiusKm: fc.double({ min: 0, max: 40, noNaN: true }),
  }),
  fc.record({ kind: fc.constant('polygon' as const), points: fc.array(point, { maxLength: 7 }) }),
);
const instant = fc.date({
  min: new Date('2026-01-01T00:00:00Z'),
  max: new Date('2026-12-31T00:00:00Z'),
  noInvalidDate: true,
});

const engineerArb = (index: number): fc.Arbitrary<EngineerProfile> =>
  fc.record({
    id: fc.constant(`e${index}`),
    name: fc.constant(`工程师${index}`),
    status: fc.constantFrom('off', 'idle', 'en_route', 'on_site', 'busy'),
    skills: fc.array(fc.record({ key: fc.constantFrom(...SKILLS), level: fc.integer({ min: 1, max: 5 }) }), {
      maxLength: 4,
    }),
    certifications: fc.subarray(CERTS),
    territories: fc.array(territory, { maxLength: 2 }),
    shifts: fc.array(
      fc.record({
        weekday: fc.constantFrom('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'),
        start: clock,
        end: clock,
      }),
      { maxLength: 8 },
    ),
    breaks: fc.array(fc.record({ start: clock, end: clock }), { maxLength: 2 }),
    timeZone: fc.constantFrom(...ZONES),
    home: fc.option(point, { nil: null }),
    location: fc.option(fc.record({ point, at: instant }), { nil: null }),
    dailyCapacity: fc.integer({ min: 0, max: 10 }),
    jobsToday: fc.integer({ min: 0, max: 12 }),
    rating: fc.option(fc.double({ min: 0, max: 5, noNaN: true }), { nil: null }),
    recentCustomerIds: fc.subarray(['c1', 'c2', 'c3']),
    vanParts: fc.dictionary(fc.constantFrom(...SKUS), fc.integer({ min: 0, max: 3 })),
  });

const jobArb: fc.Arbitrary<JobRequest> = fc.record({
  id: fc.constant('job'),
  location: fc.option(point, { nil: null, freq: 8 }),
  requiredSkills: fc.array(fc.record({ key: fc.constantFrom(...SKILLS), minLevel: fc.integer({ min: 1, max: 5 }) }), {
    maxLength: 2,
  }),
  requiredCertifications: fc.subarray(CERTS, { maxLength: 1 }),
  parts: fc.array(fc.record({ sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: 2 }) }), {
    maxLength: 2,
  }),
  priority: fc.constantFrom('P1', 'P2', 'P3', 'P4'),
  dueAt: fc.option(instant, { nil: null }),
  customerId: fc.option(fc.constantFrom('c1', 'c2', 'c3'), { nil: null }),
  durationMinutes: fc.integer({ min: 15, max: 240 }),
});

const engineersArb = fc
  .integer({ min: 0, max: 25 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => engineerArb(i))));

describe('matchJob properties', () => {
  it('places every engineer exactly once, keeps scores in 0–100 and ranked sorted', () => {
    fc.assert(
      fc.property(jobArb, engineersArb, instant, (job, engineers, now) => {
        const result = matchJob(job, engineers, { now, limit: 1000 });
        const seen = [...result.ranked.map((c) => c.engineerId), ...result.excluded.map((e) => e.engineerId)].sort();
        expect(seen).toEqual(engineers.map((e) => e.id).sort());
        for (const exclusion of result.excluded) expect(exclusion.reasons.length).toBeGreaterThan(0);
        for (const candidate of result.ranked) {
          expect(candidate.score).toBeGreaterThanOrEqual(0);
          expect(candidate.score).toBeLessThanOrEqual(100);
          for (const component of Object.values(candidate.components)) {
            expect(component.value).toBeGreaterThanOrEqual(0);
            expect(component.value).toBeLessThanOrEqual(1);
          }
        }
        for (let i = 1; i < result.ranked.length; i++) {
          const a = result.ranked[i - 1]!;
          const b = result.ranked[i]!;
          const inOrder =
            a.score > b.score ||
            (a.score === b.score &&
              (a.travelMinutes < b.travelMinutes ||
                (a.travelMinutes === b.travelMinutes && a.engineerId <= b.engineerId)));
          expect(inOrder).toBe(true);
        }
        expect(result.unassignableReason === null).toBe(result.ranked.length > 0);
      }),
      { numRuns: 300 },
    );
  });
});
