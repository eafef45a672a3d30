// DISP-39: a planned job that starts with a vehicle's own next pickup and adds a critical casualty is sent as the
// extension of the leg under way (SIM-15), not dropped (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metricsOf } from '../sim/metrics.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { fleetScenario } from './clairvoyant.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import { ONE_STEP } from './exact-lone-forms.fixture.ts';

// The scene was built before SIM-19: with DISP-95 (on since session 23) a vehicle with casualties aboard fetches
// on its way and the legs this rule acts on part, so the rule is shown with DISP-95 off.

// Small instance `fleet` 9435: one civilian car driving 107 min to an RPM-10 casualty (c6); an RPM-9 one (c4) is
// reported 2.5 km from it while the car is on its way. The sequence search plans "c6, then c4" as one trip; before
// the rule that job was dropped (it starts where the car is going), the car carried on alone and came back for c4
// on a trip of its own.
test('DISP-39 the sequence trip "own pickup, then a critical casualty" is added to the leg under way and saves more', () => {
  const scenario = parseScenario(fleetScenario(9435, { casualties: 8 }));
  // DISP-83 off: with it, carrying on offers the same extension (`addToLeg`) when DISP-39 is off.
  const run = (ownLegExtension: boolean) => simulate(scenario, makeOptimalPolicy({ ...ONE_STEP, addAboard: 'off', ownLegExtension, chainOwnLeg: 'off' }), { seed: scenario.seed, trace: true });
  const on = run(true);
  const off = run(false);
  const added = (r: ReturnType<typeof run>) => r.trace.filter((e) => e.event === 'dispatch' && e.addsToLeg && e.casualty === 'c4');
  assert.equal(added(on).length, 1, 'c4 is added to the leg to c6');
  assert.equal(added(off).length, 0);
  const pick = (r: ReturnType<typeof run>, id: string) => r.trace.find((e) => e.event === 'pickup' && e.casualty === id)!.t;
  // c4 is picked up on the way back from c6, over half an hour sooner than on a trip of its own.
  assert.ok(pick(on, 'c4') < pick(on, 'c6') + 30, `${pick(on, 'c4')} vs c6 ${pick(on, 'c6')}`);
  assert.ok(pick(on, 'c4') + 30 < pick(off, 'c4'), `${pick(on, 'c4')} vs ${pick(off, 'c4')}`);
  assert.ok(metricsOf(on).expectedSurvivors.all > metricsOf(off).expectedSurvivors.all + 0.3, `${metricsOf(on).expectedSurvivors.all} vs ${metricsOf(off).expectedSurvivors.all}`);
});
