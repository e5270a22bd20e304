/** Seeded pseudo-random source; every demo generator draws from one of these so output is reproducible. */
export type DemoRandom = {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform float in [min, max); defaults to [0, 1). */
  float(min?: number, max?: number): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One value of a table built by `weightedTable`. */
  weighted<T>(table: WeightedTable<T>): T;
};

/** Precomputed cumulative weights, so a weighted draw costs one float and a short scan. */
export type WeightedTable<T> = {
  readonly values: readonly T[];
  readonly cumulative: Float64Array;
  readonly total: number;
};

/** Builds a table for `DemoRandom.weighted` from [value, weight] pairs. */
export const weightedTable = <T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> => {
  if (entries.length === 0) throw new RangeError('weightedTable needs at least one entry');
  const values: T[] = [];
  const cumulative = new Float64Array(entries.length);
  let total = 0;
  entries.forEach(([value, weight], i) => {
    if (!(weight >= 0)) throw new RangeError(`weight for entry ${i} must be >= 0`);
    total += weight;
    values.push(value);
    cumulative[i] = total;
  });
  if (total <= 0) throw new RangeError('weightedTable needs a positive total weight');
  return { values, cumulative, total };
};

/**
 * mulberry32: 32 bits of state, fast, and good enough for demo content.
 * Not for anything security-related.
 */
export const createDemoRandom = (seed: number): DemoRandom => {
  // Spread nearby seeds (0, 1, 2 …) apart before the first draw.
  let state = Math.imul((Math.trunc(seed) ^ 0x9e3779b9) >>> 0, 0x85ebca6b) >>> 0;

  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const float = (min = 0, max = 1): number => min + next() * (max - min);

  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));

  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new RangeError('pick needs a non-empty array');
    return items[Math.floor(next() * items.length)]!;
  };

  const chance = (p: number): boolean => next() < p;

  const weighted = <T>(table: WeightedTable<T>): T => {
    const target = next() * table.total;
    const { cumulative, values } = table;
    const last = values.length - 1;
    for (let i = 0; i < last; i++) {
      if (target < cumulative[i]!) return values[i]!;
    }
    return values[last]!;
  };

  return { next, float, int, pick, chance, weighted };
};

// Index into a list of n items, skewed towards the front (common surnames, busy customers).
export const skewedIndex = (rng: DemoRandom, n: number, power: number): number => Math.floor(rng.next() ** power * n);
