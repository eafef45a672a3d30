// DISP-45: where DISP-34's search re-plans a vehicle on its way to a minor casualty, carrying on and adding the
// search's trip after the leg's pickups (SIM-15) is weighed against it, docs/dispatch.md.
// Its scenes show their own rule with DISP-110 (`loneRiskFromHere`, on since session 28) off: with it a lone vehicle's
// re-plan is priced from where it is, which changes the rounds these scenes were built on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { fleetScenario } from './clairvoyant.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import { ONE_STEP } from './exact-lone-forms.fixture.ts';

// Small instance `threat1` 9461: one armoured car sent at minute 0.2 to an RPM-11 casualty (c5) 27 km out; at 47.4,
// two thirds of the way there, the search's best first trip is two RPM-11 casualties beyond it (c1, c7). DISP-34
// re-planned the car from its last stop to them and left c5. The exact optimum fetches c5, c7 and c1 on one trip.
test('DISP-45 a minor re-plan becomes the extension of the leg under way when worth as much, and more survive', () => {
  const scenario = parseScenario(fleetScenario(9461, { casualties: 8, threats: true, vehicles: 1 }));
  const runs = (minorRePlanExtends: boolean) =>
    Array.from({ length: 20 }, (_, s) => simulate(scenario, makeOptimalPolicy({ ...ONE_STEP, loneRiskFromHere: false, minorRePlanExtends }), { seed: scenario.seed + s, trace: true }));
  const on = runs(true);
  const off = runs(false);
  const picked = (r: (typeof on)[number], id: string) => r.trace.some((e) => e.event === 'pickup' && e.casualty === id);
  const added = (r: (typeof on)[number]) => r.trace.filter((e) => e.event === 'dispatch' && e.addsToLeg).map((e) => e.casualty).sort();
  // First seed: c7 and c1 are added to the leg to c5 (not a re-plan); without the rule they are not.
  assert.deepEqual(added(on[0]!), ['c1', 'c7']);
  assert.deepEqual(added(off[0]!), []);
  // c5 is picked up in the seeds where the car gets through to it; without the rule it is left.
  const c5 = (rs: typeof on) => rs.filter((r) => picked(r, 'c5')).length;
  assert.ok(c5(on) >= 10 && c5(off) < c5(on) / 2, `c5 picked up on ${c5(on)} against ${c5(off)} of 20 seeds`);
  const total = (rs: typeof on) => rs.reduce((a, r) => a + r.casualties.reduce((b, c) => b + c.survival, 0), 0) / rs.length;
  assert.ok(total(on) > total(off) + 0.3, `${total(on)} vs ${total(off)}`);
});
