// DISP-105: a vehicle on its way that the round may re-plan is a casualty's later alternative as it will be once its
// leg is done (`enRouteAlternative`; docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from './index.ts';
import type { OptimalParams } from './optimal/params.ts';
import { DEFAULT_MODEL } from './survival.ts';
import type { PlanFacility, PlanVehicle, PlanView } from './types.ts';

const pos = (lat: number, lon: number) => ({ lat, lon });
const r2 = pos(47.80182, 36.85097);
const vehicle = (id: string, kind: 'ambulance' | 'civilian-car', speedKmh: number, at: { lat: number; lon: number }): PlanVehicle => ({
  id, kind, protection: 'unprotected', straightLine: false, speedKmh, medic: kind === 'ambulance', litter: kind === 'ambulance' ? 2 : 0, seated: 2,
  pos: at, basePos: at, freeAt: 7.4, idle: true, rangeLeftKm: null, available: null,
});
const facility = (id: string, role: 'R1' | 'R2' | 'R3', at: { lat: number; lon: number }, beds: number, tables: number, backlog = 0): PlanFacility => ({
  id, role, pos: at, beds, bedsFree: beds - backlog, surgicalTables: tables, tableFreeAt: new Array<number>(tables).fill(7.4), surgicalBacklog: backlog, open: null,
});
const box = (id: string, s: number, w: number, n: number, e: number, fromMin: number, toMin: number, unprotected: number) => ({
  id, polygon: [pos(s, w), pos(s, e), pos(n, e), pos(n, w)], fromMin, toMin, lossPerKm: { unprotected, armoured: unprotected / 6, air: unprotected * 2 },
});

/**
 * Generated 1011-89 at minute 7.4 (three ambulances and cars, threat pockets, a burst of reports to come): ambulance-0
 * is on its way to c1 (RPM 9, reported at 5.8; free at r2-1 at 155 if it carries on); c2 (RPM 9) is reported now, 60 km
 * from the base of ambulance-1 and the car. Valued from its last stop, ambulance-0's trip to c2 45 min later (0.665) was
 * c2's baseline, above ambulance-1's trip now (0.585); the assignment gave c2 to ambulance-0, DISP-16's check refused
 * that divert (c1 would lose more), and no vehicle set out for c2 until minute 60.7 (`closest`: ambulance-1 at once).
 */
const view: PlanView = {
  now: 7.4,
  casualties: [
    { id: 'c1', atMin: 5.8, rpm0: 9, tau: 1.6, rate: 1, litter: false, pos: pos(48.34366, 37.53754), assignedTo: 'ambulance-0' },
    { id: 'c2', atMin: 7.4, rpm0: 9, tau: 0, rate: 1, litter: true, pos: pos(47.94243, 37.6292) },
  ],
  vehicles: [
    {
      ...vehicle('ambulance-0', 'ambulance', 57.1, pos(47.92333, 37.40818)), diverted: 0, posNow: pos(47.934147, 37.411509), enRoute: ['c1'],
      ifKept: { pos: pos(48.13009, 36.83697), freeAt: 155.32, rangeLeftKm: null, reach: { atMin: 67.97, rangeLeftKm: null } },
    },
    vehicle('ambulance-1', 'ambulance', 54.5, r2),
    vehicle('civilian-car-2', 'civilian-car', 67.4, r2),
  ],
  facilities: [
    facility('r1-0', 'R1', pos(48.04665, 37.3096), 5, 0),
    facility('r1-1', 'R1', pos(47.92333, 37.40818), 4, 0),
    facility('r2-0', 'R2', r2, 16, 1),
    { ...facility('r2-1', 'R2', pos(48.13009, 36.83697), 4, 1, 1), bedsFreeAt: [245.32] },
    facility('r3-0', 'R3', pos(48.05356, 35.62381), 167, 6),
  ],
  threats: [
    box('pocket-0', 47.93476, 37.50663, 48.01008, 37.57799, 57.5, 374.6, 0.06931),
    box('pocket-1', 48.37295, 37.34419, 48.40647, 37.41183, 0, 176.1, 0.05419),
    box('pocket-2', 48.33527, 37.47346, 48.37317, 37.51792, 102.8, 346.2, 0.04205),
    box('pocket-3', 48.35899, 37.38898, 48.41345, 37.43578, 0, 288.8, 0.02316),
    box('pocket-4', 48.33855, 37.54781, 48.39358, 37.5934, 0, 234.5, 0.00801),
  ],
  travel: { tortuosity: 1.24, loadMin: 8, unloadMin: 5 },
  model: DEFAULT_MODEL,
  horizonMin: 240,
  expectedRatePerMin: 1 / 30,
  recent: [{ pos: pos(48.34366, 37.53754), rpm0: 9, atMin: 5.8 }, { pos: pos(47.94243, 37.6292), rpm0: 9, atMin: 7.4 }],
};

const jobs = (params: Partial<OptimalParams>): string[] => makeOptimalPolicy(params).plan(view).map((j) => `${j.vehicleId}: ${j.stops.flatMap((s) => (s.kind === 'pickup' ? [s.casualtyId] : [])).join(' ')}`);

test('DISP-105 the ambulance on its way to c1 is not c2\'s alternative: a free one fetches c2 (generated 1011-89 at 7.4)', () => {
  // Without the rule nobody sets out for c2, with DISP-56's spare for a dropped divert or without.
  assert.deepEqual(jobs({ enRouteAlternative: 'off' }), []);
  assert.deepEqual(jobs({ enRouteAlternative: 'off', droppedDivertSpare: true }), []);
  // With it c2's baseline is ambulance-1's own later trip, and the divert DISP-16 drops leaves c2 to ambulance-1.
  assert.deepEqual(jobs({ enRouteAlternative: 'small', droppedDivertSpare: true }), ['ambulance-1: c2']);
});

test('DISP-105 `small` leaves a fleet of more than `sequenceMaxVehicles` as it was', () => {
  const big = { sequenceMaxVehicles: 2, droppedDivertSpare: true };
  assert.deepEqual(jobs({ ...big, enRouteAlternative: 'small' }), jobs({ ...big, enRouteAlternative: 'off' }));
});

/**
 * Generated 1011-134 at minute 30.4 (two ambulances and an armoured car; a kill zone open past the horizon): the
 * armoured car is on its way to c1 (RPM 9); c3 (RPM 8) is reported now inside the zone. DISP-19's search sends
 * ambulance-0 to c1 and the armoured car to c3 (a swap); DISP-23 weighed the armoured car's divert with c1 fetched by
 * the armoured car itself once free (at 179), kept its leg, and `divertsFirst` dropped ambulance-0's job for c1: no
 * vehicle set out for c3, which was never fetched (`closest` sent ambulance-2: 0.27 on seed +0).
 */
const swapView: PlanView = {
  now: 30.4,
  casualties: [
    { id: 'c1', atMin: 7.9, rpm0: 9, tau: 22.5, rate: 1, litter: true, pos: pos(49.57994, 38.72045), assignedTo: 'armoured-1' },
    { id: 'c2', atMin: 28, rpm0: 3, tau: 2.4, rate: 1, litter: false, pos: pos(49.16218, 38.59277) },
    { id: 'c3', atMin: 30.4, rpm0: 8, tau: 0, rate: 1, litter: true, pos: pos(49.26014, 38.62063) },
  ],
  vehicles: [
    { ...vehicle('ambulance-0', 'ambulance', 57, pos(49.06292, 38.14227)), freeAt: 30.4 },
    {
      ...vehicle('armoured-1', 'ambulance', 36.3, pos(49.31474, 38.45605)), kind: 'armoured', protection: 'armoured', freeAt: 30.4, diverted: 0,
      posNow: pos(49.383225, 38.524328), enRoute: ['c1'], ifKept: { pos: pos(49.61726, 38.31776), freeAt: 178.72, rangeLeftKm: null, reach: { atMin: 95.03, rangeLeftKm: null } },
    },
    { ...vehicle('ambulance-2', 'ambulance', 41.8, pos(49.06292, 38.14227)), freeAt: 30.4 },
  ],
  facilities: [
    { ...facility('r1-0', 'R1', pos(49.31474, 38.45605), 3, 0) },
    { ...facility('r2-0', 'R2', pos(49.74741, 38.3144), 16, 3), tableFreeAt: [30.4, 30.4, 30.4] },
    { ...facility('r2-1', 'R2', pos(49.06292, 38.14227), 16, 3), tableFreeAt: [30.4, 30.4, 30.4] },
    { ...facility('r2-2', 'R2', pos(49.61726, 38.31776), 11, 2, 1), tableFreeAt: [30.4, 30.4], bedsFreeAt: [268.72] },
  ],
  threats: [{ id: 'kill', polygon: [pos(49.13708, 38.58522), pos(49.13708, 38.68409), pos(49.27745, 38.68409), pos(49.27745, 38.58522)], fromMin: 0, toMin: 360, lossPerKm: { unprotected: 0.07291, armoured: 0.00962, air: 0.10033 } }],
  travel: { tortuosity: 1.5, loadMin: 8, unloadMin: 3 },
  model: DEFAULT_MODEL,
  horizonMin: 120,
  expectedRatePerMin: 0.05,
  recent: [{ pos: pos(49.57994, 38.72045), rpm0: 9, atMin: 7.9 }, { pos: pos(49.16218, 38.59277), rpm0: 3, atMin: 28 }, { pos: pos(49.26014, 38.62063), rpm0: 8, atMin: 30.4 }],
};

const swapJobs = (swapLegs: boolean, swapPriced = false): string[] => makeOptimalPolicy({ swapLegs, swapPriced }).plan(swapView).map((j) => `${j.vehicleId}: ${j.stops.flatMap((s) => (s.kind === 'pickup' ? [s.casualtyId] : [])).join(' ')}`).sort();

test('DISP-105 swapLegs: the search\'s swap is sent whole, the armoured car to c3 and ambulance-0 to c1 (generated 1011-134 at 30.4)', () => {
  assert.deepEqual(swapJobs(false), [], 'without the rule the armoured car carries on and nobody goes for c3');
  assert.deepEqual(swapJobs(true), ['ambulance-0: c1', 'armoured-1: c3']);
  // DISP-106: priced as the divert's own casualties (ambulance-0's way to c1 is clear of the zone), the swap still pays.
  assert.deepEqual(swapJobs(true, true), ['ambulance-0: c1', 'armoured-1: c3']);
});
