// DISP-80: in a small fleet, a re-plan's first leg is priced from where the vehicle is now (docs/dispatch.md).
// Its scenes show their own rule with DISP-110 (`loneRiskFromHere`, on since session 28) off: with it a lone vehicle's
// re-plan is priced from where it is, which changes the rounds these scenes were built on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fleetScenario } from './clairvoyant.ts';
import { metricsOf } from '../sim/metrics.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { assessJob, makeOptimalPolicy } from './optimal/policy.ts';
import type { OptimalParams } from './optimal/params.ts';
import { DEFAULT_MODEL } from './survival.ts';
import type { PlanCasualty, PlanVehicle, PlanView } from './types.ts';
import { ONE_STEP } from './exact-lone-forms.fixture.ts';

const pos = (lat: number, lon: number) => ({ lat, lon });
// The one ambulance left its base (the R2) at minute 10 for c1, a minor casualty far north, on a road west of a kill
// zone; at minute 40 it is well up that road, north of the zone, when c4 (RPM 6) is reported east of the base.
const amb: PlanVehicle = {
  id: 'amb', kind: 'ambulance', protection: 'unprotected', straightLine: false, speedKmh: 60, medic: true, litter: 2, seated: 1,
  pos: pos(48.5, 37.7), basePos: pos(48.5, 37.7), freeAt: 40, idle: true, rangeLeftKm: null, available: null,
  enRoute: ['c1'], diverted: 0, posNow: pos(48.72, 37.73), ifKept: { pos: pos(48.5, 37.7), freeAt: 130, rangeLeftKm: null },
};
const c1: PlanCasualty = { id: 'c1', atMin: 10, rpm0: 11, tau: 30, rate: 1, litter: false, pos: pos(48.85, 37.75), assignedTo: 'amb' };
const c4: PlanCasualty = { id: 'c4', atMin: 40, rpm0: 6, tau: 0, rate: 1, litter: false, pos: pos(48.5, 37.95) };
const view = (vehicles: PlanVehicle[]): PlanView => ({
  now: 40,
  casualties: [c1, c4],
  vehicles,
  facilities: [{ id: 'r2', role: 'R2', pos: pos(48.5, 37.7), beds: 20, bedsFree: 20, surgicalTables: 2, tableFreeAt: [40, 40], surgicalBacklog: 0, open: null }],
  // From the base the way to c4 runs south of the zone; from where the ambulance is, through it.
  threats: [{ id: 'kill', polygon: [pos(48.55, 37.78), pos(48.55, 38.0), pos(48.66, 38.0), pos(48.66, 37.78)], fromMin: 0, toMin: 1e6, lossPerKm: { unprotected: 0.06, armoured: 0.015, air: 0.03 } }],
  travel: { tortuosity: 1.3, loadMin: 5, unloadMin: 5 },
  model: DEFAULT_MODEL,
  horizonMin: 240,
  expectedRatePerMin: 2 / 60,
});
const divert = { vehicleId: 'amb', stops: [{ kind: 'pickup' as const, casualtyId: 'c4' }, { kind: 'dropoff' as const, casualtyIds: ['c4'], facilityId: 'r2' }] };
const firstPickups = (params: Partial<OptimalParams>, vehicles = [amb]): string[] =>
  makeOptimalPolicy({ ...ONE_STEP, loneRiskFromHere: false, ...params }).plan(view(vehicles)).flatMap((j) => (j.vehicleId === 'amb' && j.stops[0]?.kind === 'pickup' ? [j.stops[0].casualtyId] : []));

test('DISP-80 the one ambulance is not turned back through a kill zone for a re-plan priced from its last stop', () => {
  // Off: priced from the base the re-plan to c4 is safe, and made.
  assert.deepEqual(firstPickups({ smallFleetRiskFromHere: false }), ['c4']);
  // On: from where the ambulance is the way crosses the zone, more likely than not fatal to it; it carries on.
  assert.ok(!firstPickups({ smallFleetRiskFromHere: true }).includes('c4'), 'no re-plan to c4');
  // c4's expected survival on the re-plan counts the chance of getting through from where the ambulance is.
  const q = (on: boolean): number => assessJob(view([amb]), divert, { loneRiskFromHere: false, smallFleetRiskFromHere: on })!.expected.get('c4')!;
  assert.ok(q(true) < 0.75 * q(false), `c4 expects ${q(true)} from here, ${q(false)} from the base`);
});

test('DISP-80 a fleet of more than sequenceMaxVehicles keeps the price from the last stop', () => {
  const others = [1, 2, 3].map((k): PlanVehicle => ({ ...amb, id: `far${k}`, enRoute: undefined, diverted: undefined, posNow: undefined, ifKept: undefined, pos: pos(47.5, 36.5), basePos: pos(47.5, 36.5), idle: false, freeAt: 400 }));
  assert.deepEqual(firstPickups({ smallFleetRiskFromHere: true }, [amb, ...others]), ['c4']);
});

test('DISP-80 threat1 10085: the one car is no longer re-planned back through the zones from far out, and more survive', () => {
  // Clairvoyant dev instance: the car was sent at 8.2 for c1 (RPM 5, 52 km out, a safe road); at 48.0, 40 min up that
  // road, it was re-planned to c4 (RPM 9), safe from the base, through both zones from where it was: lost on 11 of 20
  // seeds (0.544 of the exact optimum; 0.846 with the rule, never lost).
  const s = parseScenario(fleetScenario(10085, { casualties: 8, threats: true, vehicles: 1 }));
  const runs = (on: boolean) => Array.from({ length: 10 }, (_, k) => simulate(s, makeOptimalPolicy({ ...ONE_STEP, loneRiskFromHere: false, smallFleetRiskFromHere: on }), { seed: s.seed + k }));
  const lost = (rs: ReturnType<typeof runs>) => rs.filter((r) => r.trace.some((e) => e.event === 'vehicle-lost')).length;
  const mean = (rs: ReturnType<typeof runs>) => rs.reduce((a, r) => a + metricsOf(r).expectedSurvivors.all, 0) / rs.length;
  const off = runs(false);
  const on = runs(true);
  assert.ok(lost(off) >= 3, `off: lost on ${lost(off)} of 10`);
  assert.equal(lost(on), 0);
  assert.ok(mean(on) > mean(off) + 0.3, `${mean(on)} against ${mean(off)}`);
});
