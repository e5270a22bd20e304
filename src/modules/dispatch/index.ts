/** Dispatch: engineers' profiles, explainable matching, the grab pool (抢单), and the route optimiser. */
export { registerDispatchRoutes } from './dispatch.routes.ts';
export { dispatchByRule, expireOffers } from './engineers/grab-pool.ts';
export { checkSolution, type SolutionCheck } from './optimiser/check-solution.ts';
export { readSolomonFile, type VrptwInstance } from './optimiser/solomon.ts';
export { measureSolomonGaps, type SolomonGap } from './optimiser/solomon-gap.ts';
export { solveVrptw, type VrptwPlan } from './optimiser/solve.ts';
