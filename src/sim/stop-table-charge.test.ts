// DISP-65: a critical casualty's stabilising stop is charged the scarce-table charge as a surgical facility is (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import type { Job, Policy } from '../dispatch/index.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

// The scene was built before SIM-19: with DISP-95 (on since session 23) a vehicle with casualties aboard fetches
// on its way and the legs this rule acts on part, so the rule is shown with DISP-95 off.

test('DISP-65 an RPM-4 casualty in an MCI is not sent to the stop that dodged the table charge (school-strike-mci)', () => {
  // 34 casualties within 14 minutes, 6 ambulances and a bus, 7 tables. At minute 15.5 c10 (RPM 4, little left for
  // surgery to save, so DISP-6 charges its table most) was sent to the R1 beside the school: the stop is not a
  // surgical facility, so it carried no charge, though its onward leg ends on a table too. c10 waited at the R1 from
  // 39 to 130 and took a table at 150 (0.063) that RPM-7/8 casualties, who lose more by waiting, needed sooner. With
  // the charge at the stop too, c10's trip is priced as any other (it is later left for them: 0.052).
  const s = parseScenario(JSON.parse(readFileSync(resolve(import.meta.dirname, '../../examples/scenarios/school-strike-mci.json'), 'utf8')));
  const run = (on: boolean): { job: Job | undefined; critical: number } => {
    const base = makeOptimalPolicy({ addAboard: 'off', stopTableCharge: on });
    let job: Job | undefined;
    const watching: Policy = { ...base, plan(view) {
      const jobs = base.plan(view);
      job ??= jobs.find((j) => j.stops.some((x) => x.kind === 'pickup' && x.casualtyId === 'c10'));
      return jobs;
    } };
    const r = simulate(s, watching, { seed: s.seed, trace: false });
    return { job, critical: metricsOf(r).expectedSurvivors.critical };
  };
  const to = (j: Job | undefined): string => { const last = j?.stops[j.stops.length - 1]; return last?.kind === 'dropoff' ? last.facilityId : ''; };
  const off = run(false);
  const on = run(true);
  assert.equal(to(off.job), 'r1-a', `without the rule c10 goes to the stop: ${off.job?.reason}`);
  assert.notEqual(to(on.job), 'r1-a', `with it c10 goes to a table: ${on.job?.reason}`);
  assert.ok(on.critical > off.critical + 0.02, `critical survivors ${off.critical} -> ${on.critical}`);
});
