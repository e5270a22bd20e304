import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SOLOMON = join(ROOT, '..', 'shared', 'benchmarks', 'solomon');
const NODE = join(ROOT, 'node_modules', '.bin', 'node');

type Instance = {
  fleet: number;
  capacity: number;
  nodes: { x: number; y: number; demand: number; ready: number; due: number; service: number }[];
};

// Read and check here, without the product's parser or checker: what `loopdesk solve` prints must hold up
// against the instance file itself.
function readInstance(path: string): Instance {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const vehicleLine = lines.findIndex((l) => /^NUMBER\s+CAPACITY/.test(l)) + 1;
  const [fleet, capacity] = (lines[vehicleLine] ?? '').split(/\s+/).map(Number) as [number, number];
  const nodes = lines
    .filter((l) => /^\d+(\s+[\d.]+){6}$/.test(l))
    .map((l) => {
      const [, x, y, demand, ready, due, service] = l.split(/\s+/).map(Number) as number[];
      return {
        x: x as number,
        y: y as number,
        demand: demand as number,
        ready: ready as number,
        due: due as number,
        service: service as number,
      };
    });
  return { fleet, capacity, nodes };
}

function verify(instance: Instance, routes: number[][]): { distance: number; problems: string[] } {
  const problems: string[] = [];
  const seen = new Set<number>();
  const dist = (a: number, b: number) =>
    Math.hypot(
      (instance.nodes[a]?.x ?? 0) - (instance.nodes[b]?.x ?? 0),
      (instance.nodes[a]?.y ?? 0) - (instance.nodes[b]?.y ?? 0),
    );
  let distance = 0;
  if (routes.length > instance.fleet) problems.push(`${routes.length} routes for a fleet of ${instance.fleet}`);
  routes.forEach((route, r) => {
    let time = 0;
    let load = 0;
    let at = 0;
    for (const customer of route) {
      if (seen.has(customer)) problems.push(`customer ${customer} visited twice`);
      seen.add(customer);
      const node = instance.nodes[customer];
      if (!node || customer === 0) {
        problems.push(`route ${r} visits unknown node ${customer}`);
        continue;
      }
      distance += dist(at, customer);
      time = Math.max(time + dist(at, customer), node.ready);
      if (time > node.due + 1e-6)
        problems.push(`route ${r} reaches ${customer} at ${time.toFixed(2)} after ${node.due}`);
      time += node.service;
      load += node.demand;
      at = customer;
    }
    distance += dist(at, 0);
    if (time + dist(at, 0) > (instance.nodes[0]?.due ?? 0) + 1e-6)
      problems.push(`route ${r} returns to the depot too late`);
    if (load > instance.capacity) problems.push(`route ${r} carries ${load} > ${instance.capacity}`);
  });
  for (let c = 1; c < instance.nodes.length; c++) if (!seen.has(c)) problems.push(`customer ${c} never visited`);
  return { distance, problems };
}

describe.skipIf(!existsSync(SOLOMON))('loopdesk solve', () => {
  it.each(['C101', 'R201', 'RC105'])('routes %s feasibly and prints the distance it really has', (name) => {
    const result = spawnSync(
      NODE,
      [join(ROOT, 'bin', 'loopdesk.mjs'), 'solve', '--solomon', join(SOLOMON, `${name}.txt`), '--time-limit', '1'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.status, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout) as { vehicles: number; distance: number; routes: number[][] };
    const instance = readInstance(join(SOLOMON, `${name}.txt`));
    expect(instance.nodes.length).toBe(101);
    const checked = verify(instance, plan.routes);
    expect(checked.problems).toEqual([]);
    expect(plan.vehicles).toBe(plan.routes.length);
    expect(plan.distance).toBeCloseTo(checked.distance, 1);
  });

  it('refuses a file that is not a Solomon instance', () => {
    const result = spawnSync(
      NODE,
      [join(ROOT, 'bin', 'loopdesk.mjs'), 'solve', '--solomon', join(ROOT, 'package.json')],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
  });
});
