import { copyPlan, createModel, createPlan, extractRoutes, type Plan, planDistance } from './plan.ts';
import { createRandom } from './random.ts';
import { createWorkspace, recreateGreedy, recreateRegret, ruinRandom, ruinStrings } from './ruin-recreate.ts';
import type { VrptwInstance } from './solomon.ts';

export type SolveVrptwOptions = {
  timeLimitMs: number;
  seed?: number;
  // Stops earlier after this many ruin-and-recreate iterations (reproducible runs in tests).
  maxIterations?: number;
};

export type VrptwPlan = {
  // Customer numbers per vehicle, depot left implicit at both ends.
  routes: number[][];
  distance: number;
  vehicles: number;
  // Customers no vehicle can serve within the fleet, capacity and windows; empty on every Solomon instance.
  unassigned: number[];
  iterations: number;
};

// Lexicographic objective: fewest unassigned customers, then distance.
const isBetter = (candidate: Plan, incumbent: Plan): boolean =>
  candidate.poolSize < incumbent.poolSize ||
  (candidate.poolSize === incumbent.poolSize && candidate.distance < incumbent.distance - 1e-9);

const toResult = (plan: Plan, iterations: number): VrptwPlan => {
  const routes = extractRoutes(plan);
  const unassigned = Array.from(plan.pool.subarray(0, plan.poolSize)).sort((a, b) => a - b);
  return { routes, distance: planDistance(plan), vehicles: routes.length, unassigned, iterations };
};

// Ruin and recreate (SISR-style string removals plus a little random removal, greedy insertion with
// blinks, an occasional regret-2 rebuild) under simulated annealing whose temperature falls with
// elapsed time; the start is a regret-2 construction, so the answer is always a feasible plan.
export const solveVrptw = (instance: VrptwInstance, options: SolveVrptwOptions): VrptwPlan => {
  const model = createModel(instance);
  const random = createRandom(options.seed ?? 1);
  const work = createWorkspace(model);
  const current = createPlan(model);
  recreateRegret(model, current, work);
  const best = createPlan(model);
  copyPlan(best, current);
  if (model.size <= 2) return toResult(best, 0);
  let candidate = createPlan(model);
  let incumbent = current;
  const customers = model.size - 1;
  // SISR's published defaults (c-bar 10, L-max 10), capped for tiny instances.
  const ruin = { averageRemoved: Math.min(10, Math.max(2, customers / 4)), maxStringLength: 10, splitDepth: 0.01 };
  // Temperatures scale with the mean arc of the start plan so one setting fits any coordinate range.
  const usedSlots = Math.max(
    1,
    incumbent.len.reduce((count, len) => count + (len > 0 ? 1 : 0), 0),
  );
  const meanArc = incumbent.distance / (customers + usedSlots);
  // Tuned on R201/RC101/R101 with 3 s runs (0.1-1 x mean arc tried; 1 -> 0.01 was best).
  const startTemperature = meanArc;
  const endTemperature = 0.01 * meanArc;
  const started = performance.now();
  const maxIterations = options.maxIterations ?? Number.POSITIVE_INFINITY;
  let iterations = 0;
  while (iterations < maxIterations) {
    const elapsed = performance.now() - started;
    if (elapsed >= options.timeLimitMs) break;
    const progress = options.timeLimitMs > 0 ? elapsed / options.timeLimitMs : 1;
    const temperature = startTemperature * (endTemperature / startTemperature) ** progress;
    iterations++;
    copyPlan(candidate, incumbent);
    const move = random();
    if (move < 0.9) ruinStrings(model, candidate, random, work, ruin);
    else ruinRandom(model, candidate, random, Math.max(2, Math.round(ruin.averageRemoved)));
    if (random() < 0.05) recreateRegret(model, candidate, work);
    else recreateGreedy(model, candidate, random, work, 0.01);
    const accepted =
      candidate.poolSize < incumbent.poolSize ||
      (candidate.poolSize === incumbent.poolSize &&
        candidate.distance < incumbent.distance - temperature * Math.log(random()));
    if (accepted) {
      const previous = incumbent;
      incumbent = candidate;
      candidate = previous;
      // Refresh the running total now and then so float drift cannot build up.
      if ((iterations & 1023) === 0) incumbent.distance = planDistance(incumbent);
      if (isBetter(incumbent, best)) copyPlan(best, incumbent);
    }
  }
  return toResult(best, iterations);
};
