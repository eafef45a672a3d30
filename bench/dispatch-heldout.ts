// `npm run bench:dispatch-heldout -- [--scenarios N] [--seeds K] [--family F] [--from I] [--policies a,b] [--json FILE]`
// A held-out family of generated scenarios (src/sim/generate.ts; default 200 × 10 seeds, family 1) under every policy.
// Every trace is replayed by the independent checker (test/trace-checker): violations and any disagreement of its total
// survival with the simulator's beyond 5e-5 are counted and printed. Prints, per scenario, mean expected critical
// survivors (RPM ≤ 9) of each policy; then ratios of optimal to each baseline with 95 % bootstrap CIs over scenarios,
// the share of (scenario, seed) pairs where optimal ≥ closest and priority, and every pair and scenario where it loses.
import { writeFileSync } from 'node:fs';
import { POLICY_NAMES } from '../src/dispatch/index.ts';
import type { PolicyName } from '../src/dispatch/index.ts';
import { generateScenario } from '../src/sim/generate.ts';
import { metricsOf } from '../src/sim/metrics.ts';
import { rngFor } from '../src/sim/rng.ts';
import { runPolicy } from '../src/sim/run.ts';
import { parseScenario } from '../src/sim/scenario.ts';
import { checkTrace } from '../test/trace-checker/checker.ts';

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
const jsonOut = args.includes('--json') ? flag('--json', 'heldout.json') : null;
const noCheck = args.includes('--no-check');
const BASELINES = (['closest', 'priority', 'careful', 'optimal-v1', 'hindsight'] as const).filter((b) => policies.includes(b));

interface Row {
  name: string;
  description: string;
  /** Per policy, per seed: expected critical survivors, all survivors, vehicles lost. */
  critical: Record<string, number[]>;
  all: Record<string, number[]>;
  lost: Record<string, number[]>;
}

const rows: Row[] = [];
let checked = 0;
const violations: string[] = [];
const started = performance.now();
const cpu0 = process.cpuUsage();
for (let i = from; i < from + nScenarios; i++) {
  const raw = generateScenario(family, i);
  const scenario = parseScenario(raw);
  const row: Row = { name: scenario.name, description: String(raw['description']), critical: {}, all: {}, lost: {} };
  for (const p of policies) {
    row.critical[p] = [];
    row.all[p] = [];
    row.lost[p] = [];
    for (let k = 0; k < seeds; k++) {
      const result = runPolicy(scenario, p, scenario.seed + k, !noCheck);
      const m = metricsOf(result);
      row.critical[p].push(m.expectedSurvivors.critical);
      row.all[p].push(m.expectedSurvivors.all);
      row.lost[p].push(m.vehiclesLost);
      if (noCheck) continue;
      const check = checkTrace(raw, JSON.parse(JSON.stringify(result.trace)) as Record<string, unknown>[]);
      checked++;
      if (check.errors.length > 0) violations.push(`${scenario.name} ${p} seed ${scenario.seed + k}: ${check.errors[0]}`);
      else if (Math.abs(check.totalSurvival - m.expectedSurvivors.all) > 5e-5) violations.push(`${scenario.name} ${p} seed ${scenario.seed + k}: checker ${check.totalSurvival} ≠ ${m.expectedSurvivors.all}`);
    }
  }
  rows.push(row);
  if (args.includes('--progress')) process.stderr.write(`${i - from + 1}/${nScenarios}\r`);
}
const cpu = process.cpuUsage(cpu0);

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
/** Mean of per-scenario ratios, ratio of totals, and a 95 % bootstrap CI of the mean ratio (over scenarios). */
function ratioStats(num: string, den: string): { meanRatio: number; totalRatio: number; lo: number; hi: number } {
  const pairs = rows.map((r) => [mean(r.critical[num]!), mean(r.critical[den]!)] as const).filter(([, d]) => d > 1e-9);
  const ratios = pairs.map(([n, d]) => n / d);
  const rng = rngFor(family, 'heldout-bootstrap');
  const boots: number[] = [];
  for (let b = 0; b < 2000; b++) {
    let s = 0;
    for (let k = 0; k < ratios.length; k++) s += ratios[Math.floor(rng() * ratios.length)]!;
    boots.push(s / ratios.length);
  }
  boots.sort((a, b) => a - b);
  return {
    meanRatio: mean(ratios),
    totalRatio: pairs.reduce((a, [n]) => a + n, 0) / pairs.reduce((a, [, d]) => a + d, 0),
    lo: boots[Math.floor(boots.length * 0.025)] ?? NaN,
    hi: boots[Math.ceil(boots.length * 0.975) - 1] ?? NaN,
  };
}

const EPS = 1e-9;
const pairLosses: string[] = [];
const scenarioLosses: string[] = [];
let pairsTotal = 0;
let pairsWon = 0;
if (policies.includes('optimal')) {
  for (const r of rows) {
    for (let k = 0; k < seeds; k++) {
      const o = r.critical['optimal']![k]!;
      pairsTotal++;
      const beaten = (['closest', 'priority'] as const).filter((b) => policies.includes(b) && r.critical[b]![k]! > o + EPS);
      if (beaten.length === 0) pairsWon++;
      else pairLosses.push(`${r.name} seed+${k}: optimal ${o.toFixed(3)} < ${beaten.map((b) => `${b} ${r.critical[b]![k]!.toFixed(3)}`).join(', ')}`);
    }
    const o = mean(r.critical['optimal']!);
    const worse = BASELINES.filter((b) => b !== 'hindsight' && b !== 'optimal-v1' && mean(r.critical[b]!) > o + EPS);
    if (worse.length > 0) scenarioLosses.push(`${r.name} (${r.description}): optimal ${o.toFixed(3)} < ${worse.map((b) => `${b} ${mean(r.critical[b]!).toFixed(3)}`).join(', ')}`);
  }
}

const w = Math.max(...rows.map((r) => r.name.length), 8);
console.log(`held-out dispatch benchmark: family ${family}, scenarios ${from}…${from + nScenarios - 1}, ${seeds} seeds, ${policies.length} policies; ${((performance.now() - started) / 1000).toFixed(0)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s CPU`);
console.log(`independent checker: ${noCheck ? 'skipped' : `${checked} traces replayed, ${violations.length} with a violation or a total off by > 5e-5`}`);
for (const v of violations.slice(0, 20)) console.log(`  ${v}`);
console.log('\nmean expected critical survivors (RPM ≤ 9) per scenario, and vehicles lost (mean):');
console.log(['scenario'.padEnd(w), ...policies.map((p) => p.padStart(11)), '  description'].join(' '));
for (const r of rows) console.log([r.name.padEnd(w), ...policies.map((p) => `${mean(r.critical[p]!).toFixed(2)}/${mean(r.lost[p]!).toFixed(1)}`.padStart(11)), ` ${r.description}`].join(' '));
const summary: Record<string, unknown> = {};
if (policies.includes('optimal')) {
  console.log('\noptimal / baseline, expected critical survivors: mean of per-scenario ratios [95 % bootstrap CI]; ratio of totals');
  for (const b of BASELINES) {
    const s = ratioStats('optimal', b);
    summary[b] = s;
    console.log(`  / ${b.padEnd(10)} ${s.meanRatio.toFixed(3)} [${s.lo.toFixed(3)}, ${s.hi.toFixed(3)}]; totals ${s.totalRatio.toFixed(3)}`);
  }
  console.log(`(scenario, seed) pairs with optimal ≥ closest and priority: ${pairsWon}/${pairsTotal} (${((100 * pairsWon) / Math.max(1, pairsTotal)).toFixed(1)} %)`);
  console.log(`scenarios where optimal's mean is below closest, priority or careful: ${scenarioLosses.length}`);
  for (const l of scenarioLosses) console.log(`  ${l}`);
  console.log(`pairs where optimal is below closest or priority: ${pairLosses.length}`);
  for (const l of pairLosses) console.log(`  ${l}`);
}
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify({ family, from, seeds, policies, summary, violations, scenarioLosses, pairLosses, rows }, null, 1)}\n`);
