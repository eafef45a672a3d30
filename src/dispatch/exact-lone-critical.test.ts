// DISP-107: DISP-104's exact plan for a lone vehicle, counting survivors as the families do (critical ones) and only
// where no zone is active or to come (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fleetScenario, smallScenario } from './clairvoyant.ts';
import { metricsOf } from '../sim/metrics.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import { EXACT_ALL, ONE_STEP } from './exact-lone-forms.fixture.ts';
import type { OptimalParams } from './optimal/params.ts';
import type { Job, PlanView } from './types.ts';

const exact = EXACT_ALL;
const one = parseScenario(smallScenario(10343, 8));

test('DISP-107 clairvoyant one-10343 at 8.0: weighted as the families count, the ambulance fetches c7 (RPM 4) before c5 (RPM 10)', () => {
  // One ambulance, one R2; c5 (RPM 10) and c7 (RPM 4) wait. Every survivor alike, the exact plan fetches c5 first
  // (more survivors in all) and keeps its leg to it; a survivor of RPM ≥ 10 at 0.1, it fetches c7 first, as critical
  // survivors count.
  let seen: PlanView | null = null;
  const first = makeOptimalPolicy(exact);
  simulate(one, { ...first, plan: (v: PlanView): Job[] => ((seen ??= Math.abs(v.now - 8.0) < 0.05 ? v : null), first.plan(v)) }, { seed: one.seed, trace: false });
  assert.ok(seen, 'no round at 8.0');
  const view: PlanView = seen;
  assert.deepEqual(view.casualties.map((c) => [c.id, c.rpm0]), [['c5', 10], ['c7', 4]]);
  const pickups = (p: Partial<OptimalParams>): string[] => makeOptimalPolicy(p).plan(view).flatMap((j) => j.stops.flatMap((s) => (s.kind === 'pickup' ? [s.casualtyId] : [])));
  // Already on its way to c5: every survivor alike it carries on (the leg under way is no new job, DISP-116).
  assert.deepEqual(view.vehicles.map((v) => [v.id, v.enRoute]), [['amb', ['c5']]]);
  assert.deepEqual(pickups(exact), []);
  assert.deepEqual(pickups({ ...exact, exactLoneMinorWeight: 0.1 }), ['c7']);
});

test('DISP-107 clairvoyant one-10343: weighted, more critical casualties survive (1.156 -> 1.612)', () => {
  const critical = (p: Partial<OptimalParams>): number => metricsOf(simulate(one, makeOptimalPolicy(p), { seed: one.seed, trace: false })).expectedSurvivors.critical;
  const all = critical(exact);
  const weighted = critical({ ...exact, exactLoneMinorWeight: 0.1 });
  assert.ok(weighted > all + 0.3, `${weighted} against ${all}`);
});

test('DISP-107 clairvoyant threat1-10380 (zones z1 from 0, z2 from 24): without zones the exact plan leaves the rounds to today\'s plan', () => {
  // DISP-104 held the car while c5 was reachable before z2 opened, then sent it on a trip of three through both zones.
  const s = parseScenario(fleetScenario(10380, { casualties: 8, threats: true, vehicles: 1 }));
  const run = (p: Partial<OptimalParams>, seed: number) => metricsOf(simulate(s, makeOptimalPolicy(p), { seed, trace: false })).expectedSurvivors.all;
  let [today, exactAll, noZones] = [0, 0, 0];
  for (let k = 0; k < 3; k++) {
    today += run(ONE_STEP, s.seed + k);
    exactAll += run(exact, s.seed + k);
    const x = run({ ...exact, exactLoneNoZones: true }, s.seed + k);
    assert.equal(x, run(ONE_STEP, s.seed + k));
    noZones += x;
  }
  assert.ok(noZones > exactAll + 0.3, `${noZones} against ${exactAll} (today ${today})`);
});
