// A thread started on stripped sources (stripped-worker.ts) loads the plan thread's modules without Node's TypeScript
// stripper in that thread (~17 MiB and ~1 s a thread), and the walk that strips them finds every module the thread
// really loads (a module it missed would load the ordinary way and bring the stripper back).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { strippedModules, strippedWorker } from './stripped-worker.ts';

const probe = new URL('../../test/support/stripped-probe.ts', import.meta.url);
const planWorker = new URL('./plan-worker.ts', import.meta.url);

const firstMessage = async (w: Worker): Promise<unknown> => {
  try {
    return await new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
  } finally {
    await w.terminate();
  }
};

/**
 * What an ordinary thread reports, in a process of its own without Node's compile cache: `npm test` sets one
 * (NODE_COMPILE_CACHE), and a thread that finds every module there strips nothing, so in a second run this control
 * said `false` and failed. `serve` sets none.
 */
function ordinaryThread(): unknown {
  const script = `import { Worker } from 'node:worker_threads';
    const w = new Worker(new URL(${JSON.stringify(probe.href)}), { execArgv: [] }); // not this process's --input-type
    w.once('message', (m) => { console.log(JSON.stringify(m)); void w.terminate(); });`;
  const env = { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' };
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

test('a thread on stripped sources loads the plan thread without the TypeScript stripper; an ordinary one loads it', async () => {
  const s = strippedWorker(probe);
  assert.deepEqual(await firstMessage(new Worker(s.url, { workerData: s.workerData })), { stripper: false });
  assert.deepEqual(ordinaryThread(), { stripper: true });
});

test('the stripped walk from the plan thread\'s entry is every TypeScript module the thread loads, and types are blanks', () => {
  const script = `
    import { registerHooks } from 'node:module';
    const seen = new Set();
    registerHooks({ resolve(s, c, next) { const r = next(s, c); seen.add(r.url); return r; } });
    await import(${JSON.stringify(planWorker.href)});
    console.log(JSON.stringify([...seen].filter((u) => u.endsWith('.ts')).sort()));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const loaded = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as string[];
  const sources = strippedModules(planWorker);
  assert.deepEqual(Object.keys(sources).sort(), loaded);
  // Lines and columns stay where they were (stack traces point into the .ts files).
  const js = sources[planWorker.href]!;
  assert.doesNotMatch(js, /import type|: PlanJob/);
  const ts = readFileSync(planWorker, 'utf8');
  assert.equal(js.length, ts.length);
  assert.equal(js.indexOf('export function planJob(job '), ts.indexOf('export function planJob(job: PlanJob'));
});
