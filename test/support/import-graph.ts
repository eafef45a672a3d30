// The graph of our own TypeScript imports (static, re-exports, dynamic `import()` and `import type`), read with the
// TypeScript compiler's lexical pre-processor, so the cycle test needs no bundler or extra package.
import { readFileSync, globSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export interface ImportGraph {
  /** file (relative to root) → the specifiers it imports, as written. */
  specifiers: Map<string, string[]>;
  /** file → our files it imports (relative specifiers that resolve to a file under root). */
  edges: Map<string, string[]>;
}

/** Every non-test `.ts` file under each folder of `dirs` (relative to root), with its imports. */
export function importGraph(root: string, dirs: readonly string[]): ImportGraph {
  const files = dirs
    .flatMap((d) => globSync(`${d}/**/*.ts`, { cwd: root }))
    .filter((f) => !/\.test\.ts$/.test(f) && !f.endsWith('.d.ts') && !f.includes('node_modules'))
    .sort();
  const specifiers = new Map<string, string[]>();
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
    const specs = info.importedFiles.map((f) => f.fileName);
    specifiers.set(file, specs);
    edges.set(
      file,
      specs.filter((s) => s.startsWith('.')).map((s) => relative(root, resolve(root, dirname(file), s))),
    );
  }
  return { specifiers, edges };
}

/** The import cycles among the graph's files: each strongly connected component of more than one file (or a file
 * importing itself), as a closed path through it. Empty when the picture has no circle. */
export function cycles(g: ImportGraph): string[][] {
  // Tarjan's strongly connected components, iterative so a deep graph cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let next = 0;
  const out = (v: string): string[] => (g.edges.get(v) ?? []).filter((w) => g.edges.has(w));
  for (const start of g.edges.keys()) {
    if (index.has(start)) continue;
    const work: { v: string; i: number }[] = [{ v: start, i: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1]!;
      const succ = out(top.v);
      if (top.i < succ.length) {
        const w = succ[top.i++]!;
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.v, Math.min(low.get(parent.v)!, low.get(top.v)!));
      if (low.get(top.v) !== index.get(top.v)) continue;
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== top.v);
      if (scc.length > 1 || out(top.v).includes(top.v)) found.push(pathThrough(new Set(scc), out));
    }
  }
  return found;
}

/** A closed path a → … → a inside one component, to print a cycle a person can follow. */
function pathThrough(scc: Set<string>, out: (v: string) => string[]): string[] {
  const first = [...scc].sort()[0]!;
  const prev = new Map<string, string>();
  const queue = [first];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of out(v).filter((x) => scc.has(x))) {
      if (w === first) {
        const path = [v];
        while (path[0] !== first) path.unshift(prev.get(path[0]!)!);
        return [...path, first];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [...scc];
}

/** Imports of test scaffolding (node:test, node:assert, fast-check, anything under test/) from production files. */
export function scaffoldingImports(root: string, g: ImportGraph): string[] {
  const bad: string[] = [];
  for (const [file, specs] of g.specifiers) {
    for (const s of specs) {
      const target = s.startsWith('.') ? relative(root, resolve(root, dirname(file), s)) : '';
      if (/^(node:test|node:assert|assert|fast-check|playwright-core|axe-core)(\/|$)/.test(s) || /^(web\/)?test\//.test(target))
        bad.push(`${file} imports ${s}`);
    }
  }
  return bad;
}

/** Imports of a devDependency (by package name, type-only ones too) from the graph's files: the server runs on
 * `dependencies` alone, so a helper that needs a test tool (ajv, a validator's schema) lives under test/support/. */
export function devDependencyImports(g: ImportGraph, devDependencies: readonly string[]): string[] {
  const bad: string[] = [];
  for (const [file, specs] of g.specifiers) {
    for (const s of specs) {
      const name = /^(@[^/]+\/[^/]+|[^./][^/]*)/.exec(s)?.[1];
      if (name && devDependencies.includes(name)) bad.push(`${file} imports ${s}`);
    }
  }
  return bad;
}
