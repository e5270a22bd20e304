// `npm run bench -- matching [--engineers 2000] [--jobs 2000] [--warmup 200] [--seed 42] [--limit 10]`
// Latency of explainable matching (`matchJob`) for one job against a Shanghai-sized workforce: synthetic
// engineers around People's Square (±0.3°) with random skills, shifts, territories (half radius, a quarter
// polygons, a quarter none), loads and positions, all from a seeded PRNG so runs are comparable. Measured:
// p50/p95/p99/max per call after a warm-up, and how many engineers were eligible per job. Target: p99 ≤ 10 ms.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type {
  EngineerProfile,
  GeoPoint,
  JobRequest,
  Territory,
  Weekday,
} from '../src/modules/dispatch/matching/index.ts';
import { matchJob } from '../src/modules/dispatch/matching/index.ts';
import { machineInfo } from './lib/machine.ts';

const ROOT = join(import.meta.dirname, '..');
const CENTER = { lat: 31.23, lng: 121.47 };
const SPREAD_DEG = 0.3;
const SKILLS = [
  'hvac',
  'plumbing',
  'electrical',
  'elevator',
  'boiler',
  'refrigeration',
  'fire-alarm',
  'access-control',
];
const CERTS = ['electrician', 'gas-safe', 'working-at-height', 'refrigerant'];
const SKUS = Array.from({ length: 30 }, (_, i) => `SKU-${String(i).padStart(3, '0')}`);
const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** Wednesday 2026-06-10, 10:00 in Shanghai: most day shifts are running. */
const NOW = new Date('2026-06-10T02:00:00Z');

type Random = () => number;
/** mulberry32 */
function seeded(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const int = (random: Random, below: number) => Math.floor(random() * below);
const pick = <T>(random: Random, list: readonly T[]): T => list[int(random, list.length)]!;
const pointNear = (random: Random, center: GeoPoint, spread: number): GeoPoint => ({
  lat: center.lat + (random() * 2 - 1) * spread,
  lng: center.lng + (random() * 2 - 1) * spread,
});

function territoryFor(random: Random, home: GeoPoint): Territory[] {
  const roll = random();
  if (roll < 0.5) return [{ kind: 'radius', center: home, radiusKm: 5 + random() * 20 }];
  if (roll < 0.75) {
    // A star-shaped (often concave) polygon of 6–12 vertices, 5–20 km across.
    const n = 6 + int(random, 7);
    return [
      {
        kind: 'polygon',
        points: Array.from({ length: n }, (_, i) => {
          const angle = (2 * Math.PI * i) / n;
          const r = (0.03 + random() * 0.12) * (i % 2 === 0 ? 1 : 0.6);
          return { lat: home.lat + r * Math.sin(angle), lng: home.lng + r * Math.cos(angle) };
        }),
      },
    ];
  }
  return [];
}

function syntheticEngineer(random: Random, index: number): EngineerProfile {
  const home = pointNear(random, CENTER, SPREAD_DEG);
  const night = random() < 0.15;
  const workDays = WEEKDAYS.filter(() => random() < 0.75);
  const dailyCapacity = 4 + int(random, 6);
  const liveRoll = random();
  return {
    id: `eng-${String(index).padStart(5, '0')}`,
    name: `工程师${index}`,
    status: random() < 0.1 ? 'off' : pick(random, ['idle', 'idle', 'en_route', 'on_site', 'busy'] as const),
    skills: SKILLS.filter(() => random() < 0.3).map((key) => ({ key, level: 1 + int(random, 5) })),
    certifications: CERTS.filter(() => random() < 0.3),
    territories: territoryFor(random, home),
    shifts: workDays.map((weekday) =>
      night
        ? { weekday, start: '20:00', end: '06:00' }
        : { weekday, start: random() < 0.5 ? '08:00' : '09:00', end: '18:00' },
    ),
    breaks: night ? [{ start: '00:00', end: '00:30' }] : [{ start: '12:00', end: '13:00' }],
    timeZone: 'Asia/Shanghai',
    home: random() < 0.95 ? home : null,
    location:
      liveRoll < 0.6
        ? { point: pointNear(random, home, 0.05), at: new Date(NOW.getTime() - int(random, 90) * 60_000) }
        : null,
    dailyCapacity,
    jobsToday: int(random, dailyCapacity + 2),
    rating: random() < 0.8 ? 3 + random() * 2 : null,
    recentCustomerIds: Array.from({ length: int(random, 6) }, () => `cust-${int(random, 500)}`),
    vanParts: Object.fromEntries(SKUS.filter(() => random() < 0.4).map((sku) => [sku, 1 + int(random, 4)])),
  };
}

function syntheticJob(random: Random, index: number): JobRequest {
  const skills = SKILLS.filter(() => random() < 0.15).slice(0, 2);
  return {
    id: `job-${index}`,
    location: pointNear(random, CENTER, SPREAD_DEG),
    requiredSkills: (skills.length > 0 ? skills : [pick(random, SKILLS)]).map((key) => ({
      key,
      minLevel: 1 + int(random, 3),
    })),
    requiredCertifications: random() < 0.2 ? [pick(random, CERTS)] : [],
    parts: random() < 0.3 ? [{ sku: pick(random, SKUS), quantity: 1 + int(random, 2) }] : [],
    priority: pick(random, ['P1', 'P2', 'P3', 'P3', 'P4'] as const),
    dueAt: random() < 0.7 ? new Date(NOW.getTime() + (30 + int(random, 480)) * 60_000) : null,
    customerId: `cust-${int(random, 500)}`,
    durationMinutes: 30 + int(random, 150),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function runMatchingScenario(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      engineers: { type: 'string', default: '2000' },
      jobs: { type: 'string', default: '2000' },
      warmup: { type: 'string', default: '200' },
      seed: { type: 'string', default: '42' },
      limit: { type: 'string', default: '10' },
    },
  });
  const engineerCount = Number(values.engineers);
  const jobCount = Number(values.jobs);
  const warmup = Number(values.warmup);
  const seed = Number(values.seed);
  const limit = Number(values.limit);
  const startedAt = new Date().toISOString();

  const random = seeded(seed);
  const engineers = Array.from({ length: engineerCount }, (_, i) => syntheticEngineer(random, i));
  const jobs = Array.from({ length: warmup + jobCount }, (_, i) => syntheticJob(random, i));

  for (let i = 0; i < warmup; i++) matchJob(jobs[i]!, engineers, { now: NOW, limit });

  const timings: number[] = [];
  let eligibleTotal = 0;
  let unassignable = 0;
  for (let i = warmup; i < jobs.length; i++) {
    const started = performance.now();
    const result = matchJob(jobs[i]!, engineers, { now: NOW, limit });
    timings.push(performance.now() - started);
    eligibleTotal += engineerCount - result.excluded.length;
    if (result.unassignableReason) unassignable++;
  }
  timings.sort((a, b) => a - b);

  const result = {
    scenario: 'matching',
    startedAt,
    engineers: engineerCount,
    jobs: jobCount,
    warmup,
    seed,
    limit,
    latencyMs: {
      p50: round(percentile(timings, 50)),
      p95: round(percentile(timings, 95)),
      p99: round(percentile(timings, 99)),
      max: round(timings.at(-1) ?? Number.NaN),
      mean: round(timings.reduce((sum, t) => sum + t, 0) / Math.max(1, timings.length)),
    },
    targetP99Ms: 10,
    eligiblePerJobMean: round(eligibleTotal / Math.max(1, jobCount), 1),
    unassignableJobs: unassignable,
    machine: machineInfo(),
  };

  const { p50, p95, p99, max } = result.latencyMs;
  console.log(
    `matching: ${engineerCount} engineers × ${jobCount} jobs (warm-up ${warmup}) — p50 ${p50} ms, p95 ${p95} ms, p99 ${p99} ms, max ${max} ms; ` +
      `eligible per job ${result.eligiblePerJobMean}, unassignable ${unassignable}; p99 target ≤ 10 ms ${p99 <= 10 ? 'met' : 'MISSED'}`,
  );
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const file = join(ROOT, 'bench', 'results', `matching-${startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written ${file}`);
}
