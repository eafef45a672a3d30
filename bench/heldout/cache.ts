// Runs of the baselines kept between bench runs: `closest`, `priority` and `careful` do not depend on the optimiser,
// so a run of them is reused for the same (scenario, seed) while none of the code they run has changed. The key is a
// hash of every source file the baselines, the generator, the simulator and the checker import (followed from their
// entry files), so a change anywhere in that code starts a fresh cache. One JSON file per key and family.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Outcome, Task } from './task.ts';

export const CACHED_POLICIES: readonly string[] = ['closest', 'priority', 'careful'];

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// Followed: what a baseline run executes. Hashed but not followed: the files that name the policies (they import the
// optimiser too, which a baseline run never calls).
const ENTRIES = ['src/sim/simulator.ts', 'src/sim/generate.ts', 'src/sim/scenario.ts', 'src/sim/metrics.ts', 'src/dispatch/policies.ts', 'src/dispatch/careful.ts', 'test/trace-checker/checker.ts'];
const NAMING = ['src/sim/run.ts', 'src/dispatch/index.ts', 'bench/heldout/task.ts'];

/** Every repository file reachable by relative imports from the entry files, sorted. */
export function importClosure(entries: readonly string[] = ENTRIES): string[] {
  const seen = new Set<string>();
  const todo = entries.map((e) => join(ROOT, e));
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) todo.push(resolve(dirname(file), m[1]!));
  }
  return [...seen].sort();
}

/** The hash of the code the cached runs depend on. */
export function codeKey(): string {
  const h = createHash('sha256');
  for (const f of [...importClosure(), ...NAMING.map((n) => join(ROOT, n))]) h.update(f.slice(ROOT.length)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex').slice(0, 16);
}

export class RunCache {
  readonly #file: string;
  readonly #runs: Record<string, Outcome>;
  #dirty = 0;

  constructor(dir: string, family: number) {
    this.#file = join(dir, `heldout-${family}-${codeKey()}.json`);
    this.#runs = existsSync(this.#file) ? (JSON.parse(readFileSync(this.#file, 'utf8')) as Record<string, Outcome>) : {};
  }

  static key(t: Task): string {
    return `${t.index}:${t.policy}:${t.k}:${t.check ? 'checked' : 'unchecked'}`;
  }

  get(t: Task): Outcome | undefined {
    if (!CACHED_POLICIES.includes(t.policy)) return undefined;
    return this.#runs[RunCache.key(t)] ?? (t.check ? undefined : this.#runs[RunCache.key({ ...t, check: true })]);
  }

  put(t: Task, o: Outcome): void {
    if (!CACHED_POLICIES.includes(t.policy)) return;
    this.#runs[RunCache.key(t)] = o;
    if (++this.#dirty >= 200) this.save();
  }

  save(): void {
    if (this.#dirty === 0) return;
    mkdirSync(dirname(this.#file), { recursive: true });
    writeFileSync(this.#file, JSON.stringify(this.#runs));
    this.#dirty = 0;
  }

  get path(): string {
    return this.#file;
  }
}
