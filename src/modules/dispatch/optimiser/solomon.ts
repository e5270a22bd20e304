import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../../platform/errors/app-error.ts';

// Node 0 is the depot; nodes 1..customers are the jobs, numbered as in the file.
export type VrptwInstance = {
  name: string;
  fleet: number;
  capacity: number;
  x: Float64Array;
  y: Float64Array;
  demand: Float64Array;
  ready: Float64Array;
  due: Float64Array;
  service: Float64Array;
};

export type ParseSolomonOptions = {
  name?: string;
  // Keep only the first N customers (the classic 25- and 50-customer variants).
  maxCustomers?: number;
};

export type SolomonParseError = { ok: false; error: string };
export type SolomonParseResult = { ok: true; instance: VrptwInstance } | SolomonParseError;

const numbersOf = (line: string): number[] =>
  line
    .trim()
    .split(/\s+/)
    .filter((token) => token.length > 0)
    .map(Number);

export const parseSolomon = (text: string, options: ParseSolomonOptions = {}): SolomonParseResult => {
  const lines = text.split(/\r?\n/);
  const firstLine = lines.find((line) => line.trim().length > 0)?.trim() ?? '';
  const name = options.name ?? firstLine;
  const vehicleHeader = lines.findIndex((line) => /^\s*NUMBER\s+CAPACITY/i.test(line));
  const customerHeader = lines.findIndex((line) => /^\s*CUST\s*NO/i.test(line));
  if (vehicleHeader < 0 || customerHeader < 0) return { ok: false, error: 'missing VEHICLE or CUSTOMER section' };
  const fleetLine = lines.slice(vehicleHeader + 1).find((line) => line.trim().length > 0) ?? '';
  const [fleet, capacity] = numbersOf(fleetLine);
  if (fleet === undefined || capacity === undefined || !Number.isFinite(fleet) || !Number.isFinite(capacity)) {
    return { ok: false, error: 'cannot read vehicle number and capacity' };
  }
  const rows: number[][] = [];
  for (const line of lines.slice(customerHeader + 1)) {
    const values = numbersOf(line);
    if (values.length === 0) continue;
    if (values.length < 7 || values.some((value) => !Number.isFinite(value))) {
      return { ok: false, error: `bad customer line: ${line.trim()}` };
    }
    rows.push(values);
  }
  const limit = options.maxCustomers === undefined ? rows.length : Math.min(rows.length, options.maxCustomers + 1);
  if (limit < 1 || rows[0]?.[0] !== 0) return { ok: false, error: 'the first customer line must be the depot (0)' };
  const size = limit;
  const instance: VrptwInstance = {
    name,
    fleet,
    capacity,
    x: new Float64Array(size),
    y: new Float64Array(size),
    demand: new Float64Array(size),
    ready: new Float64Array(size),
    due: new Float64Array(size),
    service: new Float64Array(size),
  };
  for (let node = 0; node < size; node++) {
    const row = rows[node] ?? [];
    if (row[0] !== node) return { ok: false, error: `customers must be numbered 0..n in order, got ${row[0]}` };
    instance.x[node] = row[1] ?? 0;
    instance.y[node] = row[2] ?? 0;
    instance.demand[node] = row[3] ?? 0;
    instance.ready[node] = row[4] ?? 0;
    instance.due[node] = row[5] ?? 0;
    instance.service[node] = row[6] ?? 0;
  }
  return { ok: true, instance };
};

export const readSolomonFile = async (path: string, options: ParseSolomonOptions = {}): Promise<VrptwInstance> => {
  const text = await readFile(path, 'utf8');
  const parsed = parseSolomon(text, { name: basename(path).replace(/\.txt$/i, ''), ...options });
  // SOLOMON_INVALID: the file is not in Solomon's VRPTW text format.
  if (!parsed.ok) throw new AppError('SOLOMON_INVALID', `${path}: ${parsed.error}`);
  return parsed.instance;
};

export const customerCount = (instance: VrptwInstance): number => instance.x.length - 1;

// Unrounded Euclidean distance in double precision: the convention of bks_distance.csv `distance`.
export const buildDistanceMatrix = (instance: VrptwInstance): Float64Array => {
  const size = instance.x.length;
  const matrix = new Float64Array(size * size);
  for (let from = 0; from < size; from++) {
    for (let to = 0; to < size; to++) {
      const dx = instance.x[from]! - instance.x[to]!;
      const dy = instance.y[from]! - instance.y[to]!;
      matrix[from * size + to] = Math.sqrt(dx * dx + dy * dy);
    }
  }
  return matrix;
};
