// DISP-28: the last vehicle is worth the trips it can still make (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { haversineKm } from '../core/index.ts';
import { metricsOf } from '../sim/metrics.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { fleetScenario } from './clairvoyant.ts';
import { capLastVehicleWorth } from './optimal/last-vehicle-trips.ts';
import { matrixOf, scoreAt } from './optimal/matrix.ts';
import { assessContext, makeOptimalPolicy } from './optimal/policy.ts';
import { bestScore, vehicleWorth } from './optimal/value.ts';
import { DEFAULT_MODEL, survivalAt, survivalLimit } from './survival.ts';
import { legMinutes } from './travel.ts';
import type { PlanCasualty, PlanVehicle, PlanView } from './types.ts';
import { amb, bandView, car, far, near } from './band-scene.fixture.ts';
import { ONE_STEP } from './exact-lone-forms.fixture.ts';

/** One ambulance at an R2 west of a zone every casualty lies in; a high observed rate prices it at the flat cap. */
const view = (casualties: PlanCasualty[], vehicles: PlanVehicle[]): PlanView => bandView(casualties, vehicles, 0.2);

test('DISP-28 the one vehicle left is worth the mean trip\'s gain over k trips in a row until lost, k the trips that fit before the horizon', () => {
  const cs = [far, near];
  const ctx = assessContext(view(cs, [amb]), { earningsCap: false });
  const flat = vehicleWorth(ctx, amb, []);
  const before = cs.map((c) => bestScore(ctx, amb, c));
  const m = matrixOf([before]);
  capLastVehicleWorth(ctx, [amb], cs, m);
  // The same figure from the rule's words: each trip's gain scaled to a casualty reported now, its chance of losing
  // the vehicle, its minutes out and back; the others waiting and the trips that fit in the 180 min left.
  const trips = cs.map((c, j) => {
    const s = before[j]!;
    const limit = survivalLimit(c.rpm0, DEFAULT_MODEL);
    const gain = ((s.expected - limit) * (survivalAt(c.rpm0, 0, DEFAULT_MODEL) - limit)) / (survivalAt(c.rpm0, c.tau, DEFAULT_MODEL) - limit);
    const km = (haversineKm(amb.pos, c.pos) + haversineKm(c.pos, s.facility.pos) + haversineKm(s.facility.pos, amb.basePos)) * 1.3;
    return { gain, p: s.risk / flat, min: legMinutes(km, amb.speedKmh) + 10 };
  });
  const mean = (f: (t: (typeof trips)[number]) => number): number => trips.reduce((a, t) => a + f(t), 0) / trips.length;
  const p = mean((t) => t.p);
  const k = 1 + Math.min(0.2 * 180, 180 / mean((t) => t.min));
  const expected = Math.max(0.1, (mean((t) => t.gain) * (1 - (1 - p) ** k)) / p);
  assert.ok(p > 0.05, `every trip risks the vehicle (${p})`);
  const cap = ctx.worthCap.get('amb');
  assert.ok(cap !== undefined && Math.abs(cap - expected) < 1e-9, `${cap} vs ${expected}`);
  assert.ok(cap < flat, `${cap} below the flat price ${flat}`);
  // This round's scores are re-priced with it: less risk, more value by the same amount.
  for (const [j, s] of cs.map((_, j) => scoreAt(m, 0, j)).entries()) {
    assert.ok(Math.abs(s!.risk - trips[j]!.p * cap) < 1e-12);
    assert.ok(Math.abs(s!.value - before[j]!.value - (before[j]!.risk - s!.risk)) < 1e-12);
  }
});

test('DISP-28 a vehicle with another beside it keeps its price', () => {
  const cs = [far, near];
  // DISP-28's own condition (one vehicle in the view): with DISP-120 on, the car, which carries no litter, cannot
  // stand in for these litter casualties and the ambulance is priced as the last vehicle (sole-server.test.ts).
  const ctx = assessContext(view(cs, [amb, car]), { earningsCap: false, soleServerTrips: 'off' });
  capLastVehicleWorth(ctx, [amb], cs, matrixOf([cs.map((c) => bestScore(ctx, amb, c))]));
  assert.equal(ctx.worthCap.size, 0);
});

test('DISP-28 one ambulance far behind the zones is sent while casualties can still be saved, not held until the last report', () => {
  // Small-instance family `threat1`, tuning instance 8017: one ambulance 60 km from the casualties, every trip through
  // or along a zone. Priced at the flat (or earnings-capped) price it waited at base until the last report, when the
  // fallback (SIM-11) sent it to a casualty long past saving.
  const raw = fleetScenario(8017, { casualties: 8, threats: true, vehicles: 1 });
  const scenario = parseScenario(raw);
  const lastReport = Math.max(...scenario.casualties.map((c) => c.atMin));
  // DISP-28 alone: DISP-33's search (a small fleet under threats) would also send it, so it is off in both arms.
  const run = (lastVehicleTrips: boolean, seed: number) => simulate(scenario, makeOptimalPolicy({ ...ONE_STEP, lastVehicleTrips, sequenceFutureWorth: false }), { seed, trace: true });
  const firstDispatch = (r: ReturnType<typeof run>) => r.trace.find((e) => (e as { event: string }).event === 'dispatch')?.t ?? Infinity;
  const withRule = run(true, scenario.seed);
  const without = run(false, scenario.seed);
  assert.ok(firstDispatch(withRule) < lastReport - 30, `sent at ${firstDispatch(withRule)}, last report ${lastReport}`);
  assert.ok(firstDispatch(without) >= lastReport, `without the rule it waits (${firstDispatch(without)})`);
  // Over 20 seeds of threat hits, more expected survivors than holding.
  const mean = (on: boolean) => Array.from({ length: 20 }, (_, s) => metricsOf(run(on, scenario.seed + s)).expectedSurvivors.all).reduce((a, b) => a + b, 0) / 20;
  const a = mean(true);
  const b = mean(false);
  assert.ok(a > b + 0.1, `${a} against ${b}`);
});
