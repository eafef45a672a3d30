// DISP-87: an extension DISP-83 offers is charged the minutes it adds at DISP-63's price, docs/dispatch.md.
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

// Small instance `threat1` 10126: one car. At 3.3 it is sent for c2 (RPM 9); c8 (RPM 11) and c1 (RPM 12) are reported
// by 12.0 and wait for it. At 28.1 c3 (RPM 5, little to gain: its alternative is the untreated floor) is reported near
// the leg, and DISP-83 chained it onto c2's leg ("adds 0.033"), 12 minutes longer while the three waited: the optimum
// leaves c3 to the end. Charged those minutes, the chain is not sent and the car comes back for c8 and c1 sooner.
test('DISP-87 a chained extension that adds little is charged the minutes it keeps the one car away', () => {
  const scenario = parseScenario(fleetScenario(10126, { casualties: 8, threats: true, vehicles: 1 }));
  const run = (chainTime: boolean) => simulate(scenario, makeOptimalPolicy({ ...ONE_STEP, addAboard: 'off', chainTime: chainTime ? 0.5 : 0 }), { seed: scenario.seed, trace: true });
  const on = run(true);
  const off = run(false);
  assert.ok(onLegOf(off, 'c3', 'c2'), "off: c3 is chained onto c2's leg");
  assert.ok(!onLegOf(on, 'c3', 'c2'), `on: c3 picked up at ${firstAt(on, 'pickup', 'c3')}, not on c2's leg`);
  assert.ok(survivalOf(on, 'c8') > survivalOf(off, 'c8'), `c8 ${survivalOf(on, 'c8')} vs ${survivalOf(off, 'c8')}`);
  assert.ok(totalSurvival(on) > totalSurvival(off) + 0.2, `${totalSurvival(on)} vs ${totalSurvival(off)}`);
});

// DISP-83's own case (`threat1` 10086: c7, RPM 9, chained onto c4's leg, +0.6) is kept: its extension adds far more.
test('DISP-87 keeps a chain that adds more than its minutes cost', () => {
  const scenario = parseScenario(fleetScenario(10086, { casualties: 8, threats: true, vehicles: 1 }));
  const r = simulate(scenario, makeOptimalPolicy({ ...ONE_STEP, addAboard: 'off', chainTime: 0.5, ownLegGrown: false }), { seed: scenario.seed, trace: true });
  assert.ok(onLegOf(r, 'c7', 'c4'), `c7 picked up at ${firstAt(r, 'pickup', 'c7')}, c4 dropped at ${firstAt(r, 'dropoff', 'c4')}`);
});
