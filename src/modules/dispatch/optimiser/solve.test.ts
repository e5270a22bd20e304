import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSolution } from './check-solution.ts';
import { readSolomonFile } from './solomon.ts';
import { solveVrptw } from './solve.ts';
import { buildInstance, type NodeSpec } from './test-instances.ts';

const SOLOMON_DIRECTORY = '/work/shared/benchmarks/solomon';

describe('solveVrptw', () => {
  it('returns a plan the checker accepts on a small instance', () => {
    const instance = buildInstance(
      [
        { x: 0, y: 0, due: 200 },
        { x: 10, y: 0, demand: 40, ready: 0, due: 50, service: 5 },
        { x: 20, y: 0, demand: 40, ready: 40, due: 60, service: 5 },
        { x: 0, y: 20, demand: 40, ready: 0, due: 100, service: 5 },
        { x: -15, y: 5, demand: 40, ready: 60, due: 90, service: 5 },
      ],
      { fleet: 3, capacity: 80 },
    );
    const plan = solveVrptw(instance, { timeLimitMs: 1000, maxIterations: 300, seed: 7 });
    const check = checkSolution(instance, plan.routes);
    expect(check.violations).toEqual([]);
    expect(plan.unassigned).toEqual([]);
    expect(plan.distance).toBeCloseTo(check.distance, 9);
    expect(plan.vehicles).toBe(check.vehicles);
  });

  it('leaves out a customer no vehicle can reach in time and serves the rest', () => {
    const instance = buildInstance([
      { x: 0, y: 0, due: 100 },
      { x: 10, y: 0, due: 50 },
      { x: 50, y: 0, due: 20 },
    ]);
    const plan = solveVrptw(instance, { timeLimitMs: 200, maxIterations: 50 });
    expect(plan.unassigned).toEqual([2]);
    expect(checkSolution(instance, plan.routes, { allowUnassigned: plan.unassigned }).ok).toBe(true);
  });

  it('is reproducible for a seed and an iteration budget', async () => {
    const instance = await readSolomonFile(`${SOLOMON_DIRECTORY}/RC101.txt`, { maxCustomers: 25 });
    const first = solveVrptw(instance, { timeLimitMs: 5000, maxIterations: 200, seed: 3 });
    const second = solveVrptw(instance, { timeLimitMs: 5000, maxIterations: 200, seed: 3 });
    expect(second.routes).toEqual(first.routes);
  });

  it('improves on its construction for R101 with 25 customers and stays near the known optimum', async () => {
    const instance = await readSolomonFile(`${SOLOMON_DIRECTORY}/R101.txt`, { maxCustomers: 25 });
    const construction = solveVrptw(instance, { timeLimitMs: 0 });
    const plan = solveVrptw(instance, { timeLimitMs: 3000, maxIterations: 3000, seed: 1 });
    expect(checkSolution(instance, plan.routes).ok).toBe(true);
    expect(plan.distance).toBeLessThan(construction.distance);
    // R101.25 optimum is 617.1 in the literature (arcs truncated to 0.1); allow a generous 3 %.
    expect(plan.distance).toBeLessThan(617.1 * 1.03);
  });

  it('solves C101 with 25 customers within a generous 2 % of the known optimum 191.3 (arcs truncated to 0.1)', async () => {
    const instance = await readSolomonFile(`${SOLOMON_DIRECTORY}/C101.txt`, { maxCustomers: 25 });
    const construction = solveVrptw(instance, { timeLimitMs: 0 });
    const plan = solveVrptw(instance, { timeLimitMs: 3000, maxIterations: 2000, seed: 1 });
    expect(checkSolution(instance, plan.routes).ok).toBe(true);
    expect(plan.distance).toBeLessThanOrEqual(construction.distance);
    expect(plan.distance).toBeLessThan(191.3 * 1.02);
  });

  it('always returns a checker-valid plan on random small instances', () => {
    const node = fc.record({
      x: fc.integer({ min: 0, max: 50 }),
      y: fc.integer({ min: 0, max: 50 }),
      demand: fc.integer({ min: 1, max: 30 }),
      ready: fc.integer({ min: 0, max: 150 }),
      width: fc.integer({ min: 0, max: 120 }),
      service: fc.integer({ min: 0, max: 10 }),
    });
    fc.assert(
      fc.property(fc.array(node, { minLength: 1, maxLength: 12 }), fc.integer(), (customers, seed) => {
        const nodes: NodeSpec[] = [{ x: 25, y: 25, due: 400 }];
        for (const customer of customers) {
          // Every customer is reachable on its own, so a plan with one vehicle per customer exists.
          const earliest = Math.hypot(customer.x - 25, customer.y - 25);
          const ready = Math.max(customer.ready, Math.ceil(earliest));
          nodes.push({ ...customer, ready, due: ready + customer.width });
        }
        const instance = buildInstance(nodes, { fleet: customers.length, capacity: 40 });
        const plan = solveVrptw(instance, { timeLimitMs: 1000, maxIterations: 40, seed });
        const check = checkSolution(instance, plan.routes);
        expect(check.violations).toEqual([]);
        expect(plan.distance).toBeCloseTo(check.distance, 6);
      }),
      { numRuns: 40 },
    );
  });
});
