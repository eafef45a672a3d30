// DISP-83: in a small fleet a vehicle whose job of the round starts with its own next pickup carries on and is offered
// DISP-23's extension, docs/dispatch.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { fleetScenario } from './clairvoyant.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import { firstAt, onLegOf, survivalOf, totalSurvival } from '../sim/trace-facts.ts';
import { ONE_STEP } from './exact-lone-forms.fixture.ts';

// The scene was built before SIM-19: with DISP-95 (on since session 23) a vehicle with casualties aboard fetches
// on its way and the legs this rule acts on part, so the rule is shown with DISP-95 off.

// Small instance `threat1` 10086: one car, one zone. At 5.8 it is sent for c4 (RPM 9, 17.7 km); at 12.1 c7 (RPM 9,
// 26 km) is reported. Each round's one-step job for the car is "c4, then c7" from its last stop: it starts with the car's
// own next pickup, so it is dropped as carrying on — and it made the car count as busy, so `addToLeg` never offered c7
// to the leg under way. c7 then waited for a trip of its own after c4's and settled (0.052). The optimum fetches c4 and
// c7 on one leg.
test('DISP-83 a vehicle whose job starts with its own next pickup may still chain a critical casualty onto its leg', () => {
  // DISP-86 (`ownLegGrown`) sends the same grown job as an extension by another road: off here, so DISP-83 is seen alone.
  const scenario = parseScenario(fleetScenario(10086, { casualties: 8, threats: true, vehicles: 1 }));
  const run = (chainOwnLeg: 'off' | 'critical') => simulate(scenario, makeOptimalPolicy({ ...ONE_STEP, addAboard: 'off', chainOwnLeg, ownLegGrown: false }), { seed: scenario.seed, trace: true });
  const on = run('critical');
  const off = run('off');
  // On: c7 is picked up on c4's leg (before c4 is dropped off); off, only after it.
  assert.ok(onLegOf(on, 'c7', 'c4'), `on: c7 picked up at ${firstAt(on, 'pickup', 'c7')}, c4 dropped at ${firstAt(on, 'dropoff', 'c4')}`);
  assert.ok(!onLegOf(off, 'c7', 'c4'), "off: c7 is not on c4's leg");
  assert.ok(survivalOf(on, 'c7') > survivalOf(off, 'c7') + 0.3, `c7 ${survivalOf(on, 'c7')} vs ${survivalOf(off, 'c7')}`);
  assert.ok(totalSurvival(on) > totalSurvival(off) + 0.2, `${totalSurvival(on)} vs ${totalSurvival(off)}`);
});
