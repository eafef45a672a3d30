// `node bench/dispatch-exact-lone-cpu.ts [--from S] [--instances N] [--casualties K] [--families one,threat1] [--on 'a;b']`:
// a lone vehicle's re-plan CPU (DISP-104, DISP-107). Each clairvoyant instance of one vehicle is run under today's plan;
// every round's view is planned again by each variant in turn (today's, then each `--on` set, the same view, A B A B),
// and the CPU of each plan (process user + system, so less swayed by a loaded machine than wall time) is kept:
// p50 / p95 / max per variant, over the same views.
import { fleetScenario, smallScenario } from '../src/dispatch/clairvoyant.ts';
import { makeOptimalPolicy } from '../src/dispatch/index.ts';
import type { Job, PlanView } from '../src/dispatch/types.ts';
import { parseScenario } from '../src/sim/scenario.ts';
import { simulate } from '../src/sim/simulator.ts';
import { switchedParams } from './optimal-switches.ts';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string): string => (args.includes(name) ? args[args.indexOf(name) + 1]! : dflt);
const from = Number(flag('--from', '10396'));
const instances = Number(flag('--instances', '20'));
const k = Number(flag('--casualties', '12'));
const families = flag('--families', 'one,threat1').split(',');
// `--on 'exactLone;exactLone,exactLoneMinorWeight=0.1'`: each `;`-separated set is one variant beside today's plan.
const sets = flag('--on', 'exactLone').split(';');
const variants = [{ name: 'today', policy: makeOptimalPolicy() }, ...sets.map((s) => ({ name: s, policy: makeOptimalPolicy(switchedParams([], s.split(','))) }))];
const make: Record<string, (seed: number) => Record<string, unknown>> = {
  one: (s) => smallScenario(s, k),
  threat1: (s) => fleetScenario(s, { casualties: k, threats: true, vehicles: 1 }),
};

const ms: number[][] = variants.map(() => []);
for (const fam of families) {
  for (let i = from + 1; i <= from + instances; i++) {
    const s = parseScenario(make[fam]!(i));
    const today = variants[0]!.policy;
    const plan = (view: PlanView): Job[] => {
      variants.forEach((v, j) => {
        const t0 = process.cpuUsage();
        v.policy.plan(view);
        const t = process.cpuUsage(t0);
        ms[j]!.push((t.user + t.system) / 1000);
      });
      return today.plan(view);
    };
    simulate(s, { ...today, plan }, { seed: s.seed, trace: false });
  }
}
const q = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
console.log(`lone-vehicle re-plan CPU: ${families.join(', ')} ${from + 1}…${from + instances}, ${k} casualties, ${ms[0]!.length} rounds (process CPU, ms)`);
variants.forEach((v, j) => console.log(`  ${v.name.padEnd(44)} p50 ${q(ms[j]!, 0.5).toFixed(2)}  p95 ${q(ms[j]!, 0.95).toFixed(2)}  max ${Math.max(...ms[j]!).toFixed(2)}`));
