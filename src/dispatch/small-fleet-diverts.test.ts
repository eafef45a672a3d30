// DISP-79: in a small fleet (DISP-19's) a vehicle on its way to a critical casualty may be re-planned twice per leg,
// docs/dispatch.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { smallScenario } from './clairvoyant.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import { ONE_STEP } from './exact-lone-forms.fixture.ts';

// The scene was built before SIM-19: with DISP-95 (on since session 23) a vehicle with casualties aboard fetches
// on its way and the legs this rule acts on part, so the rule is shown with DISP-95 off.

// Small instance `one` 10071: one ambulance. At 38.2 it is sent for c4 (RPM 11, 37 km); at 39.0 re-planned (DISP-16)
// to c5 (RPM 6, 18 km), its one re-plan; at 54.6 c7 (RPM 7, 10.6 km from the base) is reported: the ambulance, past
// its limit, drives on to c5 and c7 waits until its survival has settled (0.052). With a second re-plan it adds c7 to
// its leg after c5 (DISP-23); the optimum fetches c7 alone first.
test('DISP-79 a small fleet keeps planning a vehicle past its one re-plan: c7 is added to its leg, and more survive', () => {
  const scenario = parseScenario(smallScenario(10071, 8));
  const run = (smallFleetDiverts: number) => simulate(scenario, makeOptimalPolicy({ ...ONE_STEP, addAboard: 'off', smallFleetDiverts }), { seed: scenario.seed, trace: true });
  const on = run(2);
  const off = run(0);
  const picked = (r: typeof on, id: string) => r.trace.find((e) => e.event === 'pickup' && e.casualty === id);
  assert.ok(picked(on, 'c7'), 'c7 is fetched');
  assert.equal(picked(off, 'c7'), undefined);
  assert.ok(picked(on, 'c7')!.t < 100, `c7 picked up at ${picked(on, 'c7')!.t}`);
  const total = (r: typeof on) => r.casualties.reduce((a, c) => a + c.survival, 0);
  assert.ok(total(on) > total(off) + 0.3, `${total(on)} vs ${total(off)}`);
});
