// `npm run bench:sync`: the convergence fuzzer (test/sync/sim.ts) over ≥ 10,000 seeded cases, plus proof that it
// catches each deliberate protocol fault. Failing seeds go to test/sync/regressions.json (checked by npm test).
// Usage: node bench/sync.ts [cases=10000] [firstSeed=1]
import { readFileSync, writeFileSync } from 'node:fs';
import { runCase } from '../test/sync/sim.ts';

const cases = Number(process.argv[2] ?? 10_000);
const first = Number(process.argv[3] ?? 1);
const started = Date.now();
const failed: { seed: number; failures: string[] }[] = [];
let events = 0;
let faults = 0;
let crashes = 0;
let acks = 0;
for (let i = 0; i < cases; i++) {
  const r = await runCase(first + i, { validate: i % 10 === 0 });
  events += r.stats.events;
  faults += r.stats.faults;
  crashes += r.stats.crashes;
  acks += r.stats.acks;
  if (!r.ok) failed.push({ seed: r.seed, failures: r.failures.slice(0, 3) });
  if ((i + 1) % 2000 === 0) console.log(`  … ${i + 1} cases, ${failed.length} failed, ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
console.log(`sync fuzz: ${cases} cases run, ${failed.length} failed; ${events} events recorded, ${acks} acknowledgements, ${faults} network faults, ${crashes} crashes/restarts; ${((Date.now() - started) / 1000).toFixed(1)} s`);

// The fuzzer must be able to fail: each deliberate bug has to be caught within 500 cases.
const bugs = ['cursorIgnoresEcho', 'cursorBeforeEvents', 'dropOutboxOnSend', 'ackBeforeDurable'] as const;
let blind = 0;
for (const bug of bugs) {
  let caught = 0;
  for (let s = 1; s <= 500; s++) if (!(await runCase(s, { bugs: { [bug]: true } })).ok) caught++;
  console.log(`  mutant ${bug}: caught in ${caught}/500 cases`);
  if (caught === 0) blind++;
}

// Issue 14: the content and writer fault models (mixed SQLite/PostgreSQL replicas, NUL, re-used ids, sessions
// without a device id, clocks hours off against the server's time rule, imported files), each with its mutants.
const faultCases = Math.max(1, Math.round(cases / 5));
for (const model of ['contentFaults', 'writerFaults'] as const) {
  const t0 = Date.now();
  let bad = 0;
  for (let i = 0; i < faultCases; i++) {
    const r = await runCase(first + 5_000_000 + i, { [model]: true });
    if (!r.ok) {
      bad++;
      failed.push({ seed: r.seed, failures: [`${model}:`, ...r.failures.slice(0, 3)] });
    }
  }
  console.log(`${model}: ${faultCases} cases, ${bad} failed; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const mutants = model === 'contentFaults' ? (['noTextBoundary', 'idOnlyIdempotency'] as const) : (['sharedWebDevice', 'refuseClock', 'importSkipsValidation'] as const);
  for (const bug of mutants) {
    let caught = 0;
    for (let s = 1; s <= 500; s++) if (!(await runCase(s, { [model]: true, bugs: { [bug]: true } })).ok) caught++;
    console.log(`  mutant ${bug}: caught in ${caught}/500 cases`);
    if (caught === 0) blind++;
  }
}

if (failed.length) {
  const file = new URL('../test/sync/regressions.json', import.meta.url);
  const known = JSON.parse(readFileSync(file, 'utf8')) as { seeds: number[] };
  const seeds = [...new Set([...known.seeds, ...failed.map((f) => f.seed)])].sort((a, b) => a - b);
  writeFileSync(file, JSON.stringify({ ...known, seeds }, null, 2) + '\n');
  for (const f of failed.slice(0, 10)) console.log(`  seed ${f.seed}: ${f.failures.join(' | ')}`);
  console.log(`failing seeds added to test/sync/regressions.json`);
}
process.exit(failed.length || blind ? 1 : 0);
