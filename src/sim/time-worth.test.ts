// DISP-63: where the search keeps the one-step jobs, a small fleet's vehicle time is priced by the casualties to come.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smallScenario } from '../dispatch/clairvoyant.ts';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';
import { ONE_STEP } from '../dispatch/exact-lone-forms.fixture.ts';

test('DISP-63 the one ambulance is not taken away for a trip that adds little while casualties keep coming (small `one` 9820)', () => {
  // One ambulance. At minute 5.7 c1 (RPM 5, 33 km out) is reported: the trip adds 0.03 over leaving it and takes the
  // ambulance away for an hour and a half; c4 (RPM 10, 10 km) comes at 7.2 and c8 (RPM 9) at 43.6 and wait for it.
  // The exact optimum never fetches c1.
  const s = parseScenario(smallScenario(9820, 8));
  const run = (on: boolean) => simulate(s, makeOptimalPolicy({ ...ONE_STEP, timeWorth: on ? 'all' : 'off' }), { seed: s.seed });
  const firstTo = (r: ReturnType<typeof run>) => r.trace.find((e) => e.event === 'dispatch')?.casualty;
  const [off, on] = [run(false), run(true)];
  assert.equal(firstTo(off), 'c1', 'without the rule the ambulance goes to c1 first');
  assert.equal(firstTo(on), 'c4', 'with it the ambulance is kept and goes to c4');
  const [a, b] = [metricsOf(on).expectedSurvivors.all, metricsOf(off).expectedSurvivors.all];
  assert.ok(a > b + 0.3, `${a} vs ${b} without DISP-63`);
});
