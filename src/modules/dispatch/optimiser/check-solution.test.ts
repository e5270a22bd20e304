import { describe, expect, it } from 'vitest';
import { checkSolution } from './check-solution.ts';
import { buildInstance } from './test-instances.ts';

// Depot at the origin, customers on a line 10 apart.
const line = buildInstance(
  [
    { x: 0, y: 0, due: 100 },
    { x: 10, y: 0, demand: 30, ready: 0, due: 50, service: 5 },
    { x: 20, y: 0, demand: 30, ready: 40, due: 60, service: 5 },
    { x: 30, y: 0, demand: 30, ready: 0, due: 45, service: 5 },
  ],
  { fleet: 2, capacity: 60 },
);

describe('checkSolution', () => {
  it('accepts a feasible plan and sums its distance', () => {
    const check = checkSolution(line, [[1, 2], [3]]);
    expect(check).toEqual({ ok: true, distance: 40 + 60, vehicles: 2, violations: [] });
  });

  it('lets a vehicle wait for a window to open', () => {
    // Arrives at 2 at time 25, waits until 40, which is within [40, 60].
    expect(checkSolution(line, [[1, 2], [3]]).ok).toBe(true);
  });

  it('reports a missing, a duplicated and an unknown customer', () => {
    const check = checkSolution(line, [
      [1, 1],
      [2, 9],
    ]);
    expect(check.violations).toEqual(
      expect.arrayContaining([
        { kind: 'duplicate-customer', customer: 1 },
        { kind: 'unknown-customer', route: 1, customer: 9 },
        { kind: 'missing-customer', customer: 3 },
      ]),
    );
    expect(check.ok).toBe(false);
  });

  it('reports an overloaded route', () => {
    const check = checkSolution(line, [[1, 2, 3]]);
    expect(check.violations).toContainEqual({ kind: 'capacity', route: 0, load: 90, capacity: 60 });
  });

  it('reports service starting after the due time', () => {
    // 2 starts at 40, then 3 at 40 + 5 + 10 = 55 > 45.
    const check = checkSolution(line, [[1], [2, 3]]);
    expect(check.violations).toContainEqual({ kind: 'time-window', route: 1, customer: 3, start: 55, due: 45 });
  });

  it('reports a vehicle back at the depot after it closes', () => {
    const late = buildInstance([
      { x: 0, y: 0, due: 30 },
      { x: 10, y: 0, ready: 10, due: 20, service: 5 },
    ]);
    expect(checkSolution(late, [[1]]).ok).toBe(true);
    const later = buildInstance([
      { x: 0, y: 0, due: 24 },
      { x: 10, y: 0, ready: 10, due: 20, service: 5 },
    ]);
    expect(checkSolution(later, [[1]]).violations).toEqual([{ kind: 'depot-return', route: 0, arrival: 25, due: 24 }]);
  });

  it('reports more vehicles than the fleet', () => {
    const check = checkSolution(line, [[1], [2], [3]]);
    expect(check.violations).toEqual([{ kind: 'fleet', vehicles: 3, fleet: 2 }]);
  });

  it('does not count customers the solver reported as unassigned as missing', () => {
    expect(checkSolution(line, [[1, 2]], { allowUnassigned: [3] }).ok).toBe(true);
  });
});
