import { describe, expect, it } from 'vitest';
import { measureSolomonGaps, parseBksDistances } from './solomon-gap.ts';

describe('parseBksDistances', () => {
  it('reads the double-precision distance column by name', () => {
    const table = parseBksDistances(
      'instance,vehicles,distance,distance_dimacs\nC101,10,828.94,827.3\nR101,20,1642.88,1637.7\n',
    );
    expect([...table]).toEqual([
      ['C101', 828.94],
      ['R101', 1642.88],
    ]);
  });
});

describe('measureSolomonGaps', () => {
  it('solves the named instances and reports a feasible plan with its gap to the best known', async () => {
    const gaps = await measureSolomonGaps({
      directory: '/work/shared/benchmarks/solomon',
      timeLimitMs: 100,
      names: ['C101'],
    });
    expect(gaps).toHaveLength(1);
    const [gap] = gaps;
    expect(gap).toMatchObject({ name: 'C101', bks: 828.94, feasible: true });
    expect(gap?.gapPercent).toBeGreaterThan(-0.01);
    expect(gap?.gapPercent).toBeLessThan(10);
  });
});
