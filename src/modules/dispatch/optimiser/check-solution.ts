import type { VrptwInstance } from './solomon.ts';

export type Violation =
  | { kind: 'unknown-customer'; route: number; customer: number }
  | { kind: 'duplicate-customer'; customer: number }
  | { kind: 'missing-customer'; customer: number }
  | { kind: 'capacity'; route: number; load: number; capacity: number }
  | { kind: 'time-window'; route: number; customer: number; start: number; due: number }
  | { kind: 'depot-return'; route: number; arrival: number; due: number }
  | { kind: 'fleet'; vehicles: number; fleet: number };

export type SolutionCheck = {
  ok: boolean;
  distance: number;
  vehicles: number;
  violations: Violation[];
};

export type CheckSolutionOptions = {
  // Customers the plan deliberately leaves out (reported by the solver) are not counted as missing.
  allowUnassigned?: readonly number[];
};

// Independent of the solver on purpose: recomputes everything from the instance's coordinates.
const euclid = (instance: VrptwInstance, from: number, to: number): number => {
  const dx = instance.x[from]! - instance.x[to]!;
  const dy = instance.y[from]! - instance.y[to]!;
  return Math.sqrt(dx * dx + dy * dy);
};

export const checkSolution = (
  instance: VrptwInstance,
  routes: readonly (readonly number[])[],
  options: CheckSolutionOptions = {},
): SolutionCheck => {
  const customers = instance.x.length - 1;
  const violations: Violation[] = [];
  const seen = new Uint8Array(customers + 1);
  let distance = 0;
  let vehicles = 0;
  routes.forEach((route, index) => {
    if (route.length === 0) return;
    vehicles++;
    let load = 0;
    let time = instance.ready[0]!;
    let previous = 0;
    for (const customer of route) {
      if (!Number.isInteger(customer) || customer < 1 || customer > customers) {
        violations.push({ kind: 'unknown-customer', route: index, customer });
        continue;
      }
      if (seen[customer] === 1) violations.push({ kind: 'duplicate-customer', customer });
      seen[customer] = 1;
      load += instance.demand[customer]!;
      const leg = euclid(instance, previous, customer);
      distance += leg;
      // Arriving early means waiting until the window opens.
      const start = Math.max(instance.ready[customer]!, time + instance.service[previous]! + leg);
      if (start > instance.due[customer]!) {
        violations.push({ kind: 'time-window', route: index, customer, start, due: instance.due[customer]! });
      }
      time = start;
      previous = customer;
    }
    const back = euclid(instance, previous, 0);
    distance += back;
    const arrival = time + instance.service[previous]! + back;
    if (arrival > instance.due[0]!)
      violations.push({ kind: 'depot-return', route: index, arrival, due: instance.due[0]! });
    if (load > instance.capacity)
      violations.push({ kind: 'capacity', route: index, load, capacity: instance.capacity });
  });
  const allowed = new Set(options.allowUnassigned ?? []);
  for (let customer = 1; customer <= customers; customer++) {
    if (seen[customer] === 0 && !allowed.has(customer)) violations.push({ kind: 'missing-customer', customer });
  }
  if (vehicles > instance.fleet) violations.push({ kind: 'fleet', vehicles, fleet: instance.fleet });
  return { ok: violations.length === 0, distance, vehicles, violations };
};
