// `npm run bench:dispatch-heldout -- [--scenarios N] [--seeds K] [--family F] [--from I] [--policies a,b]
//   [--workers W] [--cache DIR | --no-cache] [--json FILE] [--no-check] [--progress] [--on t1,t2=value]`
// A held-out family of generated scenarios (src/sim/generate.ts; default 200 × 10 seeds, family 1) under every policy.
// Every trace is replayed by the independent checker (test/trace-checker): violations and any disagreement of its total
// survival with the simulator's beyond 5e-5 are counted and printed. Runs go to worker threads (default: one per core,
// `--workers 0` runs them here), largest scenarios first; runs of `closest`, `priority` and `careful` are kept per
// (scenario, seed) between bench runs while the code they execute is unchanged (bench/heldout/cache.ts). Prints, per
// scenario, mean expected critical survivors (RPM ≤ 9) of each policy; ratios of optimal to each baseline with 95 %
// bootstrap CIs over scenarios; every pair and scenario where it loses; and the issue's goals with PASS / FAIL.
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { POLICY_NAMES } from '../src/dispatch/index.ts';
import type { PolicyName } from '../src/dispatch/index.ts';
import { generateScenario } from '../src/sim/generate.ts';
import { RunCache } from './heldout/cache.ts';
import { runAll } from './heldout/pool.ts';
import { goalLines, lossesOf, mean, ratioStats } from './heldout/report.ts';
import type { RatioStats, Row } from './heldout/report.ts';
import type { Outcome, Task } from './heldout/task.ts';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : dflt;
};
const nScenarios = Number(flag('--scenarios', '200'));
const seeds = Number(flag('--seeds', '10'));
const family = Number(flag('--family', '1'));
const from = Number(flag('--from', '0'));
const policies = flag('--policies', POLICY_NAMES.join(',')).split(',') as PolicyName[];
// `--on t1,t2=value`: `optimal` with terms that are off by default on (a rule measured before it is adopted).
const on = args.includes('--on') ? flag('--on', '').split(',') : [];
if (on.length > 0) console.log(`optimal with ${on.join(', ')} on`);
const jsonOut = args.includes('--json') ? flag('--json', 'heldout.json') : null;
const check = !args.includes('--no-check');
const workers = Number(flag('--workers', String(availableParallelism())));
const cache = args.includes('--no-cache') ? null : new RunCache(flag('--cache', 'node_modules/.cache/goldenhour-heldout'), family);
const BASELINES = (['closest', 'priority', 'careful', 'optimal-v1', 'hindsight'] as const).filter((b) => policies.includes(b));

/** Every run, the largest scenarios first (vehicles × casualties), so that the threads finish together. */
function plannedTasks(): Task[] {
  const size = new Map<number, number>();
  for (let i = from; i < from + nScenarios; i++) {
    const raw = generateScenario(family, i) as { vehicles?: unknown[]; casualties?: unknown[]; arrivals?: unknown };
    size.set(i, (raw.vehicles?.length ?? 1) * ((raw.casualties?.length ?? 0) + (raw.arrivals ? 20 : 0) + 1));
  }
  const tasks: Task[] = [];
  for (let i = from; i < from + nScenarios; i++) for (const policy of policies) for (let k = 0; k < seeds; k++) tasks.push({ family, index: i, policy, k, check, ...(on.length > 0 ? { on } : {}) });
  return tasks.sort((a, b) => size.get(b.index)! - size.get(a.index)! || a.index - b.index);
}

async function main(): Promise<void> {
  const started = performance.now();
  const outcomes = new Map<string, Outcome>();
  const todo: Task[] = [];
  let reused = 0;
  for (const t of plannedTasks()) {
    const kept = cache?.get(t);
    if (kept) {
      outcomes.set(RunCache.key(t), kept);
      reused++;
    } else todo.push(t);
  }
  let n = 0;
  await runAll(todo, workers, (t, o) => {
    outcomes.set(RunCache.key(t), o);
    cache?.put(t, o);
    if (args.includes('--progress')) process.stderr.write(`${++n}/${todo.length}\r`);
  });
  cache?.save();
  const wallMin = (performance.now() - started) / 60_000;
  // Every thread's CPU time (process-wide), what the load of a shared machine does not inflate.
  const cpu = process.cpuUsage();
  const cpuMin = (cpu.user + cpu.system) / 60e6;

  const rows: Row[] = [];
  const violations: string[] = [];
  let checked = 0;
  for (let i = from; i < from + nScenarios; i++) {
    let row: Row | null = null;
    for (const policy of policies) {
      for (let k = 0; k < seeds; k++) {
        const o = outcomes.get(RunCache.key({ family, index: i, policy, k, check }))!;
        row ??= { name: o.name, description: o.description, critical: {}, all: {}, lost: {} };
        (row.critical[policy] ??= []).push(o.critical);
        (row.all[policy] ??= []).push(o.all);
        (row.lost[policy] ??= []).push(o.lost);
        if (o.checked) checked++;
        if (o.violation) violations.push(o.violation);
      }
    }
    rows.push(row!);
  }
  report({ rows, violations, checked, wallMin, cpuMin, ran: todo.length, reused });
}

function report(r: { rows: Row[]; violations: string[]; checked: number; wallMin: number; cpuMin: number; ran: number; reused: number }): void {
  const { rows, violations, checked } = r;
  const runs = rows.length * policies.length * seeds;
  console.log(`held-out dispatch benchmark: family ${family}, scenarios ${from}…${from + nScenarios - 1}, ${seeds} seeds, ${policies.length} policies; ${(r.wallMin * 60).toFixed(0)} s wall, ${(r.cpuMin * 60).toFixed(0)} s CPU on ${Math.max(1, workers)} thread(s); ${r.ran} runs made, ${r.reused} baseline runs reused${cache ? ` (${cache.path})` : ''}`);
  console.log(`independent checker: ${check ? `${checked} traces replayed, ${violations.length} with a violation or a total off by > 5e-5` : 'skipped'}`);
  for (const v of violations.slice(0, 20)) console.log(`  ${v}`);
  console.log('\nmean expected critical survivors (RPM ≤ 9) per scenario, and vehicles lost (mean):');
  const w = Math.max(...rows.map((x) => x.name.length), 8);
  console.log(['scenario'.padEnd(w), ...policies.map((p) => p.padStart(11)), '  description'].join(' '));
  for (const x of rows) console.log([x.name.padEnd(w), ...policies.map((p) => `${mean(x.critical[p]!).toFixed(2)}/${mean(x.lost[p]!).toFixed(1)}`.padStart(11)), ` ${x.description}`].join(' '));
  const total = (p: string, m: 'critical' | 'all' | 'lost'): string => rows.reduce((a, x) => a + mean(x[m][p]!), 0).toFixed(1);
  console.log(`\ntotals of per-scenario means (critical / all survivors / vehicles lost): ${policies.map((p) => `${p} ${total(p, 'critical')} / ${total(p, 'all')} / ${total(p, 'lost')}`).join('; ')}`);
  const ratios: Record<string, RatioStats> = {};
  const losses = policies.includes('optimal') ? lossesOf(rows, seeds, policies) : null;
  if (losses) {
    console.log('\noptimal / baseline, expected critical survivors: mean of per-scenario ratios [95 % bootstrap CI]; ratio of totals');
    for (const b of BASELINES) {
      const s = (ratios[b] = ratioStats(rows, 'optimal', b, family));
      console.log(`  / ${b.padEnd(10)} ${s.meanRatio.toFixed(3)} [${s.lo.toFixed(3)}, ${s.hi.toFixed(3)}]; totals ${s.totalRatio.toFixed(3)}`);
    }
    console.log(`scenarios where optimal's mean is below closest, priority or careful: ${losses.scenarioLosses.length}`);
    for (const l of losses.scenarioLosses) console.log(`  ${l}`);
    console.log(`pairs where optimal is below closest or priority: ${losses.pairLosses.length}`);
    for (const l of losses.pairLosses) console.log(`  ${l}`);
  }
  console.log('\ngoals (issue 11):');
  for (const l of goalLines({ rows, seeds, policies, runs, checked, violations: violations.length, wallMin: r.wallMin, cpuMin: r.cpuMin, losses, ratios })) console.log(`  ${l}`);
  if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify({ family, from, seeds, policies, summary: ratios, violations, scenarioLosses: losses?.scenarioLosses ?? [], pairLosses: losses?.pairLosses ?? [], rows }, null, 1)}\n`);
}

await main();
