import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkSolution } from './check-solution.ts';
import { readSolomonFile } from './solomon.ts';
import { solveVrptw } from './solve.ts';

export type SolomonGap = {
  name: string;
  distance: number;
  vehicles: number;
  // Distance-only best known (bks_distance.csv `distance`, double precision); null when not listed.
  bks: number | null;
  gapPercent: number | null;
  feasible: boolean;
  iterations: number;
};

export type MeasureSolomonGapsOptions = {
  directory: string;
  timeLimitMs: number;
  seed?: number;
  // Instance names to run (e.g. ['C101', 'R101']); all *.txt files when left out.
  names?: readonly string[];
  // Defaults to `<directory>/bks_distance.csv`.
  bksFile?: string;
  onResult?: (gap: SolomonGap) => void;
};

// Reads the `instance` and `distance` columns; the other columns belong to other objectives.
export const parseBksDistances = (csv: string): Map<string, number> => {
  const lines = csv.split(/\r?\n/).filter((line) => line.trim().length > 0);
  const header = (lines[0] ?? '').split(',');
  const nameColumn = header.indexOf('instance');
  const distanceColumn = header.indexOf('distance');
  const table = new Map<string, number>();
  if (nameColumn < 0 || distanceColumn < 0) return table;
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const value = Number(cells[distanceColumn]);
    const name = cells[nameColumn];
    if (name !== undefined && Number.isFinite(value)) table.set(name, value);
  }
  return table;
};

const readBks = async (path: string): Promise<Map<string, number>> => {
  try {
    return parseBksDistances(await readFile(path, 'utf8'));
  } catch {
    return new Map();
  }
};

// Solves the instances one at a time (each solve takes the whole time limit on one core).
export const measureSolomonGaps = async (options: MeasureSolomonGapsOptions): Promise<SolomonGap[]> => {
  const bks = await readBks(options.bksFile ?? join(options.directory, 'bks_distance.csv'));
  const files = (await readdir(options.directory)).filter((file) => /\.txt$/i.test(file)).sort();
  const wanted = options.names === undefined ? null : new Set(options.names.map((name) => name.toUpperCase()));
  const gaps: SolomonGap[] = [];
  for (const file of files) {
    const name = file.replace(/\.txt$/i, '');
    if (wanted !== null && !wanted.has(name.toUpperCase())) continue;
    const instance = await readSolomonFile(join(options.directory, file));
    const plan = solveVrptw(instance, { timeLimitMs: options.timeLimitMs, seed: options.seed ?? 1 });
    const check = checkSolution(instance, plan.routes);
    const reference = bks.get(name) ?? null;
    const gap: SolomonGap = {
      name,
      distance: check.distance,
      vehicles: check.vehicles,
      bks: reference,
      gapPercent: reference === null ? null : (100 * (check.distance - reference)) / reference,
      feasible: check.ok,
      iterations: plan.iterations,
    };
    options.onResult?.(gap);
    gaps.push(gap);
  }
  return gaps;
};
