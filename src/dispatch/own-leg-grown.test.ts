// DISP-86: a one-step job grown from the vehicle's own first pickup is sent as the leg's extension (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smallScenario } from './clairvoyant.ts';
import { metricsOf } from '../sim/metrics.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import type { PlanView } from './types.ts';
import { ONE_STEP } from './exact-lone-forms.fixture.ts';

// The scene was built before SIM-19: with DISP-95 (on since session 23) a vehicle with casualties aboard fetches
// on its way and the legs this rule acts on part, so the rule is shown with DISP-95 off.

const pickups = (stops: readonly { kind: string; casualtyId?: string }[]): string[] => stops.flatMap((s) => (s.kind === 'pickup' ? [s.casualtyId!] : []));

test('DISP-86 one 10140: c1 (RPM 7), reported near c2 while the ambulance drives to it, is added to the leg', () => {
  // Clairvoyant dev instance (one ambulance, no threats): at 40.7 the ambulance is re-planned to c2 (RPM 9, 31 km
  // out); at 44.5 c1 (RPM 7) is reported 34 km out beside it. The round's one-step job grows c2's trip with c1, but as
  // it starts with the pickup the ambulance is driving to it was dropped as "carrying on", and the ambulance, counted
  // busy, was offered no extension: c1 waited for a trip of its own (0.118 where the optimum's c2 + c1 gives 0.373).
  // DISP-83 (`chainOwnLeg`) offers the same casualty to the leg by another road: off here, so DISP-86 is seen alone.
  const s = parseScenario(smallScenario(10140, 8));
  let view: PlanView | null = null;
  const base = makeOptimalPolicy({ ...ONE_STEP, addAboard: 'off', ownLegGrown: false, chainOwnLeg: 'off' });
  simulate(s, { ...base, plan: (v: PlanView) => ((view ??= v.now >= 44.5 ? v : null), base.plan(v)) }, { seed: s.seed });
  assert.ok(view, 'the round at 44.5');
  const at = view as PlanView;
  assert.deepEqual(at.vehicles[0]!.enRoute, ['c2']);
  assert.deepEqual(makeOptimalPolicy({ ...ONE_STEP, addAboard: 'off', ownLegGrown: false, chainOwnLeg: 'off' }).plan(at), []);
  const jobs = makeOptimalPolicy({ ...ONE_STEP, addAboard: 'off', ownLegGrown: true, chainOwnLeg: 'off' }).plan(at);
  assert.deepEqual(jobs.map((j) => pickups(j.stops)), [['c2', 'c1']]);
  const run = (on: boolean) => simulate(s, makeOptimalPolicy({ ...ONE_STEP, addAboard: 'off', ownLegGrown: on, chainOwnLeg: 'off' }), { seed: s.seed });
  const added = run(true).trace.find((e) => e.event === 'dispatch' && e.casualty === 'c1');
  assert.equal(added?.t, 44.5);
  assert.equal(added?.['addsToLeg'], true);
  const off = metricsOf(run(false)).expectedSurvivors.all;
  const on = metricsOf(run(true)).expectedSurvivors.all;
  assert.ok(on > off + 0.2, `${on} against ${off}`);
});
