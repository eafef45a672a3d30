// DISP-104: a lone vehicle's round is the first trip of the exact plan over the casualties known (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smallScenario } from './clairvoyant.ts';
import { metricsOf } from '../sim/metrics.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import { EXACT_ALL, ONE_STEP } from './exact-lone-forms.fixture.ts';
import type { Job, PlanView } from './types.ts';

const s = parseScenario(smallScenario(10323, 8));

/** The view of the round at `at` (the simulation driven by the one-step plan, which makes the same jobs before it). */
function viewAt(at: number): PlanView {
  const today = makeOptimalPolicy(ONE_STEP);
  let seen: PlanView | null = null;
  simulate(s, { ...today, plan: (v: PlanView): Job[] => ((seen ??= Math.abs(v.now - at) < 0.05 ? v : null), today.plan(v)) }, { seed: s.seed, trace: false });
  assert.ok(seen, `no round at ${at}`);
  return seen;
}

test('DISP-104 clairvoyant one-10323 at 39.1: the ambulance on its way to c6 (RPM 3, past saving on arrival) is re-planned to c8', () => {
  // One ambulance, one R2. At 30.5 it was sent for c6 (RPM 3, 15 km); at 39.1 c8 (RPM 10) is reported. Today's plan
  // lets it carry on (c6 gains 0.018); the exact plan over c6 and c8 sends it for c8, as the clairvoyant optimum does.
  const view = viewAt(39.1);
  assert.deepEqual(view.vehicles.map((v) => [v.id, v.enRoute]), [['amb', ['c6']]]);
  const today = makeOptimalPolicy(ONE_STEP).plan(view);
  const exact = makeOptimalPolicy(EXACT_ALL).plan(view);
  assert.deepEqual(today, []);
  assert.deepEqual(exact.map((j) => j.stops), [[{ kind: 'pickup', casualtyId: 'c8' }, { kind: 'dropoff', casualtyIds: ['c8'], facilityId: 'r2' }]]);
});

test('DISP-104 clairvoyant one-10323: with the exact plan more survive (0.929 -> 0.978 of the optimum 5.195)', () => {
  const run = (on: boolean) => metricsOf(simulate(s, makeOptimalPolicy(on ? EXACT_ALL : ONE_STEP), { seed: s.seed, trace: false })).expectedSurvivors.all;
  const off = run(false);
  const on = run(true);
  assert.ok(on > off + 0.2, `${on} against ${off}`);
});
