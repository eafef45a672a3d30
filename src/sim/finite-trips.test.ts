// DISP-58: the earnings cap (DISP-24) counts the trips a vehicle can still make at the best rate (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import { generateScenario } from './generate.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

test('DISP-58 the best trip into a zone is not left at break-even by the earnings cap (generated 994-23)', () => {
  // Five vehicles, a kill zone over the whole run. At minute 93.8 c3 (RPM 5) is reported inside it; the ambulance's
  // trip gains 0.042 over leaving it, and DISP-24 capped the ambulance's worth at that trip's gain over its loss
  // chance, so the trip's risk was exactly its gain (net 0) and it was not made; `closest` made it and saved more.
  const s = parseScenario(generateScenario(994, 23));
  const run = (on: boolean, k: number) => simulate(s, makeOptimalPolicy({ finiteTrips: on }), { seed: s.seed + k });
  const sentAt = (r: ReturnType<typeof run>) => r.trace.find((e) => e.event === 'dispatch' && e.casualty === 'c3')?.t ?? Infinity;
  assert.ok(sentAt(run(false, 0)) > 200, 'without the rule c3 is not sent for when reported');
  assert.ok(sentAt(run(true, 0)) < 94, `with it c3 is fetched at once (${sentAt(run(true, 0))})`);
  const critical = (on: boolean): number => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].reduce((a, k) => a + metricsOf(run(on, k)).expectedSurvivors.critical, 0) / 10;
  const [on, off] = [critical(true), critical(false)];
  assert.ok(on > off + 0.01, `${on} vs ${off} without DISP-58`);
});
