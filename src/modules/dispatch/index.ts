/** Dispatch: the route optimiser (a pure function) for now; engineers, matching, modes and ETA come next. */
export { checkSolution, type SolutionCheck } from './optimiser/check-solution.ts';
export { readSolomonFile, type VrptwInstance } from './optimiser/solomon.ts';
export { measureSolomonGaps, type SolomonGap } from './optimiser/solomon-gap.ts';
export { solveVrptw, type VrptwPlan } from './optimiser/solve.ts';
