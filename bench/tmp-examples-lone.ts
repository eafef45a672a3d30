import { readdirSync, readFileSync } from 'node:fs';
import { makeOptimalPolicy } from '../src/dispatch/index.ts';
import type { PlanView } from '../src/dispatch/index.ts';
import { parseScenario } from '../src/sim/scenario.ts';
import { simulate } from '../src/sim/simulator.ts';
import { metricsOf } from '../src/sim/metrics.ts';
const dir = 'examples/scenarios';
const seeds = Number(process.argv[2] ?? '20');
for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
  const s = parseScenario(JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')));
  let lone = 0;
  let rounds = 0;
  const base = makeOptimalPolicy({ exactLone: true });
  const w = { ...base, plan(v: PlanView) { rounds++; if (v.vehicles.length === 1) lone++; return base.plan(v); } };
  let on = 0;
  let off = 0;
  for (let k = 0; k < seeds; k++) {
    on += metricsOf(simulate(s, w, { seed: s.seed + k, trace: false })).expectedSurvivors.critical;
    off += metricsOf(simulate(s, makeOptimalPolicy(), { seed: s.seed + k, trace: false })).expectedSurvivors.critical;
  }
  console.log(f, 'rounds', rounds, 'lone-vehicle views', lone, 'critical on', (on / seeds).toFixed(4), 'off', (off / seeds).toFixed(4));
}
