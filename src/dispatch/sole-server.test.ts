// DISP-120: DISP-28's last-vehicle worth for a vehicle no other in the view can stand in for (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateScenario } from '../sim/generate.ts';
import { metricsOf } from '../sim/metrics.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { fleetScenario } from './clairvoyant.ts';
import { capLastVehicleWorth } from './optimal/last-vehicle-trips.ts';
import { matrixOf } from './optimal/matrix.ts';
import type { OptimalParams } from './optimal/params.ts';
import { assessContext, makeOptimalPolicy } from './optimal/policy.ts';
import { bestScore } from './optimal/value.ts';
import type { PlanCasualty, PlanVehicle } from './types.ts';
import { amb, bandView, car, far, near } from './band-scene.fixture.ts';
import { ONE_STEP } from './exact-lone-forms.fixture.ts';

/** A UGV at the ambulance's base whose sortie range (out and back) ends far short of the band's casualties. */
const ugv: PlanVehicle = { ...amb, id: 'ugv', kind: 'ugv', speedKmh: 11, medic: false, litter: 1, seated: 0, rangeLeftKm: 20 };
const heli = (available: [number, number]): PlanVehicle => ({ ...amb, id: 'heli', kind: 'helicopter', protection: 'air', straightLine: true, speedKmh: 220, available: [available] });
const cs: PlanCasualty[] = [far, near];

/** The ambulance's cap after DISP-28's step of the round, the vehicles in the view being `vehicles` (the ambulance first). */
function capOf(vehicles: PlanVehicle[], params: Partial<OptimalParams>): number | undefined {
  const ctx = assessContext(bandView(cs, vehicles, 0.2), { earningsCap: false, ...params });
  capLastVehicleWorth(ctx, vehicles, cs, matrixOf(vehicles.map((v) => cs.map((c) => bestScore(ctx, v, c)))));
  return ctx.worthCap.get('amb');
}

test('DISP-120 an ambulance beside vehicles that cannot serve its casualties is priced as the last vehicle', () => {
  const alone = capOf([amb], { soleServerTrips: 'off' });
  assert.ok(alone !== undefined, 'DISP-28 caps the ambulance alone');
  // Today a UGV out of range keeps the ambulance at its flat price; with the rule it has DISP-28's figure.
  assert.equal(capOf([amb, ugv], { soleServerTrips: 'off' }), undefined);
  for (const others of [[ugv], [car], [heli([400, 500])], [ugv, car, heli([400, 500])]]) {
    const cap = capOf([amb, ...others], { soleServerTrips: 'all' });
    assert.ok(cap !== undefined && Math.abs(cap - alone) < 1e-9, `${others.map((o) => o.id).join('+')}: ${cap} vs ${alone}`);
  }
});

test('DISP-120 `idle`: only a vehicle held at base, not one on its way', () => {
  const onWay = { ...amb, enRoute: ['near'] };
  const cap = (form: OptimalParams['soleServerTrips']): number | undefined => {
    const ctx = assessContext(bandView(cs.map((c) => (c.id === 'near' ? { ...c, assignedTo: 'amb' } : c)), [onWay, ugv], 0.2), { earningsCap: false, soleServerTrips: form });
    capLastVehicleWorth(ctx, [onWay, ugv], cs, matrixOf([onWay, ugv].map((v) => cs.map((c) => bestScore(ctx, v, c)))));
    return ctx.worthCap.get('amb');
  };
  assert.ok(cap('all') !== undefined);
  assert.equal(cap('idle'), undefined);
  assert.ok(capOf([amb, ugv], { soleServerTrips: 'idle' }) !== undefined);
});

test('DISP-120 a vehicle that can stand in keeps the ambulance at its price', () => {
  // A second ambulance; a helicopter on duty before the casualties settle (far at 170, near at 385); and a UGV whose
  // range takes it there and back.
  for (const other of [{ ...amb, id: 'amb2' }, heli([100, 200]), { ...ugv, rangeLeftKm: 80 }]) {
    assert.equal(capOf([amb, other], { soleServerTrips: 'all' }), undefined, other.id);
  }
  // A car that can carry only a seated casualty stands in for a seated one.
  const seated = cs.map((c) => ({ ...c, litter: false }));
  const ctx = assessContext(bandView(seated, [amb, car], 0.2), { earningsCap: false, soleServerTrips: 'all' });
  capLastVehicleWorth(ctx, [amb, car], seated, matrixOf([amb, car].map((v) => seated.map((c) => bestScore(ctx, v, c)))));
  assert.equal(ctx.worthCap.size, 0);
});

test('DISP-120 threat1 8017 with an out-of-range UGV beside the ambulance: sent while casualties can be saved, as alone', () => {
  // DISP-28's scene (one ambulance 60 km from casualties behind zones) with a UGV whose 10 km range reaches none of them.
  // As a fleet of two the ambulance kept its flat price and waited for the last report (103.1), when the fallback
  // (SIM-11) sent it; alone, DISP-28 sends it at 26. DISP-28 alone in both arms, as its own test has it (DISP-33's
  // search and DISP-104's exact plan off).
  const raw = fleetScenario(8017, { casualties: 8, threats: true, vehicles: 1 }) as { vehicles: Record<string, unknown>[] };
  const scenario = parseScenario({ ...raw, vehicles: [...raw.vehicles, { ...raw.vehicles[0]!, id: 'ugv-1', kind: 'ugv', litter: 1, seated: 0, speedKmh: 11, medic: false, rangeKm: 10 }] });
  const lastReport = Math.max(...scenario.casualties.map((c) => c.atMin));
  const run = (on: boolean, seed: number) => simulate(scenario, makeOptimalPolicy({ ...ONE_STEP, sequenceFutureWorth: false, soleServerTrips: on ? 'idle' : 'off' }), { seed, trace: true });
  const firstDispatch = (r: ReturnType<typeof run>) => r.trace.find((e) => e.event === 'dispatch')?.t ?? Infinity;
  assert.ok(firstDispatch(run(false, scenario.seed)) >= lastReport, 'without the rule it waits for the last report');
  assert.ok(firstDispatch(run(true, scenario.seed)) < lastReport - 30, `with it sent at ${firstDispatch(run(true, scenario.seed))}`);
  const mean = (on: boolean, what: 'all' | 'critical') => Array.from({ length: 20 }, (_, k) => metricsOf(run(on, scenario.seed + k)).expectedSurvivors[what]).reduce((a, b) => a + b, 0) / 20;
  for (const what of ['all', 'critical'] as const) assert.ok(mean(true, what) > mean(false, what) + 0.1, `${what}: ${mean(true, what)} against ${mean(false, what)}`);
});

test('DISP-120 held-out 1021-80: once the helicopter is lost the ambulance is the last vehicle for the casualties behind the band', () => {
  // An ambulance, a UGV whose 34 km range reaches no casualty, a helicopter on duty 121.9-275.7 (lost at 189.3 on
  // seed +0). From then on nothing but the ambulance can serve anyone; at its flat price it waited until the last
  // report (448.2), when the fallback sent it; priced as the last vehicle it goes for c25 (RPM 7) at its report.
  const s = parseScenario(generateScenario(1021, 80));
  const run = (form: OptimalParams['soleServerTrips'], k: number) => simulate(s, makeOptimalPolicy({ soleServerTrips: form }), { seed: s.seed + k, trace: true });
  const firstAfter = (r: ReturnType<typeof run>, t: number) => r.trace.find((e) => e.event === 'dispatch' && e.vehicle === 'ambulance-0' && e.t > t)?.t ?? Infinity;
  assert.ok(firstAfter(run('off', 0), 300) > 448, 'without the rule the ambulance waits for the last report');
  assert.ok(firstAfter(run('idle', 0), 300) < 324, 'with it the ambulance is sent at c25\'s report');
  const critical = (form: OptimalParams['soleServerTrips']) => Array.from({ length: 10 }, (_, k) => metricsOf(run(form, k)).expectedSurvivors.critical).reduce((a, b) => a + b, 0) / 10;
  const off = critical('off');
  for (const form of ['all', 'idle'] as const) assert.ok(critical(form) > off + 0.05, `${form}: ${critical(form)} against ${off}`);
});
