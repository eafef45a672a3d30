// DISP-130 (measured, off): the exact lone plan keeps the casualties past saving as stops round a zone (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { fleetScenario, runSeed } from './clairvoyant.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import { survivalAt, survivalLimit } from './survival.ts';
import type { Job, PlanView } from './types.ts';

// Small instance `threat1` 9417 (one civilian car, two zones over the forward area; DISP-38's scene) at 333.9: the car is
// free at r2-0, c4 (RPM 12) waits beyond a zone, c7 (RPM 8) lies on the way and is past saving, as are c3 and c6.
// Without the rule the exact solve leaves c3, c6, c7 out and its trip is c4 alone (DISP-97 then adds c7 on the way
// back); with it the solve itself goes through c7's place, as DISP-17's optimum does.
test('DISP-130 threat1 9417 at 333.9: the exact lone plan passes through a casualty past saving round the zone', () => {
  const s = parseScenario(fleetScenario(9417, { casualties: 8, threats: true, vehicles: 1 }));
  let seen: PlanView | null = null;
  const first = makeOptimalPolicy();
  simulate(s, { ...first, plan: (v: PlanView): Job[] => ((seen ??= Math.abs(v.now - 333.9) < 0.05 ? v : null), first.plan(v)) }, { seed: runSeed(s.seed, 0), trace: false });
  assert.ok(seen, 'no round at 333.9');
  const view: PlanView = seen;
  const past = view.casualties.filter((c) => survivalAt(c.rpm0, c.tau, view.model) - survivalLimit(c.rpm0, view.model) <= 1e-6).map((c) => c.id);
  assert.deepEqual(past, ['c3', 'c6', 'c7']);
  const pickups = (jobs: Job[]): string[] => jobs.flatMap((j) => j.stops.flatMap((x) => (x.kind === 'pickup' ? [x.casualtyId] : [])));
  assert.deepEqual(pickups(makeOptimalPolicy({ exactLoneWaypoints: false, exactLoneMinorBound: false }).plan(view)), ['c4'], 'without the rule: c4 alone');
  // DISP-133: c4's straight trip loses the car more likely than not, so without the way round the car is held.
  assert.deepEqual(pickups(makeOptimalPolicy({ exactLoneWaypoints: false }).plan(view)), [], 'without the rule, under DISP-133: held');
  for (const bound of [false, true]) assert.deepEqual(pickups(makeOptimalPolicy({ exactLoneWaypoints: true, exactLoneMinorBound: bound }).plan(view)), ['c4', 'c7']);
});
