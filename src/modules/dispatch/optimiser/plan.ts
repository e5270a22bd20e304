import { buildDistanceMatrix, type VrptwInstance } from './solomon.ts';

// The solver's view of an instance: flat typed arrays, a distance matrix and, per node,
// the other customers sorted by distance (for related removals).
export type Model = {
  size: number;
  fleet: number;
  capacity: number;
  demand: Float64Array;
  ready: Float64Array;
  due: Float64Array;
  service: Float64Array;
  dist: Float64Array;
  // Row `node * size` holds the customers ordered by distance from `node`; `size - 1` entries per row.
  neighbours: Int32Array;
};

// One mutable plan. Route slot r is seq[r][0..len[r]+1] with the depot (0) at both ends;
// begin and latest are the earliest feasible service start and the latest start that keeps the
// rest of the route feasible, per position. Customers not on any route sit in `pool`.
export type Plan = {
  seq: Int32Array[];
  len: Int32Array;
  load: Float64Array;
  cost: Float64Array;
  begin: Float64Array[];
  latest: Float64Array[];
  routeOf: Int32Array;
  pool: Int32Array;
  poolSize: number;
  distance: number;
};

// Backward slack is derived arithmetic, so keep a small safety margin; forward times are exact.
const SLACK_EPSILON = 1e-7;

export const createModel = (instance: VrptwInstance): Model => {
  const size = instance.x.length;
  const dist = buildDistanceMatrix(instance);
  const neighbours = new Int32Array(size * size);
  const order: number[] = [];
  for (let node = 0; node < size; node++) {
    order.length = 0;
    for (let other = 1; other < size; other++) if (other !== node) order.push(other);
    order.sort((a, b) => dist[node * size + a]! - dist[node * size + b]!);
    neighbours.set(order, node * size);
  }
  return {
    size,
    fleet: Math.max(0, Math.floor(instance.fleet)),
    capacity: instance.capacity,
    demand: instance.demand,
    ready: instance.ready,
    due: instance.due,
    service: instance.service,
    dist,
    neighbours,
  };
};

export const createPlan = (model: Model): Plan => {
  const slots = model.fleet;
  const plan: Plan = {
    seq: [],
    len: new Int32Array(slots),
    load: new Float64Array(slots),
    cost: new Float64Array(slots),
    begin: [],
    latest: [],
    routeOf: new Int32Array(model.size).fill(-1),
    pool: new Int32Array(model.size),
    poolSize: 0,
    distance: 0,
  };
  for (let slot = 0; slot < slots; slot++) {
    plan.seq.push(new Int32Array(model.size + 1));
    plan.begin.push(new Float64Array(model.size + 1));
    plan.latest.push(new Float64Array(model.size + 1));
    refreshRoute(model, plan, slot);
  }
  for (let customer = 1; customer < model.size; customer++) plan.pool[plan.poolSize++] = customer;
  return plan;
};

export const copyPlan = (target: Plan, source: Plan): void => {
  // Plain loops over the used prefix: subarray() would allocate a view per route per iteration.
  for (let slot = 0; slot < source.seq.length; slot++) {
    const used = source.len[slot]! + 2;
    const seq = source.seq[slot]!;
    const begin = source.begin[slot]!;
    const latest = source.latest[slot]!;
    const targetSeq = target.seq[slot]!;
    const targetBegin = target.begin[slot]!;
    const targetLatest = target.latest[slot]!;
    for (let position = 0; position < used; position++) {
      targetSeq[position] = seq[position]!;
      targetBegin[position] = begin[position]!;
      targetLatest[position] = latest[position]!;
    }
  }
  target.len.set(source.len);
  target.load.set(source.load);
  target.cost.set(source.cost);
  target.routeOf.set(source.routeOf);
  for (let index = 0; index < source.poolSize; index++) target.pool[index] = source.pool[index]!;
  target.poolSize = source.poolSize;
  target.distance = source.distance;
};

export const refreshRoute = (model: Model, plan: Plan, slot: number): void => {
  const { dist, size, service, ready, due, demand } = model;
  const seq = plan.seq[slot]!;
  const begin = plan.begin[slot]!;
  const latest = plan.latest[slot]!;
  const len = plan.len[slot]!;
  seq[0] = 0;
  seq[len + 1] = 0;
  begin[0] = ready[0]!;
  let load = 0;
  let cost = 0;
  for (let position = 1; position <= len + 1; position++) {
    const previous = seq[position - 1]!;
    const node = seq[position]!;
    const leg = dist[previous * size + node]!;
    cost += leg;
    load += demand[node]!;
    const arrival = begin[position - 1]! + service[previous]! + leg;
    begin[position] = Math.max(arrival, ready[node]!);
    if (node !== 0) plan.routeOf[node] = slot;
  }
  latest[len + 1] = due[0]!;
  for (let position = len; position >= 0; position--) {
    const node = seq[position]!;
    const limit = latest[position + 1]! - dist[node * size + seq[position + 1]!]! - service[node]!;
    latest[position] = Math.min(limit, due[node]!);
  }
  plan.distance += cost - plan.cost[slot]!;
  plan.cost[slot] = cost;
  plan.load[slot] = load;
};

export const planDistance = (plan: Plan): number => {
  let total = 0;
  for (const cost of plan.cost) total += cost;
  return total;
};

// Removes seq[from..from+count-1] of a slot into the pool.
export const removeSegment = (model: Model, plan: Plan, slot: number, from: number, count: number): void => {
  const seq = plan.seq[slot]!;
  const len = plan.len[slot]!;
  for (let position = from; position < from + count; position++) {
    const customer = seq[position]!;
    plan.routeOf[customer] = -1;
    plan.pool[plan.poolSize++] = customer;
  }
  seq.copyWithin(from, from + count, len + 2);
  plan.len[slot] = len - count;
  refreshRoute(model, plan, slot);
};

export const positionOf = (plan: Plan, slot: number, customer: number): number => {
  const seq = plan.seq[slot]!;
  const len = plan.len[slot]!;
  for (let position = 1; position <= len; position++) if (seq[position] === customer) return position;
  return -1;
};

// Inserts a customer after `position` (0 = right after the depot).
export const insertCustomer = (model: Model, plan: Plan, customer: number, slot: number, position: number): void => {
  const seq = plan.seq[slot]!;
  const len = plan.len[slot]!;
  seq.copyWithin(position + 2, position + 1, len + 2);
  seq[position + 1] = customer;
  plan.len[slot] = len + 1;
  refreshRoute(model, plan, slot);
};

export type InsertionScratch = { slot: number; position: number; delta: number };

// Cheapest feasible insertion of a customer into one slot, O(1) feasibility per position. Only
// positions cheaper than scratch.delta are recorded, so a caller can scan slots with one scratch;
// returns the (possibly unchanged) scratch.delta. `skip` returning true blinks a position.
export const bestInSlot = (
  model: Model,
  plan: Plan,
  customer: number,
  slot: number,
  scratch: InsertionScratch,
  skip: (() => boolean) | null,
): number => {
  const { dist, size, service, ready, due } = model;
  if (plan.load[slot]! + model.demand[customer]! > model.capacity) return scratch.delta;
  const seq = plan.seq[slot]!;
  const begin = plan.begin[slot]!;
  const latest = plan.latest[slot]!;
  const len = plan.len[slot]!;
  const readyC = ready[customer]!;
  const dueC = due[customer]!;
  const serviceC = service[customer]!;
  const row = customer * size;
  let best = scratch.delta;
  for (let position = 0; position <= len; position++) {
    const a = seq[position]!;
    const b = seq[position + 1]!;
    const toC = dist[a * size + customer]!;
    const arrival = begin[position]! + service[a]! + toC;
    const start = Math.max(arrival, readyC);
    // Start times only grow along a route (triangle inequality), so later positions cannot fit either.
    if (start > dueC) break;
    const fromC = dist[row + b]!;
    const arrivalB = start + serviceC + fromC;
    const startB = Math.max(arrivalB, ready[b]!);
    if (startB > latest[position + 1]! - SLACK_EPSILON) continue;
    const delta = toC + fromC - dist[a * size + b]!;
    if (delta < best && (skip === null || !skip())) {
      best = delta;
      scratch.slot = slot;
      scratch.position = position;
      scratch.delta = delta;
    }
  }
  return best;
};

export const extractRoutes = (plan: Plan): number[][] => {
  const routes: number[][] = [];
  for (let slot = 0; slot < plan.seq.length; slot++) {
    const len = plan.len[slot]!;
    if (len > 0) routes.push(Array.from(plan.seq[slot]!.subarray(1, len + 1)));
  }
  return routes;
};
