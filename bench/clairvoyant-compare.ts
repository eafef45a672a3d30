// `node bench/clairvoyant-compare.ts FAMILY SEED [--seeds R] [--trace S] [--off t1,t2] [--on t1,t2=value] [--measure critical]`: one small instance of the
// exact yardstick (DISP-17) side by side — the optimum's schedule and `optimal`'s — to find out why optimal falls
// short. Prints the casualties (report time, RPM, litter, distance from the first vehicle's base, threat km on the
// straight way there), the optimum's trips with their times (its no-hit trace) and each casualty's expected survival
// under it (mean over sampled hits), then optimal's and hindsight's per-casualty mean over R seeds, and the jobs
// optimal asked for on seed S with their reasons (the trace of that seed, vehicle losses included).
// `--measure critical` (DISP-130's session): the optimum of expected critical survivors (RPM ≤ 9; as
// `dispatch-clairvoyant.ts --measure critical`) and the totals in that measure; per casualty as before.
import { haversineKm } from '../src/core/index.ts';
import { clairvoyantOptimum, fleetScenario, runSeed, smallScenario, traceOfOptimum } from '../src/dispatch/clairvoyant.ts';
import { hindsightPolicy, makeOptimalPolicy } from '../src/dispatch/index.ts';
import type { Job, PlanView, Policy } from '../src/dispatch/index.ts';
import { survivalLimit } from '../src/dispatch/survival.ts';
import { parseScenario } from '../src/sim/scenario.ts';
import { simulate } from '../src/sim/simulator.ts';
import { instanceOf } from '../src/sim/small.ts';
import { switchedParams } from './optimal-switches.ts';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string): string => (args.includes(name) ? args[args.indexOf(name) + 1]! : dflt);
const family = args[0] ?? 'threat1';
const seed = Number(args[1] ?? '9401');
const seeds = Number(flag('--seeds', '20'));
const traced = Number(flag('--trace', '0'));
const off = args.includes('--off') ? flag('--off', '').split(',') : [];
const on = args.includes('--on') ? flag('--on', '').split(',') : [];
const k = Number(flag('--casualties', '8'));

const MAKE: Record<string, (s: number) => Record<string, unknown>> = {
  one: (s) => smallScenario(s, k),
  fleet: (s) => fleetScenario(s, { casualties: k }),
  threat1: (s) => fleetScenario(s, { casualties: k, threats: true, vehicles: 1 }),
  threat: (s) => fleetScenario(s, { casualties: k, threats: true }),
};
const raw = MAKE[family]!(seed);
const inst = instanceOf(raw);
const scenario = parseScenario(raw);
const critical = flag('--measure', 'all') === 'critical';
const weightOf = (rpm: number): number => (critical && rpm > 9 ? 0 : 1);
const opt = clairvoyantOptimum(inst, critical ? inst.casualties.map((c) => weightOf(c.rpm)) : undefined);
const f3 = (x: number): string => x.toFixed(3);

console.log(`${family}-${seed}: ${inst.vehicles.map((v) => `${v.id} ${v.protection} ${v.speedKmh} km/h L${v.litter}S${v.seated}`).join('; ')}`);
console.log(`facilities: ${inst.facilities.map((f) => `${f.id}${f.surgical ? ` T${f.tables}` : ''} ${f3(haversineKm(inst.vehicles[0]!.pos, f.pos))} km`).join('; ')}`);
for (const t of inst.threats) console.log(`zone ${t.id} from ${t.fromMin} loss/km ${JSON.stringify(t.lossPerKm)}`);
console.log(`optimum ${f3(opt.value)}${opt.exact ? '' : ' (bound)'}${critical ? ' (critical survivors)' : ''}`);

// The optimum's per-casualty expectation: its trace with sampled hits, averaged.
const draws = inst.threats.length > 0 ? 400 : 1;
const optSurv = new Map<string, number>();
let u = 12345;
const draw = (): number => ((u = (u * 1103515245 + 12345) % 2147483648), u / 2147483648);
for (let d = 0; d < draws; d++) {
  for (const e of traceOfOptimum(inst, opt, inst.threats.length > 0 ? draw : null)) {
    if (e['event'] === 'outcome') optSurv.set(e['casualty'] as string, (optSurv.get(e['casualty'] as string) ?? 0) + (e['survival'] as number) / draws);
  }
}

const policy = makeOptimalPolicy(switchedParams(off, on));
const perCasualty = (pol: Policy, reveal: boolean): { mean: Map<string, number>; total: number; lost: number } => {
  const mean = new Map<string, number>();
  let total = 0;
  let lost = 0;
  for (let s = 0; s < seeds; s++) {
    const r = simulate(scenario, pol, { seed: runSeed(scenario.seed, s), trace: false, revealFuture: reveal });
    for (const c of r.casualties) mean.set(c.id, (mean.get(c.id) ?? 0) + c.survival / seeds);
    total += r.casualties.reduce((a, c) => a + weightOf(c.rpm) * c.survival, 0) / seeds;
    lost += r.vehicles.filter((v) => v.lostAt !== null).length / seeds;
  }
  return { mean, total, lost };
};
const o = perCasualty(policy, false);
const h = perCasualty(hindsightPolicy, true);
console.log(`optimal ${f3(o.total)} (${f3(o.total / opt.value)}; vehicles lost ${o.lost.toFixed(2)})  hindsight ${f3(h.total)} (${f3(h.total / opt.value)}; lost ${h.lost.toFixed(2)})`);

const base = inst.vehicles[0]!.pos;
console.log('\n id   at     rpm  L  km    limit  optimum  optimal  hindsight');
for (const c of inst.casualties) {
  console.log(` ${c.id.padEnd(4)} ${c.atMin.toFixed(1).padStart(5)}  ${String(c.rpm).padStart(3)}  ${c.litter ? 'L' : 'S'}  ${haversineKm(base, c.pos).toFixed(1).padStart(4)}  ${f3(survivalLimit(c.rpm, inst.model))}  ${f3(optSurv.get(c.id) ?? 0)}    ${f3(o.mean.get(c.id) ?? 0)}    ${f3(h.mean.get(c.id) ?? 0)}`);
}

console.log('\noptimum schedule (no-hit trace):');
for (const e of traceOfOptimum(inst, opt, null)) {
  if (e['event'] === 'casualty' || e['event'] === 'outcome') continue;
  console.log(`  ${(e['t'] as number).toFixed(1).padStart(6)} ${String(e['event']).padEnd(9)} ${e['vehicle'] ?? ''} ${e['casualty'] ?? ''} ${e['facility'] ?? ''}`);
}

// Optimal's jobs on one seed, with their reasons, and its trace.
const jobs: { now: number; job: Job }[] = [];
const logging: Policy = {
  ...policy,
  plan(view: PlanView): Job[] {
    const out = policy.plan(view);
    for (const job of out) jobs.push({ now: view.now, job });
    return out;
  },
};
const r = simulate(scenario, logging, { seed: runSeed(scenario.seed, traced), trace: true });
console.log(`\noptimal, seed ${runSeed(scenario.seed, traced)}: total ${f3(r.casualties.reduce((a, c) => a + c.survival, 0))}`);
let next = 0;
for (const e of r.trace) {
  while (next < jobs.length && jobs[next]!.now <= e.t) {
    const j = jobs[next++]!;
    console.log(`  ${j.now.toFixed(1).padStart(6)} JOB       ${j.job.vehicleId} ${j.job.stops.map((s) => (s.kind === 'pickup' ? s.casualtyId : `>${'facilityId' in s ? s.facilityId : s.kind}`)).join(' ')} — ${j.job.reason ?? ''}`);
  }
  if (e.event === 'casualty' || e.event === 'outcome' || e.event === 'dispatch') {
    if (e.event === 'casualty') console.log(`  ${e.t.toFixed(1).padStart(6)} report    ${e.casualty}`);
    continue;
  }
  console.log(`  ${e.t.toFixed(1).padStart(6)} ${e.event.padEnd(9)} ${e.vehicle ?? ''} ${e.casualty ?? ''} ${e.facility ?? ''}`);
}
