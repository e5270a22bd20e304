import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The house rules of DESIGN.md, checked on the source: a module reaches another only through its
// index.ts, platform code knows no module, and the module graph has no cycles.
const SRC = import.meta.dirname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'(\.[^']+)'/g),
    ...text.matchAll(/import\('(\.[^']+)'\)/g),
  ].map((m) => resolve(dirname(file), m[1] as string));
}

const moduleOf = (path: string) => /^modules\/([^/]+)\//.exec(relative(SRC, path))?.[1] ?? null;

describe('module boundaries', () => {
  const files = sourceFiles(SRC);

  it('reaches another module only through its index.ts', () => {
    const deep: string[] = [];
    for (const file of files) {
      const own = moduleOf(file);
      for (const target of importsOf(file)) {
        const other = moduleOf(target);
        if (other && other !== own && relative(SRC, target) !== `modules/${other}/index.ts`) {
          deep.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
        }
      }
    }
    expect(deep).toEqual([]);
  });

  it('keeps platform code free of domain modules', () => {
    const leaks = files
      .filter((file) => relative(SRC, file).startsWith('platform/'))
      .flatMap((file) =>
        importsOf(file)
          .filter((target) => moduleOf(target))
          .map((target) => `${relative(SRC, file)} → ${relative(SRC, target)}`),
      );
    expect(leaks).toEqual([]);
  });

  it('has no cycles between modules', () => {
    const edges = new Map<string, Set<string>>();
    for (const file of files) {
      const own = moduleOf(file);
      if (!own) continue;
      for (const target of importsOf(file)) {
        const other = moduleOf(target);
        if (other && other !== own) edges.set(own, (edges.get(own) ?? new Set()).add(other));
      }
    }
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      if (path.includes(node)) {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' → '));
        return;
      }
      for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    };
    for (const node of edges.keys()) visit(node, []);
    expect(cycles).toEqual([]);
    expect(edges.get('tickets')?.has('customers')).toBe(true);
  });
});
