// `node bench/clairvoyant-variants.ts --from S --instances N [--families a,b] [--seeds R] [--variants 'a;b=v,c']`:
// `optimal` and variants of it (each `;`-separated item a comma list of `--on` terms, as in dispatch-clairvoyant.ts)
// as fractions of the exact clairvoyant optimum (DISP-17), each instance's optimum solved once and every variant run
// on it in turn (the same seeds), so a switch is compared on the same instances in one run. Prints each instance where
// a variant moves, then per family and variant: mean, count below 0.85, min (exact instances only). No checker and no
// re-check of runs above the optimum (`dispatch-clairvoyant.ts` does both). `--measure critical`: the optimum of expected
// critical survivors (RPM ≤ 9) and each variant's critical survivors as a fraction of it, as `dispatch-clairvoyant.ts`.
import { clairvoyantOptimum, runSeed } from '../src/dispatch/clairvoyant.ts';
import { makeOptimalPolicy } from '../src/dispatch/index.ts';
import type { Policy } from '../src/dispatch/index.ts';
import { metricsOf } from '../src/sim/metrics.ts';
import { parseScenario } from '../src/sim/scenario.ts';
import { simulate } from '../src/sim/simulator.ts';
import { instanceOf } from '../src/sim/small.ts';
import { fleetScenario, smallScenario } from '../src/dispatch/clairvoyant.ts';
import { switchedParams } from './optimal-switches.ts';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string): string => (args.includes(name) ? args[args.indexOf(name) + 1]! : dflt);
const from = Number(flag('--from', '10516'));
const instances = Number(flag('--instances', '40'));
const seeds = Number(flag('--seeds', '10'));
const k = Number(flag('--casualties', '8'));
const families = flag('--families', 'threat1,threat').split(',');
const critical = flag('--measure', 'all') === 'critical';
const named = flag('--variants', '').split(';').filter((s) => s.length > 0);
const variants: [string, Policy][] = [['optimal', makeOptimalPolicy()], ...named.map((v): [string, Policy] => [v, makeOptimalPolicy(switchedParams([], v.split(',')))])];
const MAKE: Record<string, (s: number) => Record<string, unknown>> = {
  one: (s) => smallScenario(s, k),
  fleet: (s) => fleetScenario(s, { casualties: k }),
  threat1: (s) => fleetScenario(s, { casualties: k, threats: true, vehicles: 1 }),
  threat: (s) => fleetScenario(s, { casualties: k, threats: true }),
};
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
for (const fam of families) {
  const fr = new Map<string, number[]>(variants.map(([n]) => [n, []]));
  for (let i = 1; i <= instances; i++) {
    const raw = MAKE[fam]!(from + i);
    const inst = instanceOf(raw);
    if (critical && !inst.casualties.some((c) => c.rpm <= 9)) continue;
    const opt = clairvoyantOptimum(inst, critical ? inst.casualties.map((c) => (c.rpm <= 9 ? 1 : 0)) : undefined);
    const scenario = parseScenario(raw);
    const runs = inst.threats.length > 0 ? seeds : 1;
    const row = variants.map(([, pol]) => mean(Array.from({ length: runs }, (_, s) => metricsOf(simulate(scenario, pol, { seed: runSeed(scenario.seed, s), trace: false })).expectedSurvivors[critical ? 'critical' : 'all'])) / opt.value);
    if (opt.exact) variants.forEach(([n], j) => fr.get(n)!.push(row[j]!));
    if (row.some((x) => Math.abs(x - row[0]!) > 1e-9)) console.log(`${fam}-${from + i}${opt.exact ? '' : ' (bound)'}: ${variants.map(([n], j) => `${n} ${row[j]!.toFixed(3)}`).join('  ')}`);
  }
  for (const [n, xs] of fr) console.log(`${fam} ${from + 1}–${from + instances} ${n}: mean ${mean(xs).toFixed(4)}, below 0.85 ${xs.filter((x) => x < 0.85).length}, min ${Math.min(...xs).toFixed(3)} (${xs.length} exact)`);
}
