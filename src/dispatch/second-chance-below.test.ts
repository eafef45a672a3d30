// DISP-89: a vehicle all but sure to be lost in a kill zone is not sent on the credit of the rescue that would follow
// it (DISP-29's second chance, for trips that get through with a chance below `secondChanceBelow`; docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from './index.ts';
import { DEFAULT_MODEL } from './survival.ts';
import type { PlanVehicle, PlanView } from './types.ts';

const pos = (lat: number, lon: number) => ({ lat, lon });
const front = pos(46.84779, 36.43261);
const rear = pos(46.74898, 36.10385);
const vehicle = (id: string, kind: PlanVehicle['kind'], protection: PlanVehicle['protection'], speedKmh: number, at = front): PlanVehicle => ({
  id, kind, protection, straightLine: kind === 'drone', speedKmh, medic: kind !== 'drone', litter: kind === 'drone' ? 1 : 2, seated: kind === 'drone' ? 0 : 2,
  pos: at, basePos: at, freeAt: 24.6, idle: true, rangeLeftKm: kind === 'drone' ? 47 : null, available: null,
});

/**
 * Generated 1004-30's first round, four of its ten vehicles: an RPM-9 casualty just past a kill zone 8 km wide that
 * a drone crosses with 0.26 of a loss per km (gets there and back with 0.006), an ambulance with 0.15 (0.014), an
 * armoured vehicle with 0.024 (0.53). RPM 9 holds at 0.90 for the first hour, so the slow armoured vehicle loses little.
 */
const view: PlanView = {
  now: 24.6,
  casualties: [{ id: 'c1', atMin: 24.6, rpm0: 9, tau: 0, rate: 1, litter: false, pos: pos(46.88, 36.56931) }],
  vehicles: [
    vehicle('ambulance-0', 'ambulance', 'unprotected', 50.8, rear),
    vehicle('drone-1', 'drone', 'air', 76.9),
    vehicle('armoured-5', 'armoured', 'armoured', 29.5),
    vehicle('ambulance-6', 'ambulance', 'unprotected', 56.6),
  ],
  facilities: [
    { id: 'r1-0', role: 'R1', pos: front, beds: 8, bedsFree: 8, surgicalTables: 0, tableFreeAt: [], surgicalBacklog: 0, open: null },
    { id: 'r2-0', role: 'R2', pos: rear, beds: 15, bedsFree: 15, surgicalTables: 3, tableFreeAt: [24.6, 24.6, 24.6], surgicalBacklog: 0, open: null },
  ],
  threats: [{ id: 'kill', polygon: [pos(46.81147, 36.45554), pos(46.81147, 36.56152), pos(46.9018, 36.56152), pos(46.9018, 36.45554)], fromMin: 0, toMin: 360, lossPerKm: { unprotected: 0.15167, armoured: 0.02446, air: 0.25664 } }],
  travel: { tortuosity: 1.5, loadMin: 5, unloadMin: 3 },
  model: DEFAULT_MODEL,
  horizonMin: 120,
  expectedRatePerMin: 1 / 60,
  recent: [{ pos: pos(46.88, 36.56931), rpm0: 9, atMin: 24.6 }],
};

const sent = (params: Parameters<typeof makeOptimalPolicy>[0]): string[] => makeOptimalPolicy(params).plan(view).map((j) => j.vehicleId);

test('DISP-89 the armoured vehicle, not the drone nearly sure to be lost, is sent across a kill zone (generated 1004-30 at 24.6)', () => {
  // Without the rule the drone's trip is worth the casualty's rescue by whoever comes after it is lost, as if that one
  // got through: 0.001 over the baseline (the tie bonus), and the drone, then an ambulance, are lost on the same road.
  assert.deepEqual(sent({ secondChanceBelow: 0 }), ['drone-1']);
  assert.deepEqual(sent({ secondChanceBelow: 0.1 }), ['armoured-5']);
  assert.deepEqual(sent({}), ['armoured-5'], 'on in `optimal` (0.1)');
});

test('DISP-89 leaves a trip that gets through as it was (the rule reads only chances below its bound)', () => {
  // The armoured vehicle alone: its trip (0.53 through) is the same job with the rule or without it.
  const only = { ...view, vehicles: view.vehicles.filter((v) => v.id !== 'drone-1' && v.id !== 'ambulance-6') };
  const plan = (b: number) => makeOptimalPolicy({ secondChanceBelow: b }).plan(only);
  assert.deepEqual(plan(0.1), plan(0));
});
