// DISP-81: a vehicle with a single trip open is not priced from that trip alone (docs/dispatch.md).
// Its scenes show their own rule with DISP-110 (`loneRiskFromHere`, on since session 28) off: with it a lone vehicle's
// re-plan is priced from where it is, which changes the rounds these scenes were built on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fleetScenario } from './clairvoyant.ts';
import { metricsOf } from '../sim/metrics.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import { ONE_STEP } from './exact-lone-forms.fixture.ts';

test('DISP-81 threat1 10117: the one car is not spent at the first report on a trip that only breaks even', () => {
  // Clairvoyant dev instance: at 4.6 the only casualty, c1 (RPM 8, 32 km out behind zone z1), is the car's one trip;
  // priced from that trip alone the car is worth what the trip earns, so the trip nets +0.002 and the car goes, and
  // is lost on every seed (0.238 of the exact optimum). With the rule it waits for c4 and c5 (reported at 54–56).
  const s = parseScenario(fleetScenario(10117, { casualties: 8, threats: true, vehicles: 1 }));
  const runs = (on: boolean) => Array.from({ length: 10 }, (_, k) => simulate(s, makeOptimalPolicy({ ...ONE_STEP, loneRiskFromHere: false, oneTripWorth: on }), { seed: s.seed + k }));
  const sentEarly = (rs: ReturnType<typeof runs>) => rs.filter((r) => r.trace.some((e) => e.event === 'dispatch' && e.t < 10)).length;
  const mean = (rs: ReturnType<typeof runs>) => rs.reduce((a, r) => a + metricsOf(r).expectedSurvivors.all, 0) / rs.length;
  const off = runs(false);
  const on = runs(true);
  assert.equal(sentEarly(off), 10);
  assert.equal(sentEarly(on), 0);
  assert.ok(mean(on) > mean(off) + 0.5, `${mean(on)} against ${mean(off)}`);
});
