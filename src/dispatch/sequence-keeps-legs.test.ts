// DISP-78: a vehicle on its way whose first trip in DISP-19's best sequence the round would not send (a re-plan to a
// minor casualty outside its leg) is searched again carrying on its leg, the rest of the fleet free, docs/dispatch.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { fleetScenario } from './clairvoyant.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';

// Small instance `fleet` 10053: two armoured cars at r2-1, v1 (27 km/h) and v2 (38 km/h). At 20.1 v2 is sent for c6
// (RPM 7, 30 km); at 30.8 c5 (RPM 10, 42 km) is reported. The best sequence swaps them (v2, faster, to c5; v1 to c6),
// which the round refuses (a re-plan to a minor casualty), and v1's trip with it (c6 is still v2's): v1 stayed at its
// base until 109.0. The exact optimum fetches c5 (0.716); optimal got 0.422, the run 0.886 of 1.135.
test('DISP-78 a sequence whose re-plan the round refuses is searched again with the leg kept, and the free vehicle goes', () => {
  const scenario = parseScenario(fleetScenario(10053, { casualties: 8 }));
  const run = (sequenceKeepsLegs: boolean) => simulate(scenario, makeOptimalPolicy({ sequenceKeepsLegs }), { seed: scenario.seed, trace: true });
  const on = run(true);
  const off = run(false);
  const sentFor = (r: typeof on, id: string) => r.trace.find((e) => e.event === 'dispatch' && e.casualty === id);
  assert.equal(sentFor(on, 'c5')?.vehicle, 'v1');
  assert.ok(Math.abs(sentFor(on, 'c5')!.t - 30.8) < 0.1, `c5 sent for at ${sentFor(on, 'c5')!.t}`);
  assert.ok(sentFor(off, 'c5')!.t > 100, `without the rule c5 is sent for at ${sentFor(off, 'c5')!.t}`);
  // v2 carries on to c6 (no re-plan).
  assert.equal(on.trace.filter((e) => e.event === 'dispatch' && e.vehicle === 'v2').length, 1);
  const total = (r: typeof on) => r.casualties.reduce((a, c) => a + c.survival, 0);
  assert.ok(total(on) > total(off) + 0.15, `${total(on)} vs ${total(off)}`);
});
