// What the server allocates in the mixed run (the GC pauses' cause): `node bench/scale/allocations.ts <heapprofile>
// [top=20]`, the sampling heap profile of `GH_HEAP_PROFILE=<file> npm run bench:scale -- mixed …` (server.ts; objects
// collected since are kept in it, so this is what was allocated over the run, not what is left). Printed: bytes by
// function (self: allocated in that function's own frame), by script function (inclusive: it and all it called) and
// by the nearest script frame (a builtin's allocation charged to the code that called it).
import { readFileSync } from 'node:fs';

interface HeapNode { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: HeapNode[] }

const HERE = new URL('../..', import.meta.url).pathname;
const short = (url: string) => url.replace(/^file:\/\//, '').replace(HERE, '').replace(/^.*node_modules\//, 'npm:');
const nameOf = (n: HeapNode) => `${n.callFrame.functionName || '(anonymous)'}${n.callFrame.url ? ` ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}` : ''}`;
const isScript = (n: HeapNode) => n.callFrame.url !== '' && !n.callFrame.url.startsWith('node:');

export function allocations(head: HeapNode): { total: number; self: Map<string, number>; inclusive: Map<string, number>; nearest: Map<string, number> } {
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const nearest = new Map<string, number>();
  let total = 0;
  const add = (m: Map<string, number>, k: string, b: number) => m.set(k, (m.get(k) ?? 0) + b);
  const walk = (n: HeapNode, stack: HeapNode[]) => {
    const path = [...stack, n];
    if (n.selfSize) {
      total += n.selfSize;
      add(self, nameOf(n), n.selfSize);
      const seen = new Set<string>();
      for (const x of path) if (isScript(x) && !seen.has(nameOf(x))) seen.add(nameOf(x));
      for (const k of seen) add(inclusive, k, n.selfSize);
      const own = [...path].reverse().find(isScript);
      add(nearest, own ? nameOf(own) : `(no script frame) ${nameOf(n)}`, n.selfSize);
    }
    for (const c of n.children) walk(c, path);
  };
  walk(head, []);
  return { total, self, inclusive, nearest };
}

if (import.meta.main) {
  const [file, topN = '20'] = process.argv.slice(2);
  if (!file) throw new Error('usage: node bench/scale/allocations.ts <file.heapprofile> [top=20]');
  const a = allocations((JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode }).head);
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
  const list = (m: Map<string, number>) => [...m].sort((x, y) => y[1] - x[1]).slice(0, Number(topN)).map(([k, b]) => `    ${mib(b).padStart(10)} ${((100 * b) / a.total).toFixed(1).padStart(5)} %  ${k}`);
  const lines = [
    `allocated (sampled): ${mib(a.total)}`,
    '  by the nearest script frame:', ...list(a.nearest),
    '  by script function, inclusive:', ...list(a.inclusive),
    '  by function, self:', ...list(a.self),
  ];
  for (const l of lines) console.log(l);
}
