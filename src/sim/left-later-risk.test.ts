// DISP-57: what a divert's left casualties lose is priced through the zones active when the vehicle is free again
// (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import { generateScenario } from './generate.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

test('DISP-57 a vehicle fetching a casualty onward from a stabilising stop is not re-planned when it could come back only through a zone (generated 994-166)', () => {
  // Five unmanned and crewed vehicles; a zone over the roads from minute 132 to 305. c1 (RPM 9) waits at r1-1 for
  // ambulance-3. At minute 79.4 c21 (RPM 7) is reported: DISP-16's check priced c1's wait until ambulance-3 is free
  // again (minute 189) by c1's clock alone (0.12 < c21's 0.156), and the divert went; at 189 every road to r2-1 crossed
  // the zone, so c1 waited at r1-1 until minute 380.
  const s = parseScenario(generateScenario(994, 166));
  const run = (on: boolean, k: number) => simulate(s, makeOptimalPolicy({ leftLaterRisk: on }), { seed: s.seed + k });
  const now = run(true, 1);
  const before = run(false, 1);
  const at = (r: typeof now, event: string, id: string) => r.trace.find((e) => e.event === event && e.casualty === id);
  // c1's onward pickup at r1-1 (drone-4 brought it there).
  const onward = (r: typeof now) => r.trace.findLast((e) => e.event === 'pickup' && e.casualty === 'c1')!;
  assert.ok(at(before, 'dispatch', 'c21')!.t < 80 && at(before, 'dispatch', 'c21')!.vehicle === 'ambulance-3', 'without the rule ambulance-3 is re-planned to c21');
  assert.ok(onward(before).t > 305, `without it c1 is fetched after the zone closes (${onward(before).t})`);
  assert.equal(onward(now).vehicle, 'ambulance-3');
  assert.ok(onward(now).t < 132, `with it ambulance-3 fetches c1 before the zone opens (${onward(now).t})`);
  const critical = (on: boolean): number => [0, 1, 2].reduce((a, k) => a + metricsOf(run(on, k)).expectedSurvivors.critical, 0) / 3;
  const [on, off] = [critical(true), critical(false)];
  assert.ok(on > off + 0.1, `${on} vs ${off} without DISP-57`);
});
