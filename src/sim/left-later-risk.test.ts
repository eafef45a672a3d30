// DISP-57: what a divert's left casualties lose is priced through the zones active when the vehicle is free again;
// DISP-59: a divert only that price drops is still weighed by DISP-23/25 (docs/dispatch.md).
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

test('DISP-59 a divert only DISP-57 drops is still weighed by DISP-25: the free ambulance fetches the casualty, not an extension (generated 991-35)', () => {
  // Eight vehicles, pockets. At minute 82.9 c5 is reported while ambulance-7 is on its way to c4. Without DISP-57 the
  // divert of ambulance-7 to c5 passed DISP-16's check and DISP-25 gave c5 to ambulance-0, free beside it. With DISP-57
  // alone the check dropped the divert (a pocket opens before ambulance-7 is free again), so DISP-25 never saw it and
  // DISP-23 added c5 to ambulance-7's leg behind c4, to a farther R2: 4.603 -> 4.400 critical survivors on every seed.
  const s = parseScenario(generateScenario(991, 35));
  const run = (carried: boolean) => simulate(s, makeOptimalPolicy({ leftLaterRisk: true, laterRiskCarryOn: carried }), { seed: s.seed });
  const c5 = (r: ReturnType<typeof run>) => r.trace.find((e) => e.event === 'dispatch' && e.casualty === 'c5')!;
  const [on, off] = [run(true), run(false)];
  assert.equal(c5(off).vehicle, 'ambulance-7', 'DISP-57 alone: c5 is added to the leg under way');
  assert.equal(c5(on).vehicle, 'ambulance-0', 'with DISP-59 the free ambulance fetches c5');
  assert.equal(c5(simulate(s, makeOptimalPolicy(), { seed: s.seed })).vehicle, 'ambulance-0', 'DISP-57 and DISP-59 are on by default');
  const critical = (r: ReturnType<typeof run>) => metricsOf(r).expectedSurvivors.critical;
  assert.ok(critical(on) > critical(off) + 0.1, `${critical(on)} vs ${critical(off)}`);
  const without = metricsOf(simulate(s, makeOptimalPolicy({ leftLaterRisk: false }), { seed: s.seed })).expectedSurvivors.critical;
  assert.ok(critical(on) >= without - 1e-9, `not below the code without DISP-57 (${without})`);
});
