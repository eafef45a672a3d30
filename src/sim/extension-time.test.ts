// DISP-64: an extension of a leg under way (DISP-23's `addToLeg`) is charged the minutes it adds to the vehicle's
// trip, at DISP-63's price of a vehicle's time (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import { generateScenario } from './generate.ts';
import { metricsOf } from './metrics.ts';
import { runPolicy } from './run.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

test('DISP-64 the ambulance near the front is not sent to the far R2 by an extension, and is there for the next critical casualty (generated 996-176)', () => {
  // Nine ambulances, two based at the R1 near the front, the surgical R2s an hour and a half away. At minute 22.4
  // ambulance-5, on its way to c1 (RPM 10) for the R1, had c7 (RPM 6) added and took both to the far R2 (busy until
  // 132); c9 (RPM 8), reported at 34.9 beside the R1, waited for a vehicle from the rear.
  const s = parseScenario(generateScenario(996, 176));
  const run = (on: boolean) => simulate(s, makeOptimalPolicy({ extensionTime: on ? 'all' : 'off' }), { seed: s.seed });
  const now = run(true);
  const before = run(false);
  const c7Added = (r: typeof now) => r.trace.some((e) => e.event === 'dispatch' && e.addsToLeg && e.vehicle === 'ambulance-5' && e.casualty === 'c7');
  assert.ok(c7Added(before), 'without the rule c7 is added to ambulance-5\'s leg to c1');
  assert.ok(!c7Added(now), 'with it, never');
  const surgery = (r: typeof now, id: string) => r.trace.find((e) => e.event === 'surgery' && e.casualty === id)!.t;
  assert.ok(surgery(now, 'c9') < surgery(before, 'c9') - 45, `c9: surgery at ${surgery(now, 'c9')} against ${surgery(before, 'c9')}`);
  const critical = (r: typeof now): number => metricsOf(r).expectedSurvivors.critical;
  const closest = critical(runPolicy(s, 'closest', s.seed, false));
  assert.ok(critical(before) < closest, `without the rule ${critical(before)} below closest's ${closest}`);
  assert.ok(critical(now) > closest, `${critical(now)} against closest's ${closest}`);
});
