// DISP-46: a divert is not charged for a casualty it leaves that another job of the same round fetches (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import type { Job, Policy } from '../dispatch/index.ts';
import { generateScenario } from './generate.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

test('DISP-46 a casualty reported beside one a car is on its way to gets a vehicle of its own at once (generated 993-54)', () => {
  // 38 vehicles. At minute 338 c9 (RPM 8) is reported near c7 (RPM 7), whom civilian-car-33 is driving to. The round's
  // assignment swapped them (another free car to c7, car-33 to c9); the divert was then charged what c7 loses waiting
  // for car-33, though the other car fetched c7, and dropped; with no vehicle for it, c9 was added to car-33's leg
  // and c7 reached the table 5 min later.
  const s = parseScenario(generateScenario(993, 54));
  const run = (on: boolean) => {
    const added: Job[] = [];
    const base = makeOptimalPolicy({ leftTaken: on });
    const watching: Policy = { ...base, plan(view) {
      const jobs = base.plan(view);
      for (const j of jobs) if (j.stops.some((x) => x.kind === 'pickup' && x.casualtyId === 'c9') && j.stops.some((x) => x.kind === 'pickup' && x.casualtyId === 'c7')) added.push(j);
      return jobs;
    } };
    return { r: simulate(s, watching, { seed: s.seed }), added };
  };
  const now = run(true);
  const before = run(false);
  const vehicleOf = (r: typeof now.r, id: string) => r.trace.find((e) => e.event === 'pickup' && e.casualty === id)?.vehicle;
  assert.ok(before.added.length > 0 && vehicleOf(before.r, 'c9') === vehicleOf(before.r, 'c7'), 'without the rule c9 is added to the leg to c7');
  assert.equal(now.added.length, 0, 'with it c9 is never added to the leg to c7');
  assert.notEqual(vehicleOf(now.r, 'c9'), vehicleOf(now.r, 'c7'));
  const dispatched = (r: typeof now.r, id: string) => r.trace.find((e) => e.event === 'dispatch' && e.casualty === id)!.t;
  assert.ok(dispatched(now.r, 'c9') < 340, `c9 dispatched at ${dispatched(now.r, 'c9')}`);
  const critical = (r: typeof now.r): number => metricsOf(r).expectedSurvivors.critical;
  assert.ok(critical(now.r) > critical(before.r) + 0.01, `${critical(now.r)} vs ${critical(before.r)} without DISP-46`);
});
