// `node bench/dispatch-jitter.ts --file SCENARIO.json [--copies N] [--from K] [--minutes M] [--metres D] [--variants JSON]`
// (DISP-90): `optimal`, `optimal-v1` and `optimal` with other params (`--variants '{"name": {"param": value}}'`) on N
// jittered copies of one scenario (`src/sim/jitter.ts`: every listed casualty reported up to M minutes sooner or later,
// up to D metres away; copy 0 is the file), each on the scenario's seed, in expected critical survivors: the mean per
// copy, the mean per-copy ratio to `optimal` ± 95 % half-width, and the copies where it is at least `optimal`. On a
// deterministic example (no arrivals, no threats) one run is one draw of a chaotic process: read the edge over copies.
import { makeOptimalPolicy, optimalV1Policy } from '../src/dispatch/index.ts';
import type { Policy } from '../src/dispatch/index.ts';
import type { OptimalParams } from '../src/dispatch/optimal/params.ts';
import { jitterScenario } from '../src/sim/jitter.ts';
import { metricsOf } from '../src/sim/metrics.ts';
import { parseScenario } from '../src/sim/scenario.ts';
import { simulate } from '../src/sim/simulator.ts';
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string): string => (args.includes(name) ? args[args.indexOf(name) + 1]! : dflt);
const file = flag('--file', 'examples/scenarios/school-strike-mci.json');
const copies = Number(flag('--copies', '40'));
const from = Number(flag('--from', '0'));
const o = { minutes: Number(flag('--minutes', '0.5')), metres: Number(flag('--metres', '40')) };
const extra = JSON.parse(flag('--variants', '{}')) as Record<string, Partial<OptimalParams>>;
const s0 = parseScenario(JSON.parse(readFileSync(file, 'utf8')));

const policies: [string, Policy][] = [
  ['optimal', makeOptimalPolicy()],
  ['optimal-v1', optimalV1Policy],
  ...Object.entries(extra).map(([name, p]): [string, Policy] => [name, makeOptimalPolicy(p)]),
];
const critical = new Map<string, number[]>(policies.map(([name]) => [name, []]));
const cpu0 = process.cpuUsage();
for (let k = from; k < from + copies; k++) {
  const s = jitterScenario(s0, k, o);
  for (const [name, p] of policies) critical.get(name)!.push(metricsOf(simulate(s, p, { seed: s.seed, trace: false })).expectedSurvivors.critical);
}
const cpu = process.cpuUsage(cpu0);
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const base = critical.get('optimal')!;
console.log(`dispatch jitter: ${s0.name}, copies ${from}…${from + copies - 1} (±${o.minutes} min, ±${o.metres} m); ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s CPU`);
console.log('policy                          critical/copy  mean ratio ± 95 %   ≥ optimal   copy 0');
for (const [name, xs] of critical) {
  const r = xs.flatMap((x, i) => (base[i]! > 1e-9 ? [x / base[i]!] : []));
  const mean = sum(r) / r.length;
  const sd = Math.sqrt(sum(r.map((x) => (x - mean) ** 2)) / Math.max(1, r.length - 1));
  const atLeast = xs.filter((x, i) => x >= base[i]! - 1e-9).length;
  const first = from === 0 ? xs[0]!.toFixed(3) : '-';
  console.log(`${name.padEnd(30)} ${(sum(xs) / xs.length).toFixed(3).padStart(14)}  ${mean.toFixed(3)} ± ${((1.96 * sd) / Math.sqrt(r.length)).toFixed(3)}  ${`${atLeast}/${xs.length}`.padStart(10)}   ${first}`);
}
