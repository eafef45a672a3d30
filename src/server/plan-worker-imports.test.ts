// The plan thread is a second V8 isolate: every module it loads is loaded a second time in the process (issue 16:
// with core's barrel it loaded zod and every schema, +66 MiB RSS and 1.5–2.3 s to its first answer). It loads the
// planner and the few pure helpers the planner calls, nothing else: no package, not core's barrel, no schema. The
// modules are taken from a real load (a resolve hook in a fresh process), not from reading the sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Every module a fresh process loads to import `file`, as paths from the repository's root (a package: its whole path; 'node:' ones left out). */
function loaded(file: string): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const seen = new Set();
    registerHooks({ resolve(s, c, next) { const r = next(s, c); seen.add(r.url); return r; } });
    await import(${JSON.stringify(new URL(file, `file://${root}`).href)});
    console.log(JSON.stringify([...seen]));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const urls = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as string[];
  return urls.filter((u) => !u.startsWith('node:')).map((u) => fileURLToPath(u)).map((p) => (p.startsWith(root) && !p.includes('/node_modules/') ? p.slice(root.length) : p));
}

test('the plan thread loads no package, not core\'s barrel and no schema module', () => {
  const mods = loaded('src/server/plan-worker.ts');
  assert.ok(mods.includes('src/dispatch/live.ts'), 'the planner is loaded');
  assert.deepEqual(mods.filter((m) => m.includes('/node_modules/')), [], 'no package (zod, mgrs)');
  // Core's modules that hold schemas import zod; the thread takes the pure ones apart (geo-math, time-math, …).
  const core = mods.filter((m) => m.startsWith('src/core/'));
  assert.deepEqual(core.filter((m) => !['src/core/geo-math.ts', 'src/core/time-math.ts', 'src/core/triage-order.ts', 'src/core/dispatch-legs.ts', 'src/core/precedence-of.ts'].includes(m)), []);
  // Nothing of the store, the server or the log beyond the one cast of the plan inputs.
  assert.deepEqual(mods.filter((m) => !m.startsWith('src/dispatch/') && !m.startsWith('src/core/')), ['src/server/plan-worker.ts', 'src/storage/plan-states.ts']);
});
