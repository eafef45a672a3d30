// A worker thread whose TypeScript modules arrive with their types already stripped (issue 16). Node strips types in
// each thread that loads a .ts module, and the stripper (a WebAssembly compiler) costs a thread ~17 MiB of RSS and
// ~1 s of start even for one small module (a bare thread: 18 → 35 MiB). The main thread, whose stripper is loaded
// already, strips the entry and every module it imports by a relative path, once per process; the thread is started
// on a small loader (a data: URL) that serves those sources through a module hook and then imports the entry. The
// stripped text keeps every line and column (types become blanks), so stack traces read as before. A module the walk
// missed is loaded the ordinary way (correct, only heavier): src/server/stripped-worker.test.ts holds the walk
// equal to what the plan thread really loads.
import { readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';

/** Relative imports and re-exports of a stripped module (`import type` is gone by then), and bare side-effect imports. */
const RELATIVE = /^[ \t]*(?:import|export)\b[^;'"]*?(?:\bfrom[ \t]*)?['"](\.{1,2}\/[^'"]+\.ts)['"]/gm;

/** Node marks the stripper experimental and warns once; this module is its one caller, and the warning says nothing to an operator. */
function strip(code: string): string {
  const emit = process.emitWarning;
  process.emitWarning = ((w: string | Error, ...rest: unknown[]) => {
    if (String(typeof w === 'string' ? w : w.message).includes('stripTypeScriptTypes')) return;
    (emit as (...a: unknown[]) => void).call(process, w, ...rest);
  }) as typeof process.emitWarning;
  try {
    return stripTypeScriptTypes(code, { mode: 'strip' });
  } finally {
    process.emitWarning = emit;
  }
}

/** The entry and every .ts module it imports by a relative path, transitively, stripped: URL → JavaScript. */
export function strippedModules(entry: URL): Record<string, string> {
  const out: Record<string, string> = {};
  const todo = [entry.href];
  for (let href = todo.pop(); href !== undefined; href = todo.pop()) {
    if (href in out) continue;
    const js = strip(readFileSync(new URL(href), 'utf8'));
    out[href] = js;
    for (const m of js.matchAll(RELATIVE)) todo.push(new URL(m[1]!, href).href);
  }
  return out;
}

/** The thread's first module: serve the stripped sources, then import the entry. */
const LOADER = `
import { registerHooks } from 'node:module';
import { workerData } from 'node:worker_threads';
const { sources, entry } = workerData.stripped;
registerHooks({
  load(url, context, next) {
    const source = sources[url];
    return source === undefined ? next(url, context) : { format: 'module', source, shortCircuit: true };
  },
});
await import(entry);
`;

const made = new Map<string, Record<string, string>>();

/** What `new Worker` takes to start `entry` on stripped sources: the loader's URL and its workerData. */
export function strippedWorker(entry: URL): { url: URL; workerData: { stripped: { sources: Record<string, string>; entry: string } } } {
  let sources = made.get(entry.href);
  if (!sources) made.set(entry.href, (sources = strippedModules(entry)));
  return { url: new URL(`data:text/javascript,${encodeURIComponent(LOADER)}`), workerData: { stripped: { sources, entry: entry.href } } };
}
