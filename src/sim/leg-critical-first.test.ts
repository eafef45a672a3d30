// DISP-53: a minor casualty is added to a leg under way to critical casualties only where it costs them nothing
// (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import type { Job, Policy } from '../dispatch/index.ts';
import { generateScenario } from './generate.ts';
import { metricsOf } from './metrics.ts';
import { runPolicy } from './run.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

test('DISP-53 an ambulance on its way to two critical casualties is not sent on a detour for a minor one (generated 994-126)', () => {
  // Three vehicles, no threats, trips of about 100 min. At minute 219.4 ambulance-0 is on its way to c1 and c3 (RPM 8);
  // the round re-plans it to c13 (RPM 10), which DISP-20 forbids, and DISP-23 turned that into an extension c1 → c3 →
  // c13: 65 min more before their surgery (0.37 → 0.16 of their expected survival by the optimiser's own numbers).
  const s = parseScenario(generateScenario(994, 126));
  const run = (on: boolean) => {
    const added: Job[] = [];
    const base = makeOptimalPolicy({ legCriticalFirst: on });
    const watching: Policy = { ...base, plan(view) {
      const jobs = base.plan(view);
      for (const j of jobs) if (j.vehicleId === 'ambulance-0' && j.stops.some((x) => x.kind === 'pickup' && x.casualtyId === 'c13') && j.stops.some((x) => x.kind === 'pickup' && x.casualtyId === 'c1')) added.push(j);
      return jobs;
    } };
    return { r: simulate(s, watching, { seed: s.seed }), added };
  };
  const now = run(true);
  const before = run(false);
  assert.ok(before.added.length > 0, 'without the rule c13 is added to the leg to c1 and c3');
  assert.equal(now.added.length, 0, 'with it c13 is never added to that leg');
  const surgery = (r: typeof now.r, id: string) => r.trace.find((e) => e.event === 'surgery' && e.casualty === id)!.t;
  for (const id of ['c1', 'c3']) assert.ok(surgery(now.r, id) < surgery(before.r, id) - 30, `${id}: surgery at ${surgery(now.r, id)} against ${surgery(before.r, id)}`);
  const critical = (r: typeof now.r): number => metricsOf(r).expectedSurvivors.critical;
  const closest = critical(runPolicy(s, 'closest', s.seed, false));
  assert.ok(critical(before.r) < closest, `without the rule ${critical(before.r)} below closest's ${closest}`);
  assert.ok(critical(now.r) > closest, `${critical(now.r)} against closest's ${closest}`);
});
