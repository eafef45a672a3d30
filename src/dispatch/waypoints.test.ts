// DISP-97: under threats a vehicle with casualties aboard goes through the place of a casualty past saving where
// that way round a zone pays (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTrace } from '../../test/trace-checker/checker.ts';
import { fleetScenario } from './clairvoyant.ts';
import { metricsOf } from '../sim/metrics.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import type { SimResult } from '../sim/simulator.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import { ONE_STEP } from './exact-lone-forms.fixture.ts';

test('DISP-97 clairvoyant threat1 10282: with c4 and c3 aboard the car goes back through c7 (RPM 3, past saving), round the zone', () => {
  // One unprotected car; a zone from minute 33 lies across the straight way from c3 back to r2-0 (the car gets
  // through it with 0.73); the way through c7's place, 14 km off, stays out of it. The exact optimum takes it.
  const raw = fleetScenario(10282, { casualties: 8, threats: true, vehicles: 1 });
  const s = parseScenario(raw);
  const runs = (waypoints: 'off' | 'aboard') => Array.from({ length: 10 }, (_, k) => simulate(s, makeOptimalPolicy({ ...ONE_STEP, waypoints }), { seed: s.seed + k, trace: true }));
  const via = (r: SimResult) => r.trace.some((e) => e.event === 'pickup' && e.casualty === 'c7' && r.trace.some((d) => d.event === 'pickup' && d.casualty === 'c3' && d.t < e.t) && !r.trace.some((d) => d.event === 'dropoff' && d.t < e.t));
  const lost = (rs: SimResult[]) => rs.filter((r) => r.vehicles.some((v) => v.lostAt !== null)).length;
  const all = (rs: SimResult[]) => rs.reduce((a, r) => a + metricsOf(r).expectedSurvivors.all, 0) / rs.length;
  const off = runs('off');
  const on = runs('aboard');
  assert.equal(off.filter(via).length, 0, 'without the rule the car drives straight back through the zone');
  assert.equal(on.filter(via).length, 10, 'with it, c7 is picked up after c3 and before any dropoff on every seed');
  assert.ok(lost(on) < lost(off), `vehicles lost ${lost(on)} against ${lost(off)}`);
  assert.ok(all(on) > all(off) + 1, `${all(on)} against ${all(off)}`);
  assert.deepEqual(checkTrace(raw, JSON.parse(JSON.stringify(on[0]!.trace)) as Record<string, unknown>[]).errors, []);
});
