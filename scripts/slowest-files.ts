// `npm test`'s reporter: Node's own (spec), then the ten test files that took longest, so that whoever makes the run
// slower sees where (the run has a 20-minute budget on two busy cores; a browser test file is most of it).
import { mkdirSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { relative, resolve } from 'node:path';
import { spec } from 'node:test/reporters';
import type { TestEvent } from 'node:test/reporters';
import { kindOf } from './test-files.ts';

export default async function* slowestFiles(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const files: [string, number][] = [];
  // A file's own test (named by its path): from its dequeue (its process starts) to its complete. Its summary comes
  // later, in the order the files were named, so it cannot time it.
  const began = new Map<string, number>();
  async function* watch(): AsyncGenerator<TestEvent> {
    for await (const e of source) {
      const d = e.data as { file?: string; name?: string } | undefined;
      if (d?.file && d.name && resolve(d.name) === d.file) {
        const file = d.file;
        if (e.type === 'test:dequeue') began.set(file, Date.now());
        if (e.type === 'test:complete' && began.has(file)) files.push([relative(process.cwd(), file), Date.now() - began.get(file)!]);
      }
      yield e;
    }
  }
  yield* Readable.from(watch()).pipe(new spec()) as AsyncIterable<string>;
  if (files.length < 2) return;
  const total = files.reduce((s, [, ms]) => s + ms, 0);
  yield `\n# the slowest test files (each from its start to its end; ${(total / 1000).toFixed(0)} s over ${files.length} files):\n`;
  files.sort((a, b) => b[1] - a[1]);
  for (const [f, ms] of files.slice(0, 10)) yield `#   ${(ms / 1000).toFixed(1).padStart(6)} s  ${f}\n`;
  // By kind (browser, server/database, the rest), and every file in artifacts/ for whoever looks for the next cut.
  const KIND = { e2e: 'browser', int: 'server/database', unit: 'unit' } as const;
  const kind = (f: string): string => KIND[kindOf(f)];
  const byKind = new Map<string, [number, number]>();
  for (const [f, ms] of files) {
    const [n, t] = byKind.get(kind(f)) ?? [0, 0];
    byKind.set(kind(f), [n + 1, t + ms]);
  }
  yield `# by kind: ${[...byKind].map(([k, [n, t]]) => `${k} ${n} files ${(t / 1000).toFixed(0)} s`).join(', ')}; every file in artifacts/test-times.tsv\n`;
  mkdirSync('artifacts', { recursive: true });
  writeFileSync('artifacts/test-times.tsv', files.map(([f, ms]) => `${(ms / 1000).toFixed(1)}\t${f}\n`).join(''));
}
