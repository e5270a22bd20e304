import { describe, expect, it } from 'vitest';
import { createDemoRandom, weightedTable } from './demo-random.ts';

const draws = (seed: number, n: number): number[] => {
  const rng = createDemoRandom(seed);
  return Array.from({ length: n }, () => rng.next());
};

describe('createDemoRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(draws(1234, 100)).toEqual(draws(1234, 100));
  });

  it('gives different sequences for neighbouring seeds', () => {
    expect(draws(0, 20)).not.toEqual(draws(1, 20));
    expect(draws(1, 20)).not.toEqual(draws(2, 20));
  });

  it('stays in [0, 1) and spreads evenly over it', () => {
    const values = draws(7, 20_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const lowerHalf = values.filter((value) => value < 0.5).length / values.length;
    expect(lowerHalf).toBeGreaterThan(0.48);
    expect(lowerHalf).toBeLessThan(0.52);
  });

  it('draws integers with both bounds included', () => {
    const rng = createDemoRandom(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) seen.add(rng.int(-2, 2));
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2]);
  });

  it('draws floats inside the requested range', () => {
    const rng = createDemoRandom(4);
    for (let i = 0; i < 1_000; i++) {
      const value = rng.float(10, 12);
      expect(value).toBeGreaterThanOrEqual(10);
      expect(value).toBeLessThan(12);
    }
  });

  it('never and always come true for chance 0 and 1', () => {
    const rng = createDemoRandom(5);
    for (let i = 0; i < 1_000; i++) {
      expect(rng.chance(0)).toBe(false);
      expect(rng.chance(1)).toBe(true);
    }
  });

  it('picks every element of an array and refuses an empty one', () => {
    const rng = createDemoRandom(6);
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) seen.add(rng.pick(['a', 'b', 'c']));
    expect(seen).toEqual(new Set(['a', 'b', 'c']));
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('follows the weights of a weighted table', () => {
    const rng = createDemoRandom(8);
    const table = weightedTable([
      ['rare', 1],
      ['common', 9],
      ['never', 0],
    ] as const);
    const counts = { rare: 0, common: 0, never: 0 };
    for (let i = 0; i < 10_000; i++) counts[rng.weighted(table)]++;
    expect(counts.never).toBe(0);
    expect(counts.rare).toBeGreaterThan(800);
    expect(counts.rare).toBeLessThan(1_200);
  });

  it('rejects tables without a positive total or with a negative weight', () => {
    expect(() => weightedTable([])).toThrow(RangeError);
    expect(() => weightedTable([['x', 0]])).toThrow(RangeError);
    expect(() => weightedTable([['x', -1]])).toThrow(RangeError);
  });
});
