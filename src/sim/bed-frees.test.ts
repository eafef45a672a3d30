// DISP-76: DISP-19's search gives beds back when they free (the view's `bedsFreeAt`), so a trip to a stop full now but
// with a bed free by then waits for it (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy, priorityPolicy } from '../dispatch/index.ts';
import type { Job, Policy } from '../dispatch/index.ts';
import { generateScenario } from './generate.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

test('DISP-76 a stop whose bed frees when the casualty brought to it is dropped is waited for, not given up for a rear facility (generated 1000-21)', () => {
  // Three ambulances, no threats, listed casualties only (the same on every seed). r1-0 has two beds; at 64.7 one is
  // promised to ambulance-0 bringing c1 (RPM 12, who leaves it at the dropoff at 85.0, SIM-3). Shown only as full, the
  // search sent ambulance-1 with c5 (RPM 10) to the last bed, then at 65.8 re-planned it with c3 to the rear r2-2, far
  // from the front for good: c7 (RPM 7, reported at 315.6 near r1-0) got 0.277. With the bed's freeing shown, at 85.0
  // ambulance-0 takes c3 and ambulance-1 c5 to r1-0, and c7 gets 0.441.
  const s = parseScenario(generateScenario(1000, 21));
  const run = (mode: 'off' | 'later') => {
    const jobs: { t: number; job: Job }[] = [];
    const base = makeOptimalPolicy({ bedFrees: mode });
    const watching: Policy = { ...base, plan(view) {
      const out = base.plan(view);
      for (const job of out) jobs.push({ t: view.now, job });
      return out;
    } };
    const r = simulate(s, watching, { seed: s.seed });
    const c7 = r.casualties.find((c) => c.id === 'c7')!;
    return { jobs, c7: c7.survival, critical: metricsOf(r).expectedSurvivors.critical };
  };
  const toR1 = (j: { t: number; job: Job }, v: string, c: string): boolean => j.job.vehicleId === v && j.job.stops.some((st) => st.kind === 'pickup' && st.casualtyId === c) && j.job.stops.some((st) => st.kind === 'dropoff' && st.facilityId === 'r1-0');
  const before = run('off');
  const now = run('later');
  assert.ok(before.c7 < 0.3 && !before.jobs.some((j) => toR1(j, 'ambulance-0', 'c3')), `without the rule c3 goes to the rear and c7 comes late (${before.c7.toFixed(3)})`);
  assert.ok(now.jobs.some((j) => Math.abs(j.t - 85) < 0.1 && toR1(j, 'ambulance-0', 'c3')), 'with it ambulance-0 takes c3 to the bed c1 left at r1-0');
  const priority = metricsOf(simulate(s, priorityPolicy, { seed: s.seed })).expectedSurvivors.critical;
  assert.ok(now.c7 > 0.4 && now.critical > priority, `c7 ${now.c7.toFixed(3)}; critical ${before.critical.toFixed(3)} → ${now.critical.toFixed(3)} (priority ${priority.toFixed(3)})`);
});
