// DISP-56: a casualty whose divert DISP-16's check drops goes to a free vehicle the assignment left without a job
// (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import type { Job, Policy } from '../dispatch/index.ts';
import { generateScenario } from './generate.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

test('DISP-56 a casualty whose divert is dropped gets a free ambulance of its own, not a place on the leg (generated 994-161)', () => {
  // 29 ambulances, a front band. At minute 40.8 c3 (RPM 9) is reported; the assignment gave it to ambulance-0, on its
  // way to c2 (RPM 11), whose divert DISP-16's check then dropped (c2 would lose more than c3 gains). With no vehicle
  // for it, c3 was added to ambulance-0's leg behind c2, though 27 ambulances stood free.
  const s = parseScenario(generateScenario(994, 161));
  const run = (on: boolean, k: number) => {
    const added: Job[] = [];
    const base = makeOptimalPolicy({ droppedDivertSpare: on });
    const watching: Policy = { ...base, plan(view) {
      const jobs = base.plan(view);
      for (const j of jobs) if (j.stops.some((x) => x.kind === 'pickup' && x.casualtyId === 'c3') && j.stops.some((x) => x.kind === 'pickup' && x.casualtyId === 'c2')) added.push(j);
      return jobs;
    } };
    return { r: simulate(s, watching, { seed: s.seed + k }), added };
  };
  const now = run(true, 0);
  const before = run(false, 0);
  const pickup = (r: typeof now.r, id: string) => r.trace.find((e) => e.event === 'pickup' && e.casualty === id)!;
  assert.ok(before.added.length > 0 && pickup(before.r, 'c3').vehicle === pickup(before.r, 'c2').vehicle, 'without the rule c3 is added to the leg to c2');
  assert.equal(now.added.length, 0, 'with it c3 is never added to the leg to c2');
  const dispatched = now.r.trace.find((e) => e.event === 'dispatch' && e.casualty === 'c3')!;
  assert.ok(dispatched.t < 41 && dispatched.vehicle !== pickup(now.r, 'c2').vehicle, `c3 dispatched at ${dispatched.t} to ${dispatched.vehicle}`);
  assert.ok(pickup(now.r, 'c3').t < pickup(before.r, 'c3').t - 5, `c3 picked up at ${pickup(now.r, 'c3').t} against ${pickup(before.r, 'c3').t}`);
  // Over seeds (threat hits differ), more critical casualties survive.
  const critical = (on: boolean): number => [0, 1, 2, 3, 4].reduce((a, k) => a + metricsOf(run(on, k).r).expectedSurvivors.critical, 0) / 5;
  const [on, off] = [critical(true), critical(false)];
  assert.ok(on > off + 0.03, `${on} vs ${off} without DISP-56`);
});
