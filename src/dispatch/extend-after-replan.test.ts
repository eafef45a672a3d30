// DISP-44: a vehicle on its way that may no longer be re-planned (DISP-20's limit) may still have a casualty added
// to its leg (SIM-15: an extension keeps the leg and is not a re-plan), docs/dispatch.md.
// Its scenes show their own rule with DISP-110 (`loneRiskFromHere`, on since session 28) off: with it a lone vehicle's
// re-plan is priced from where it is, which changes the rounds these scenes were built on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { fleetScenario } from './clairvoyant.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import { ONE_STEP } from './exact-lone-forms.fixture.ts';

// The scene was built before SIM-19: with DISP-95 (on since session 23) a vehicle with casualties aboard fetches
// on its way and the legs this rule acts on part, so the rule is shown with DISP-95 off.

// Small instance `threat1` 9460: one civilian car; at minute 31.9 it is re-planned (its one re-plan, DISP-20) from a
// minor casualty to an RPM-7 one (c6); at 33.0 an RPM-9 casualty (c5) is reported 18 km out while the car is still on
// its way to c6. The exact optimum picks c5 up after c6 on the same trip. Before the rule the car, shown busy once
// re-planned, was offered nothing: it carried on alone.
test('DISP-44 a vehicle past its re-plan still has a critical casualty added to its leg, and more survive', () => {
  const scenario = parseScenario(fleetScenario(9460, { casualties: 8, threats: true, vehicles: 1 }));
  // DISP-20's one re-plan per leg: with DISP-79's two (a small fleet) the car is not yet past its limit at 33.0 and is
  // re-planned to c5 then c6, with the rule on or off. DISP-83 off: it changes the rounds before 33.0 (the leg to c6 is
  // reached another way).
  const runs = (extendAfterReplan: boolean) =>
    Array.from({ length: 20 }, (_, s) => simulate(scenario, makeOptimalPolicy({ ...ONE_STEP, loneRiskFromHere: false, addAboard: 'off', extendAfterReplan, smallFleetDiverts: 0, chainOwnLeg: 'off' }), { seed: scenario.seed + s, trace: true }));
  const on = runs(true);
  const off = runs(false);
  // The trace of the first seed: c5's dispatch adds to the leg to c6 (it is dispatched before the car reaches c6).
  const added = (r: (typeof on)[number]) => r.trace.filter((e) => e.event === 'dispatch' && e.addsToLeg && e.casualty === 'c5');
  assert.equal(added(on[0]!).length, 1, 'c5 is added to the leg to c6');
  assert.equal(added(off[0]!).length, 0);
  const total = (rs: typeof on) => rs.reduce((a, r) => a + r.casualties.reduce((b, c) => b + c.survival, 0), 0) / rs.length;
  assert.ok(total(on) > total(off) + 0.05, `${total(on)} vs ${total(off)}`);
});
