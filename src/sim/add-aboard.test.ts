// SIM-19: a pickup added to a leg with a casualty aboard (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { haversineKm } from '../core/index.ts';
import { closestPolicy } from '../dispatch/policies.ts';
import { checkTrace } from '../../test/trace-checker/checker.ts';
import { aboardScene, scriptedAboard } from './aboard-scene.fixture.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';
import type { SimResult } from './simulator.ts';

const at = (r: SimResult, event: string, casualty: string) => r.trace.find((e) => e.event === event && e.casualty === casualty);

test('SIM-19 a vehicle with a casualty aboard fetches one reported on its way before its dropoff; the checker replays it', () => {
  const raw = aboardScene();
  const s = parseScenario(raw);
  const seen: unknown[] = [];
  const policy = scriptedAboard(true);
  const r = simulate(s, { ...policy, plan: (view) => (seen.push(...view.vehicles.filter((v) => v.carrying)), policy.plan(view)) });
  const dispatch = at(r, 'dispatch', 'c2')!;
  assert.equal(dispatch.t, 40);
  assert.equal(dispatch.addsToLeg, true);
  // One dispatch of c1, none written again for it; c2 is picked up with c1 aboard and both are dropped together.
  assert.equal(r.trace.filter((e) => e.event === 'dispatch' && e.casualty === 'c1').length, 1);
  assert.ok(at(r, 'pickup', 'c2')!.t < at(r, 'dropoff', 'c1')!.t);
  // SIM-14's rule: no sooner than from c1's pickup (the last trace position) at the dispatch, plus loading.
  const fromAnchor = (haversineKm({ lat: 48.2, lon: 37.0 }, { lat: 48.1, lon: 37.027 }) * 1.35 / 60) * 60;
  assert.ok(at(r, 'pickup', 'c2')!.t >= 40 + fromAnchor + 5 - 1e-9);
  // The view showed the ambulance carrying c1, busy, with c1's clock at the medic's rate.
  const shown = seen[0] as { carrying: { aboard: { id: string; rate: number }[] }; idle: boolean };
  assert.deepEqual(shown.carrying.aboard.map((c) => [c.id, c.rate]), [['c1', 0.8]]);
  assert.equal(shown.idle, false);
  const check = checkTrace(raw, JSON.parse(JSON.stringify(r.trace)) as Record<string, unknown>[]);
  assert.deepEqual(check.errors, []);
  assert.ok(Math.abs(check.totalSurvival - r.casualties.reduce((a, c) => a + c.survival, 0)) < 1e-9);
  // Without the rule (SIM-4) c2 waits for the ambulance's next trip: fetched later, worse off.
  const old = simulate(s, scriptedAboard(false));
  assert.ok(at(old, 'dispatch', 'c2')!.t >= at(old, 'dropoff', 'c1')!.t);
  const surv = (x: SimResult, id: string) => x.casualties.find((c) => c.id === id)!.survival;
  assert.ok(surv(r, 'c2') > surv(old, 'c2') + 0.05, `c2 ${surv(r, 'c2')} against ${surv(old, 'c2')}`);
});

test('SIM-19 capacity counts who is aboard: with one litter the job is refused and c2 waits for the next trip', () => {
  const r = simulate(parseScenario(aboardScene(1)), scriptedAboard(true));
  assert.ok(at(r, 'dispatch', 'c2')!.t >= at(r, 'dropoff', 'c1')!.t);
  assert.ok(!r.trace.some((e) => e.addsToLeg));
});

test('SIM-19 a job that drops no one aboard, or leaves a pickup ahead, is refused', () => {
  const s = parseScenario(aboardScene());
  const drops = (keep: boolean) => simulate(s, {
    name: 'bad', addAboard: true,
    plan: (view) => view.vehicles.flatMap((v) => {
      const c = view.casualties[0];
      if (!c) return [];
      if (v.idle) return [{ vehicleId: v.id, stops: [{ kind: 'pickup' as const, casualtyId: c.id }, { kind: 'dropoff' as const, casualtyIds: [c.id], facilityId: 'r2' }] }];
      return v.carrying ? [{ vehicleId: v.id, stops: [{ kind: 'pickup' as const, casualtyId: c.id }, { kind: 'dropoff' as const, casualtyIds: keep ? [...v.carrying.aboard.map((a) => a.id), c.id] : [c.id], facilityId: 'r2' }] }] : [];
    }),
  });
  assert.ok(drops(true).trace.some((e) => e.addsToLeg));
  assert.ok(!drops(false).trace.some((e) => e.addsToLeg));
});

test('SIM-19 a policy that does not declare addAboard is shown no `carrying` and runs as before', () => {
  const s = parseScenario(aboardScene());
  const views: boolean[] = [];
  const r = simulate(s, { ...closestPolicy, plan: (view) => (views.push(view.vehicles.some((v) => v.carrying)), closestPolicy.plan(view)) });
  assert.ok(!views.includes(true));
  assert.ok(!r.trace.some((e) => e.addsToLeg));
});
