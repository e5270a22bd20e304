import type { VrptwInstance } from './solomon.ts';

export type NodeSpec = { x: number; y: number; demand?: number; ready?: number; due?: number; service?: number };

// Builds a small instance: the first node is the depot.
export const buildInstance = (
  nodes: readonly NodeSpec[],
  overrides: Partial<Pick<VrptwInstance, 'fleet' | 'capacity'>> = {},
): VrptwInstance => {
  const pick = (read: (node: NodeSpec) => number) => Float64Array.from(nodes, read);
  return {
    name: 'test',
    fleet: overrides.fleet ?? 5,
    capacity: overrides.capacity ?? 100,
    x: pick((node) => node.x),
    y: pick((node) => node.y),
    demand: pick((node) => node.demand ?? 0),
    ready: pick((node) => node.ready ?? 0),
    due: pick((node) => node.due ?? 1000),
    service: pick((node) => node.service ?? 0),
  };
};
