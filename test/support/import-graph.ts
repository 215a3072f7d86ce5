import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// `import … from './x.ts'`, `export … from './x.ts'` and bare `import './x.ts'`; a whole-clause
// `import type` / `export type` is skipped (it is erased at runtime and cannot form a cycle).
const IMPORT = /^\s*(?:(?:import|export)\s+(?!type\b)([^'";]*?)\s*from\s*|import\s+)['"](\.[^'"]+)['"]/gms;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** `{ type A, type B }` imports only types even without a leading `import type`. */
function onlyTypes(clause: string | undefined): boolean {
  const names = clause?.match(/^\{([^}]*)\}$/s)?.[1];
  if (names === undefined) return false;
  const parts = names
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return parts.length > 0 && parts.every((s) => s.startsWith('type '));
}

/** Runtime (value) imports between the `.ts` files below `dir`. */
export function valueImportGraph(dir: string): Map<string, string[]> {
  const root = resolve(dir);
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const edges: string[] = [];
    for (const [, clause, target] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      if (onlyTypes(clause)) continue;
      const to = resolve(dirname(file), target!);
      if (to.startsWith(root)) edges.push(to);
    }
    graph.set(file, edges);
  }
  return graph;
}

/** Every group of files that import each other at runtime (Tarjan's strongly connected components), as paths relative to `dir`. */
export function valueImportCycles(dir: string): string[][] {
  const graph = valueImportGraph(dir);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(relative(dir, w));
    } while (w !== v);
    if (group.length > 1 || graph.get(v)?.includes(v)) cycles.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}
