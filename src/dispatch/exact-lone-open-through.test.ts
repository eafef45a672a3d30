// DISP-131: the exact lone plan runs where every facility with windows has one open from now past the horizon
// (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateScenario } from '../sim/generate.ts';
import { metricsOf } from '../sim/metrics.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import type { Job, PlanView } from './types.ts';

test('DISP-131 held-out 1024-22 seed 0 at 135.6: r2-0 open 107.3 to past the horizon, the exact plan takes c8 and c1 to the R2', () => {
  // One ambulance, threat pockets; r2-0's only window is [107.3, 1e6]. With any window the exact plan was skipped and
  // the one-step plan left c8 (RPM 8) and c1 (RPM 9) at the R1 stop r1-1, priced with the lone vehicle as their onward
  // leg (DISP-118); both settled at the floor.
  const s = parseScenario(generateScenario(1024, 22));
  let seen: PlanView | null = null;
  // As found: before DISP-132, which now keeps the one-step plan off the stop here by itself (below), and before
  // DISP-150 (session 46), with which neither the stop nor DISP-132's lift arises on this seed: pinned off throughout.
  const pin = { addOwnPlaces: 'off' } as const;
  const off = makeOptimalPolicy({ ...pin, exactLoneOpenThrough: false, onwardAtDeparture: 'off' });
  const run = (p: ReturnType<typeof makeOptimalPolicy>) => metricsOf(simulate(s, p, { seed: s.seed, trace: false })).expectedSurvivors.critical;
  const before = run({ ...off, plan: (v: PlanView): Job[] => ((seen ??= Math.abs(v.now - 135.6) < 0.05 ? v : null), off.plan(v)) });
  assert.ok(seen, 'no round at 135.6');
  const view: PlanView = seen;
  assert.equal(view.vehicles.length, 1);
  const r2 = view.facilities.find((f) => f.id === 'r2-0')!;
  assert.ok(r2.open && r2.open.some(([a, b]) => a <= view.now && b >= view.horizonMin), 'r2-0 open through the horizon');
  const stops = (jobs: Job[]): string[] => jobs.flatMap((j) => j.stops.map((x) => (x.kind === 'pickup' ? x.casualtyId : x.kind === 'dropoff' ? `->${x.facilityId}` : 'transfer')));
  assert.deepEqual(stops(off.plan(view)), ['c8', 'c1', '->r1-1'], 'without the rule: the one-step plan, to the R1 stop');
  const jobs = makeOptimalPolicy({ ...pin, exactLoneOpenThrough: true }).plan(view);
  assert.deepEqual(stops(jobs), ['c8', 'c1', '->r2-0']);
  assert.match(jobs[0]!.reason ?? '', /DISP-104/);
  const after = run(makeOptimalPolicy({ ...pin, exactLoneOpenThrough: true, onwardAtDeparture: 'off' }));
  assert.ok(after > before + 0.5, `critical survivors ${before.toFixed(3)} → ${after.toFixed(3)}`);
  // DISP-132 alone lifts this run too: the stop's onward leg leaves after a pocket on its way has opened.
  const onward = run(makeOptimalPolicy({ ...pin, exactLoneOpenThrough: false }));
  assert.ok(onward > before + 0.3, `critical survivors ${before.toFixed(3)} → ${onward.toFixed(3)} with DISP-132`);
});
