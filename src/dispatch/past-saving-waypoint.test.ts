// DISP-38: a critical casualty past saving does not hold a trip with minor casualties to DISP-31's rule: it has
// nothing left to lose to them, and its place may be the safe way to them (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { fleetScenario } from './clairvoyant.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import { DEFAULT_MODEL, survivalAt, survivalLimit } from './survival.ts';
import { ONE_STEP } from './exact-lone-forms.fixture.ts';

// Small instance `threat1` 9417: one civilian car, two zones over the forward area. After its second trip (284 min)
// an RPM-12 casualty (c4) waits beyond a zone; an RPM-4 one (c8, reported at 72 min) lies on the way and is past
// saving. The exact optimum goes through c8's place to c4. Without the rule the trip c8 + c4 was barred (c4 makes
// it riskier than c8's trip alone, though c8 has nothing to lose) and the car went with an RPM-8 casualty (c5) to c4
// instead, a trip lost sooner.
test('DISP-38 a critical casualty past saving rides with a minor one as the optimum does, and more survive (threat1 9417, 20 seeds)', () => {
  const scenario = parseScenario(fleetScenario(9417, { casualties: 8, threats: true, vehicles: 1 }));
  const c8 = scenario.casualties.find((c) => c.id === 'c8')!;
  // c8 is past saving by then: care adds less than 0.01 to its survival.
  assert.ok(survivalAt(c8.rpm, 284 - c8.atMin, DEFAULT_MODEL) - survivalLimit(c8.rpm, DEFAULT_MODEL) < 0.01);
  // DISP-97 off on both sides: its way round a zone for a vehicle with casualties aboard recovers most of the difference
  // (20 seeds: 1.505 without either, 1.654 with DISP-97 alone, 1.680 with DISP-38, either way).
  const runs = (pastSavingWaypoint: boolean) => Array.from({ length: 20 }, (_, k) => simulate(scenario, makeOptimalPolicy({ ...ONE_STEP, pastSavingWaypoint, waypoints: 'off' }), { seed: scenario.seed + k, trace: true }));
  const on = runs(true);
  const off = runs(false);
  // Who is sent together with c4 (those dispatched at the same instant).
  const withC4 = (r: (typeof on)[number]): string => {
    const t = r.trace.find((e) => e.event === 'dispatch' && e.casualty === 'c4')?.t;
    return r.trace.filter((e) => e.event === 'dispatch' && e.t === t).map((e) => e.casualty).sort().join(',');
  };
  assert.ok(on.filter((r) => withC4(r) === 'c4,c8').length >= 10, on.map(withC4).join(' | '));
  assert.equal(off.filter((r) => withC4(r).includes('c8')).length, 0, off.map(withC4).join(' | '));
  const total = (rs: typeof on) => rs.reduce((a, r) => a + r.casualties.reduce((b, c) => b + c.survival, 0), 0) / rs.length;
  assert.ok(total(on) > total(off) + 0.1, `${total(on)} vs ${total(off)}`);
});
