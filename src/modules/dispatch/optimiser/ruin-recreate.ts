import {
  bestInSlot,
  type InsertionScratch,
  insertCustomer,
  type Model,
  type Plan,
  positionOf,
  removeSegment,
} from './plan.ts';
import { type Random, randomInt } from './random.ts';

export type RuinOptions = {
  // Average number of customers removed per ruin (SISR's c-bar).
  averageRemoved: number;
  // Longest string cut out of one route (SISR's L-max).
  maxStringLength: number;
  // Chance to stop growing the spared block of a split string (SISR's beta).
  splitDepth: number;
};

// Reused per solve so the inner loops allocate nothing.
export type Workspace = {
  ruined: Uint8Array;
  scratch: InsertionScratch;
  keys: Float64Array;
  order: Int32Array;
};

export const createWorkspace = (model: Model): Workspace => ({
  ruined: new Uint8Array(model.fleet),
  scratch: { slot: -1, position: -1, delta: Number.POSITIVE_INFINITY },
  keys: new Float64Array(model.size),
  order: new Int32Array(model.size),
});

// Slack Induction by String Removals (Christiaens & Vanden Berghe 2020): cut strings out of
// routes that are close to a random seed customer, so the recreate step can rebuild a region.
export const ruinStrings = (model: Model, plan: Plan, random: Random, work: Workspace, options: RuinOptions): void => {
  let assigned = 0;
  let used = 0;
  for (let slot = 0; slot < plan.len.length; slot++) {
    const len = plan.len[slot]!;
    assigned += len;
    if (len > 0) used++;
    work.ruined[slot] = 0;
  }
  if (used === 0) return;
  const maxString = Math.min(options.maxStringLength, assigned / used);
  const maxStrings = (4 * options.averageRemoved) / (1 + maxString) - 1;
  const strings = Math.floor(random() * maxStrings) + 1;
  const seed = 1 + randomInt(random, model.size - 1);
  const row = seed * model.size;
  let done = 0;
  for (let rank = -1; rank < model.size - 1 && done < strings; rank++) {
    const customer = rank < 0 ? seed : model.neighbours[row + rank]!;
    const slot = plan.routeOf[customer]!;
    if (slot < 0 || work.ruined[slot] === 1) continue;
    const len = plan.len[slot]!;
    const longest = Math.min(len, Math.max(1, Math.floor(maxString)));
    const length = 1 + randomInt(random, longest);
    // Split string: half the time a window of length + kept customers is cut, sparing a middle block.
    let kept = 0;
    if (length < len && random() < 0.5) {
      kept = 1;
      while (length + kept < len && random() >= options.splitDepth) kept++;
    }
    const window = length + kept;
    const position = positionOf(plan, slot, customer);
    const first = Math.max(1, position - window + 1);
    const last = Math.min(position, len - window + 1);
    const from = first + randomInt(random, last - first + 1);
    if (kept === 0) removeSegment(model, plan, slot, from, length);
    else {
      const keepFrom = from + randomInt(random, length + 1);
      const after = from + window - (keepFrom + kept);
      if (after > 0) removeSegment(model, plan, slot, keepFrom + kept, after);
      if (keepFrom > from) removeSegment(model, plan, slot, from, keepFrom - from);
    }
    work.ruined[slot] = 1;
    done++;
  }
};

// Removes a few random customers: cheap diversification next to the related string removal.
export const ruinRandom = (model: Model, plan: Plan, random: Random, count: number): void => {
  for (let attempt = 0; attempt < count; attempt++) {
    const customer = 1 + randomInt(random, model.size - 1);
    const slot = plan.routeOf[customer]!;
    if (slot < 0) continue;
    removeSegment(model, plan, slot, positionOf(plan, slot, customer), 1);
  }
};

const firstEmptySlot = (plan: Plan): number => {
  for (let slot = 0; slot < plan.len.length; slot++) if (plan.len[slot] === 0) return slot;
  return -1;
};

// Orders the pool in place: random, largest demand, farthest from the depot, tightest window, earliest due.
const sortPool = (model: Model, plan: Plan, random: Random, work: Workspace): void => {
  const pool = plan.pool;
  const size = plan.poolSize;
  for (let index = size - 1; index > 0; index--) {
    const other = randomInt(random, index + 1);
    const swap = pool[index]!;
    pool[index] = pool[other]!;
    pool[other] = swap;
  }
  const strategy = randomInt(random, 10);
  if (strategy < 4) return;
  const keys = work.keys;
  for (let index = 0; index < size; index++) {
    const customer = pool[index]!;
    if (strategy < 7) keys[customer] = -model.demand[customer]!;
    else if (strategy < 8) keys[customer] = -model.dist[customer]!;
    else if (strategy < 9) keys[customer] = model.due[customer]! - model.ready[customer]!;
    else keys[customer] = model.due[customer]!;
  }
  pool.subarray(0, size).sort((a, b) => keys[a]! - keys[b]!);
};

// Greedy insertion with blinks (each position skipped with a small probability), in a random pool order.
export const recreateGreedy = (model: Model, plan: Plan, random: Random, work: Workspace, blinkRate: number): void => {
  sortPool(model, plan, random, work);
  const skip = blinkRate > 0 ? () => random() < blinkRate : null;
  const total = plan.poolSize;
  const scratch = work.scratch;
  // Half the time; always doing so cost R101/RC101 a little, never doing so stuck R201/RC206 on too few routes.
  const openNewRoutes = random() < 0.5;
  let kept = 0;
  for (let index = 0; index < total; index++) {
    const customer = plan.pool[index]!;
    scratch.delta = Number.POSITIVE_INFINITY;
    scratch.slot = -1;
    for (let slot = 0; slot < plan.len.length; slot++) {
      if (plan.len[slot]! > 0) bestInSlot(model, plan, customer, slot, scratch, skip);
    }
    // Distance is the objective, not vehicles: a fresh route competes with the existing ones.
    const empty = openNewRoutes || scratch.slot < 0 ? firstEmptySlot(plan) : -1;
    if (empty >= 0) bestInSlot(model, plan, customer, empty, scratch, null);
    if (scratch.slot >= 0) insertCustomer(model, plan, customer, scratch.slot, scratch.position);
    else plan.pool[kept++] = customer;
  }
  plan.poolSize = kept;
};

// Regret-2 insertion: insert first the customer that would lose most by not getting its best route.
export const recreateRegret = (model: Model, plan: Plan, work: Workspace): void => {
  const scratch = work.scratch;
  while (plan.poolSize > 0) {
    let chosen = -1;
    let chosenRegret = Number.NEGATIVE_INFINITY;
    let chosenSlot = -1;
    let chosenPosition = -1;
    const empty = firstEmptySlot(plan);
    for (let index = 0; index < plan.poolSize; index++) {
      const customer = plan.pool[index]!;
      let best = Number.POSITIVE_INFINITY;
      let second = Number.POSITIVE_INFINITY;
      let bestSlot = -1;
      let bestPosition = -1;
      for (let slot = 0; slot < plan.len.length; slot++) {
        if (plan.len[slot] === 0 && slot !== empty) continue;
        scratch.delta = Number.POSITIVE_INFINITY;
        const delta = bestInSlot(model, plan, customer, slot, scratch, null);
        if (delta < best) {
          second = best;
          best = delta;
          bestSlot = slot;
          bestPosition = scratch.position;
        } else if (delta < second) second = delta;
      }
      if (bestSlot < 0) continue;
      // A customer with a single option is urgent; ties go to the cheaper insertion.
      const regret = (second === Number.POSITIVE_INFINITY ? 1e9 : second - best) - best * 1e-6;
      if (regret > chosenRegret) {
        chosenRegret = regret;
        chosen = index;
        chosenSlot = bestSlot;
        chosenPosition = bestPosition;
      }
    }
    if (chosen < 0) return;
    const customer = plan.pool[chosen]!;
    plan.pool[chosen] = plan.pool[plan.poolSize - 1]!;
    plan.poolSize--;
    insertCustomer(model, plan, customer, chosenSlot, chosenPosition);
  }
};
