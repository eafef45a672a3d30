// DISP-114: DISP-104's exact plan for a lone vehicle, kept only where it does not trade critical survivors (RPM ≤ 9)
// for minor ones; where it does, today's plan (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fleetScenario } from './clairvoyant.ts';
import { metricsOf } from '../sim/metrics.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import { EXACT_ALL, ONE_STEP } from './exact-lone-forms.fixture.ts';
import type { OptimalParams } from './optimal/params.ts';
import type { Job, PlanView } from './types.ts';

const exact = EXACT_ALL;
const guarded = { ...EXACT_ALL, exactLoneGuard: 0.01 };
const fleet = (id: number) => parseScenario(fleetScenario(id, { casualties: 8 }));
const survivors = (s: ReturnType<typeof fleet>, p: Partial<OptimalParams>) => metricsOf(simulate(s, makeOptimalPolicy(p), { seed: s.seed, trace: false })).expectedSurvivors;
const pickups = (jobs: Job[]): string[] => jobs.flatMap((j) => j.stops.flatMap((x) => (x.kind === 'pickup' ? [x.casualtyId] : [])));

test('DISP-114 clairvoyant fleet-10784 at 19.5: the exact plan trades c2 (RPM 8) for c3 (RPM 10); guarded, the car carries on to c2', () => {
  const s = fleet(10784);
  let seen: PlanView | null = null;
  const first = makeOptimalPolicy(guarded);
  simulate(s, { ...first, plan: (v: PlanView): Job[] => ((seen ??= Math.abs(v.now - 19.5) < 0.05 ? v : null), first.plan(v)) }, { seed: s.seed, trace: false });
  assert.ok(seen, 'no round at 19.5');
  const view: PlanView = seen;
  assert.deepEqual(view.vehicles[0]!.enRoute, ['c2']);
  assert.deepEqual(pickups(makeOptimalPolicy(exact).plan(view)), ['c3']);
  assert.deepEqual(makeOptimalPolicy(guarded).plan(view), makeOptimalPolicy(ONE_STEP).plan(view));
  // Over the run: the exact plan has more survivors in all and fewer critical ones; guarded, today's critical ones.
  const [today, all, guard] = [survivors(s, ONE_STEP), survivors(s, exact), survivors(s, guarded)];
  assert.ok(all.all > today.all + 0.3 && all.critical < today.critical - 0.2, JSON.stringify({ today, all }));
  assert.equal(guard.critical, today.critical);
});

test('DISP-114 clairvoyant fleet-10757: where no critical survivor is given up, the guarded plan is the exact one (c5 added at 54.4)', () => {
  const s = fleet(10757);
  const [today, all, guard] = [survivors(s, ONE_STEP), survivors(s, exact), survivors(s, guarded)];
  assert.deepEqual(guard, all);
  assert.ok(guard.all > today.all + 0.2 && guard.critical >= today.critical - 1e-9, JSON.stringify({ today, guard }));
});
