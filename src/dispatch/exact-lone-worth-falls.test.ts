// DISP-115: in DISP-104's exact plan for a lone vehicle, the vehicle's worth to the casualties still to come falls
// with the time the plan keeps it away (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateScenario } from '../sim/generate.ts';
import { metricsOf } from '../sim/metrics.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import { EXACT_ALL } from './exact-lone-forms.fixture.ts';
import type { Job, PlanView } from './types.ts';

const exact = EXACT_ALL;
const falls = { ...EXACT_ALL, exactLoneWorthFalls: true };
const s = parseScenario(generateScenario(1014, 44));
const stops = (jobs: Job[]): string[] => jobs.flatMap((j) => j.stops.map((x) => (x.kind === 'pickup' ? x.casualtyId : x.kind === 'dropoff' ? x.facilityId : 'transfer')));

test('DISP-115 generated 1014-44 at 21.1: c1 (RPM 11) to the near stabilising stop r1-2, not the far r2-0, while critical casualties may still come', () => {
  // One unmanned vehicle (ambulance-0), horizon 480. Whatever the trip, the exact plan valued the ambulance after it at the same worth to
  // the casualties still to come; on the exact plan c3 (RPM 5), reported at 80.4, finds the ambulance on a trip to r3-0
  // with c2 and c1 (critical survivors on seed +0: 1.300 against 2.509).
  let seen: PlanView | null = null;
  const first = makeOptimalPolicy(falls);
  const run = simulate(s, { ...first, plan: (v: PlanView): Job[] => ((seen ??= Math.abs(v.now - 21.1) < 0.05 ? v : null), first.plan(v)) }, { seed: s.seed, trace: false });
  assert.ok(seen, 'no round at 21.1');
  const view: PlanView = seen;
  assert.deepEqual(stops(makeOptimalPolicy(exact).plan(view)), ['c1', 'r2-0']);
  assert.deepEqual(stops(makeOptimalPolicy(falls).plan(view)), ['c1', 'r1-2']);
  const withFalls = metricsOf(run).expectedSurvivors.critical;
  const without = metricsOf(simulate(s, makeOptimalPolicy(exact), { seed: s.seed, trace: false })).expectedSurvivors.critical;
  assert.ok(withFalls > without + 1, `${withFalls} against ${without}`);
});
