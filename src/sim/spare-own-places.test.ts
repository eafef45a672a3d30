// DISP-75: DISP-53's check of a minor casualty added to a leg under way values the leg as it is with its own surgical
// places given back (DISP-48's double count, removed there only) (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import type { Job, Policy } from '../dispatch/index.ts';
import { generateScenario } from './generate.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';
import { ONE_STEP } from '../dispatch/exact-lone-forms.fixture.ts';

test('DISP-75 a minor casualty is not added to a leg to critical ones that its own table place made look slower (generated 999-193)', () => {
  // One ambulance; r2-2, the nearest R2, has one table. At 21.8 ambulance-0, on its way to c1 (RPM 7) for r2-2, had c4
  // (RPM 6) added; at 27.2 the round's divert to c5 (RPM 12) became the extension c1, c4, c5 to the far r2-0, which
  // DISP-53 let pass because c1 on the leg as it is was valued queued behind its own place at r2-2 (0.165 against 0.192).
  const s = parseScenario(generateScenario(999, 193));
  const run = (on: boolean) => {
    const legs: Job[] = [];
    // DISP-47 off as when it was built: since session 32 it is on, and with it c5 is not added with or without this rule.
    const base = makeOptimalPolicy({ ...ONE_STEP, spareOwnPlaces: on, groupQueue: 'none' });
    const watching: Policy = { ...base, plan(view) {
      const jobs = base.plan(view);
      for (const job of jobs) if (job.vehicleId === 'ambulance-0' && job.stops.some((st) => st.kind === 'pickup' && st.casualtyId === 'c5')) legs.push(job);
      return jobs;
    } };
    const r = simulate(s, watching, { seed: s.seed });
    const c1 = r.casualties.find((c) => c.id === 'c1')!;
    return { legs, c1: c1.survival, critical: metricsOf(r).expectedSurvivors.critical };
  };
  const before = run(false);
  const now = run(true);
  const toFar = (j: Job): boolean => j.stops.some((st) => st.kind === 'pickup' && st.casualtyId === 'c1') && j.stops.some((st) => st.kind === 'dropoff' && st.facilityId === 'r2-0');
  assert.ok(before.legs.some(toFar) && before.c1 < 0.21, `without the rule c5 is added and the leg goes to r2-0 (c1 ${before.c1.toFixed(3)})`);
  assert.ok(!now.legs.some(toFar) && now.c1 > 0.25 && now.critical > before.critical + 0.3, `with it the leg stays for r2-2 (c1 ${now.c1.toFixed(3)}; critical ${before.critical.toFixed(3)} → ${now.critical.toFixed(3)})`);
});
