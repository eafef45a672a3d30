// DISP-102: a vehicle's loss is priced by what the rest of the fleet cannot do in its place (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from './index.ts';
import { assessContext } from './optimal/policy.ts';
import { vehicleWorth } from './optimal/value.ts';
import { DEFAULT_MODEL } from './survival.ts';
import type { PlanCasualty, PlanVehicle, PlanView } from './types.ts';

const pos = (lat: number, lon: number) => ({ lat, lon });
const heli: PlanVehicle = {
  id: 'heli', kind: 'helicopter', protection: 'air', straightLine: true, speedKmh: 220, medic: true, litter: 2, seated: 2,
  pos: pos(48.5, 36.6), basePos: pos(48.5, 36.6), freeAt: 60, idle: true, rangeLeftKm: null, available: null,
};
/** An armoured car at a forward post, `lon` east (near the zone at 37.9 and the R2) or far west. */
const apc = (lon: number): PlanVehicle => ({
  id: 'apc', kind: 'armoured', protection: 'armoured', straightLine: false, speedKmh: 50, medic: true, litter: 2, seated: 2,
  pos: pos(48.5, lon), basePos: pos(48.5, lon), freeAt: 60, idle: true, rangeLeftKm: null, available: null,
});
/** Two ambulances away on other jobs at the R3: the fleet is four, past DISP-19's small-fleet search. */
const busy = (id: string): PlanVehicle => ({
  id, kind: 'ambulance', protection: 'unprotected', straightLine: false, speedKmh: 60, medic: true, litter: 2, seated: 2,
  pos: pos(48.5, 36.6), basePos: pos(48.5, 36.6), freeAt: 200, idle: false, rangeLeftKm: null, available: null,
});
const c1: PlanCasualty = { id: 'c1', atMin: 58, rpm0: 8, tau: 2, rate: 1, litter: true, pos: pos(48.5, 38.0) };

/**
 * The R3 beside the helicopter's base in the west, an R2 at the forward post; a zone band 37.9–38.1 east with c1 in
 * it; the latest reports far to the north and south of the band, where the helicopter alone arrives in time.
 */
function view(apcLon: number): PlanView {
  return {
    now: 60,
    casualties: [c1],
    vehicles: [heli, apc(apcLon), busy('amb-1'), busy('amb-2')],
    facilities: [
      { id: 'r3', role: 'R3', pos: pos(48.5, 36.6), beds: 40, bedsFree: 40, surgicalTables: 4, tableFreeAt: [60, 60, 60, 60], surgicalBacklog: 0, open: null },
      { id: 'r2', role: 'R2', pos: pos(48.5, 37.8), beds: 20, bedsFree: 20, surgicalTables: 2, tableFreeAt: [60, 60], surgicalBacklog: 0, open: null },
    ],
    threats: [{ id: 'band', polygon: [pos(47.5, 37.9), pos(47.5, 38.1), pos(49.5, 38.1), pos(49.5, 37.9)], fromMin: 0, toMin: 2000, lossPerKm: { unprotected: 0.03, armoured: 0.004, air: 0.01 } }],
    travel: { tortuosity: 1.3, loadMin: 5, unloadMin: 5 },
    model: DEFAULT_MODEL,
    horizonMin: 720,
    expectedRatePerMin: 0.02,
    recent: [
      { pos: pos(49.3, 37.5), rpm0: 7, atMin: 20 },
      { pos: pos(47.7, 37.5), rpm0: 8, atMin: 35 },
      { pos: c1.pos, rpm0: c1.rpm0, atMin: c1.atMin },
    ],
  };
}

const sentFor = (v: PlanView, substituteWorth: 'off' | 'fast' | 'all') => makeOptimalPolicy({ substituteWorth }).plan(v).find((j) => j.stops.some((s) => s.kind === 'pickup' && s.casualtyId === 'c1'))?.vehicleId;

test('DISP-102 the helicopter others cannot replace is kept when an armoured car near the casualty does nearly as well', () => {
  const v = view(37.5);
  // At the flat price every vehicle is worth the same and the helicopter, faster, flies through the band.
  assert.equal(sentFor(v, 'off'), 'heli');
  for (const mode of ['fast', 'all'] as const) assert.equal(sentFor(v, mode), 'apc', mode);
  // Only the helicopter is priced above the flat price: the reports to come are far from the armoured car.
  const ctx = assessContext(v, { substituteWorth: 'all' });
  const flat = assessContext(v, { substituteWorth: 'off' });
  assert.ok(vehicleWorth(ctx, heli, []) > 1.5 * vehicleWorth(flat, heli, []), `${vehicleWorth(ctx, heli, [])} against ${vehicleWorth(flat, heli, [])}`);
  assert.equal(vehicleWorth(ctx, v.vehicles[1]!, []), vehicleWorth(flat, v.vehicles[1]!, []));
});

test('DISP-102 with no substitute near the casualty the helicopter still goes', () => {
  // The armoured car is far west: it would reach c1 hours late.
  const v = view(35.0);
  for (const mode of ['off', 'fast', 'all'] as const) assert.equal(sentFor(v, mode), 'heli', mode);
});

test('DISP-145 a vehicle the others can stand in for is priced below the flat price, never below the one-trip term', () => {
  const v = view(37.5);
  const flat = assessContext(v, { substituteWorth: 'all' });
  const below = assessContext(v, { substituteWorth: 'all', substituteBelowFlat: true });
  const apcNow = v.vehicles[1]!;
  // The helicopter reaches every report sooner than the armoured car, so the car adds little over it.
  const w = vehicleWorth(below, apcNow, []);
  assert.ok(w < vehicleWorth(flat, apcNow, []), `${w} against the flat ${vehicleWorth(flat, apcNow, [])}`);
  assert.ok(w >= below.p.serviceValue);
  // The helicopter, whose place nobody can take, keeps its price above the flat one.
  assert.equal(vehicleWorth(below, heli, []), vehicleWorth(flat, heli, []));
});
