// DISP-151 (measured, not adopted; docs/dispatch.md): DISP-150's charge also where DISP-23 weighs a divert or an
// extension against carrying on. Shown where it moves a run of the dev families most (1012-42, up on every seed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateScenario } from '../sim/generate.ts';
import { metricsOf } from '../sim/metrics.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import type { Policy } from './index.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import type { Job } from './types.ts';

test('DISP-151 generated 1012-42 (24 vehicles): helicopter-23 on its way to c11 is not sent on to another facility with c16 and c9 at 110.2', () => {
  const s = parseScenario(generateScenario(1012, 42));
  const run = (divertOwnPlaces: boolean) => {
    const base = makeOptimalPolicy({ divertOwnPlaces });
    const jobs: Job[] = [];
    const watching: Policy = { ...base, plan(view) {
      const planned = base.plan(view);
      if (Math.abs(view.now - 110.2) < 0.05) jobs.push(...planned.filter((j) => j.vehicleId === 'helicopter-23'));
      return planned;
    } };
    const r = simulate(s, watching, { seed: s.seed });
    return { jobs, critical: metricsOf(r).expectedSurvivors.critical };
  };
  const off = run(false);
  const on = run(true);
  const extended = (jobs: Job[]) => jobs.some((j) => /carries on to c11, then fetches c16, c9/.test(j.reason ?? ''));
  assert.ok(extended(off.jobs), off.jobs.map((j) => j.reason).join(' | '));
  assert.ok(!extended(on.jobs), on.jobs.map((j) => j.reason).join(' | '));
  assert.ok(on.critical > off.critical + 0.3, `${on.critical} against ${off.critical}`);
});
