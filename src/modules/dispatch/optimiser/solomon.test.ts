import { describe, expect, it } from 'vitest';
import { buildDistanceMatrix, customerCount, parseSolomon, readSolomonFile } from './solomon.ts';

const SOLOMON_DIRECTORY = '/work/shared/benchmarks/solomon';

describe('parseSolomon', () => {
  it('reads the fleet, the depot and every customer of C101', async () => {
    const instance = await readSolomonFile(`${SOLOMON_DIRECTORY}/C101.txt`);
    expect(instance.name).toBe('C101');
    expect(instance.fleet).toBe(25);
    expect(instance.capacity).toBe(200);
    expect(customerCount(instance)).toBe(100);
    expect([instance.x[0], instance.y[0], instance.due[0]]).toEqual([40, 50, 1236]);
    expect([
      instance.x[1],
      instance.y[1],
      instance.demand[1],
      instance.ready[1],
      instance.due[1],
      instance.service[1],
    ]).toEqual([45, 68, 10, 912, 967, 90]);
  });

  it('keeps only the first customers when asked, as in the 25-customer variants', async () => {
    const instance = await readSolomonFile(`${SOLOMON_DIRECTORY}/R101.txt`, { maxCustomers: 25 });
    expect(customerCount(instance)).toBe(25);
  });

  it('uses unrounded Euclidean distances', async () => {
    const instance = await readSolomonFile(`${SOLOMON_DIRECTORY}/C101.txt`, { maxCustomers: 5 });
    const matrix = buildDistanceMatrix(instance);
    expect(matrix[1]).toBeCloseTo(Math.hypot(5, 18), 12);
    expect(matrix[0]).toBe(0);
  });

  it('refuses text without the customer section or with a bad line', () => {
    expect(parseSolomon('X\nVEHICLE\nNUMBER CAPACITY\n 25 200\n')).toMatchObject({ ok: false });
    const broken = 'X\nVEHICLE\nNUMBER     CAPACITY\n 25 200\nCUSTOMER\nCUST NO.\n 0 40 50 0 0 1236 0\n 1 45 oops\n';
    expect(parseSolomon(broken)).toMatchObject({ ok: false });
  });
});
