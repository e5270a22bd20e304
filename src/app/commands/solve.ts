import { parseArgs } from 'node:util';
import { checkSolution, readSolomonFile, solveVrptw } from '../../modules/dispatch/index.ts';
import type { CommandIo } from './command.ts';
import { UsageError } from './command.ts';

export const SOLVE_USAGE =
  'solve --solomon FILE [--time-limit SECONDS] [--seed N]   route a Solomon VRPTW instance, print JSON';

/**
 * Solves a Solomon VRPTW instance and prints `{"vehicles", "distance", "routes"}` on stdout. It needs no
 * database. The plan is checked by the independent checker before it is printed; a plan that fails the
 * check is an error, never output.
 */
export async function solveCommand(io: CommandIo, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      solomon: { type: 'string' },
      'time-limit': { type: 'string', default: '10' },
      seed: { type: 'string', default: '1' },
    },
  });
  if (!values.solomon) throw new UsageError(`usage: loopdesk ${SOLVE_USAGE}`);
  const seconds = Number(values['time-limit']);
  const seed = Number(values.seed);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 3600)
    throw new UsageError('--time-limit must be a number of seconds from 0 to 3600');
  if (!Number.isInteger(seed)) throw new UsageError('--seed must be a whole number');
  const instance = await readSolomonFile(values.solomon);
  const plan = solveVrptw(instance, { timeLimitMs: seconds * 1000, seed });
  const check = checkSolution(instance, plan.routes, { allowUnassigned: plan.unassigned });
  if (!check.ok) {
    io.err(`the plan failed the checker: ${JSON.stringify(check.violations.slice(0, 5))}\n`);
    return 1;
  }
  io.out(
    `${JSON.stringify({ vehicles: plan.vehicles, distance: Number(plan.distance.toFixed(2)), routes: plan.routes, ...(plan.unassigned.length ? { unassigned: plan.unassigned } : {}) })}\n`,
  );
  return 0;
}
