import type { DemoRandom } from './demo-random.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// Customers live on China Standard Time, UTC+8 with no daylight saving.
const CHINA_OFFSET_MS = 8 * HOUR_MS;
const WEEKEND_FACTOR = 0.45;

// Relative ticket volume per local hour: quiet nights, a dip at lunch, busy mornings and afternoons.
// biome-ignore format: one row of 24 hours
const HOUR_WEIGHTS = [
  0.15, 0.1, 0.08, 0.08, 0.08, 0.15, 0.3, 0.8, 2.2, 4, 4.2, 3.8,
  2.4, 3, 3.8, 3.9, 3.6, 3, 2, 1.5, 1.3, 1, 0.6, 0.3,
] as const;

export type CreatedAtOptions = {
  // Epoch milliseconds; every sample is strictly before it.
  now: number;
  days: number;
  count: number;
};

// Returns epoch milliseconds for ticket `index`; increasing with the index, weighted to working hours.
export type CreatedAtSampler = (rng: DemoRandom, index: number) => number;

const isWeekend = (localDay: number): boolean => {
  // 1970-01-01 was a Thursday.
  const weekday = (localDay + 4) % 7;
  return weekday === 0 || weekday === 6;
};

// Inverse-CDF sampling over hourly buckets: ticket i lands at quantile (i + u) / count, so creation
// times come out already sorted, which keeps ticket numbers and creation order consistent.
export const createdAtSampler = (options: CreatedAtOptions): CreatedAtSampler => {
  const end = options.now;
  const start = end - options.days * DAY_MS;
  const firstHour = Math.floor(start / HOUR_MS);
  const bucketCount = Math.max(1, Math.ceil(end / HOUR_MS) - firstHour);
  const starts = new Float64Array(bucketCount);
  const widths = new Float64Array(bucketCount);
  const cumulative = new Float64Array(bucketCount);
  let total = 0;
  for (let k = 0; k < bucketCount; k++) {
    const hourStart = (firstHour + k) * HOUR_MS;
    const lo = Math.max(hourStart, start);
    const hi = Math.min(hourStart + HOUR_MS, end);
    const local = hourStart + CHINA_OFFSET_MS;
    const hourWeight = HOUR_WEIGHTS[Math.floor(local / HOUR_MS) % 24]!;
    const dayFactor = isWeekend(Math.floor(local / DAY_MS)) ? WEEKEND_FACTOR : 1;
    starts[k] = lo;
    widths[k] = hi - lo;
    total += (hourWeight * dayFactor * (hi - lo)) / HOUR_MS;
    cumulative[k] = total;
  }

  return (rng, index) => {
    const target = ((index + rng.next()) / options.count) * total;
    let lo = 0;
    let hi = bucketCount - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    const before = lo === 0 ? 0 : cumulative[lo - 1]!;
    const weight = cumulative[lo]! - before;
    const fraction = weight > 0 ? (target - before) / weight : 0;
    return Math.min(Math.floor(starts[lo]! + fraction * widths[lo]!), end - 1);
  };
};
