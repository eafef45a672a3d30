// `npm run bench:dispatch-clairvoyant -- [--instances N] [--casualties K] [--from S] [--policies a,b]`: every policy as a fraction of the exact
// clairvoyant optimum (DISP-17) on seeded small instances (one ambulance, one R2, K casualties over two hours, no
// threats: nothing random, one run each). Every optimum's schedule is replayed by the independent checker.
import { clairvoyantOptimum, smallScenario, traceOfOptimum } from '../src/dispatch/clairvoyant.ts';
import { POLICY_NAMES } from '../src/dispatch/index.ts';
import type { PolicyName } from '../src/dispatch/index.ts';
import { metricsOf } from '../src/sim/metrics.ts';
import { runPolicy } from '../src/sim/run.ts';
import { parseScenario } from '../src/sim/scenario.ts';
import { instanceOf } from '../src/sim/small.ts';
import { checkTrace } from '../test/trace-checker/checker.ts';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string): string => (args.includes(name) ? args[args.indexOf(name) + 1]! : dflt);
const instances = Number(flag('--instances', '30'));
const k = Number(flag('--casualties', '8'));
// Instance seeds are 1000 + 1…N by default; `--from S` draws S + 1…N instead (a held-out set).
const from = Number(flag('--from', '1000'));
const policies = flag('--policies', POLICY_NAMES.join(',')).split(',') as PolicyName[];
const fractions: Record<string, number[]> = {};
let violations = 0;
const cpu0 = process.cpuUsage();
for (let seed = 1; seed <= instances; seed++) {
  const raw = smallScenario(from + seed, k);
  const inst = instanceOf(raw);
  const opt = clairvoyantOptimum(inst);
  const check = checkTrace(raw, traceOfOptimum(inst, opt));
  if (check.errors.length > 0 || Math.abs(check.totalSurvival - opt.value) > 1e-6) violations++;
  const scenario = parseScenario(raw);
  const row = [`small-${from + seed}`.padEnd(12), `optimum ${opt.value.toFixed(3)}`];
  for (const p of policies) {
    const v = metricsOf(runPolicy(scenario, p, scenario.seed, false)).expectedSurvivors.all;
    (fractions[p] ??= []).push(v / opt.value);
    row.push(`${p} ${(v / opt.value).toFixed(3)}`);
  }
  console.log(row.join('  '));
}
const cpu = process.cpuUsage(cpu0);
console.log(`\n${instances} instances × ${k} casualties; optimum schedules replayed by the checker: ${violations} with a violation; ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU`);
console.log('fraction of the clairvoyant optimum (expected survivors, all casualties): mean, min');
for (const [p, xs] of Object.entries(fractions)) console.log(`  ${p.padEnd(10)} ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(3)}  ${Math.min(...xs).toFixed(3)}`);
