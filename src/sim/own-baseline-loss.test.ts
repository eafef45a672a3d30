// DISP-71: an extension of a leg under way (DISP-23's `addToLeg`) is also charged what the waiting casualties whose
// baseline is this vehicle's own trip lose while it keeps the vehicle busy longer (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import { generateScenario } from './generate.ts';
import { metricsOf } from './metrics.ts';
import { runPolicy } from './run.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

// The scene was built before SIM-19: with DISP-95 (on since session 23) a vehicle with casualties aboard fetches
// on its way and the legs this rule acts on part, so the rule is shown with DISP-95 off.

test('DISP-71 a casualty counting on the vehicle keeps it: c7 is not added to the leg that c6 waits on (generated 996-176)', () => {
  // At 22.4 ambulance-5, on its way to c1 (RPM 10) for the R1 by the front, had c7 (RPM 6) added and went to the far
  // R2 (free at 132 instead of 61); c6 (RPM 10) beside c1, whose baseline was ambulance-5's own trip, then waited for
  // an ambulance from the rear.
  const s = parseScenario(generateScenario(996, 176));
  const run = (on: boolean) => simulate(s, makeOptimalPolicy({ addAboard: 'off', ownBaselineLoss: on }), { seed: s.seed });
  const added = (r: ReturnType<typeof run>, id: string) => r.trace.some((e) => e.event === 'dispatch' && e.addsToLeg && e.vehicle === 'ambulance-5' && e.casualty === id);
  const before = run(false);
  const now = run(true);
  assert.ok(added(before, 'c7') && !added(before, 'c6'), 'without the rule c7 is added, not c6');
  assert.ok(!added(now, 'c7') && added(now, 'c6'), 'with it c6 is added, not c7');
  const outcome = (r: ReturnType<typeof run>, id: string) => r.trace.find((e) => e.event === 'outcome' && e.casualty === id)!.survival!;
  assert.ok(outcome(now, 'c6') > outcome(before, 'c6') + 0.1, `c6: ${outcome(now, 'c6')} against ${outcome(before, 'c6')}`);
  const critical = (r: ReturnType<typeof run>): number => metricsOf(r).expectedSurvivors.critical;
  const closest = critical(runPolicy(s, 'closest', s.seed, false));
  assert.ok(critical(before) < closest && critical(now) > closest, `${critical(before)} → ${critical(now)} against closest's ${closest}`);
});
