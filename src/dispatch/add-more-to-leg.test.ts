// DISP-88: a leg under way that DISP-23's `addToLeg` extends may take more than one waiting casualty in the round,
// docs/dispatch.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { fleetScenario } from './clairvoyant.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import { firstAt, onLegOf, survivalOf, totalSurvival } from '../sim/trace-facts.ts';

// Small instance `threat1` 10129: one car, one zone between the casualties and the near R2. The car is on its way to
// c1 (RPM 5); c5 (RPM 11) is reported at 17.4 (DISP-53 keeps it off c1's leg alone), c7 (RPM 9) at 30.0 beside it. At
// 30.0 `addToLeg` adds c7 and sends the leg to the far R3 (the way back to the R2 from c7 crosses the zone); c5 waits
// for a trip of its own after it (no round comes before the pickups). The optimum fetches c1, c7 and c5 on one leg to
// the R2, round the zone through c5's place.
test('DISP-88 a leg under way takes a second waiting casualty after the one added in the same round', () => {
  const scenario = parseScenario(fleetScenario(10129, { casualties: 8, threats: true, vehicles: 1 }));
  // DISP-88 as built, beside DISP-53's 0.01 tolerance: at 0 (DISP-126) DISP-53 keeps c5 off c1's leg for c1's few thousandths.
  const run = (addMoreToLeg: 'small' | 'off') => simulate(scenario, makeOptimalPolicy({ addMoreToLeg, criticalDetourTolerance: 0.01 }), { seed: scenario.seed, trace: true });
  const on = run('small');
  const off = run('off');
  // On: c5 is picked up on c1's leg (before c1 is dropped off); off, only after it.
  assert.ok(onLegOf(on, 'c5', 'c1'), `on: c5 picked up at ${firstAt(on, 'pickup', 'c5')}, c1 dropped at ${firstAt(on, 'dropoff', 'c1')}`);
  assert.ok(!onLegOf(off, 'c5', 'c1'), "off: c5 is not on c1's leg");
  assert.ok(survivalOf(on, 'c5') > survivalOf(off, 'c5') + 0.3, `c5 ${survivalOf(on, 'c5')} vs ${survivalOf(off, 'c5')}`);
  assert.ok(totalSurvival(on) > totalSurvival(off) + 0.3, `${totalSurvival(on)} vs ${totalSurvival(off)}`);
});
