// DISP-106: a swap of legs (DISP-105 `swapLegs`) counts the swapped casualty as the other job is worth for it — its
// expected survival less its table charge and its share of that vehicle's risk — as DISP-23 prices the divert's own
// casualties (`swapPriced`), and only where both halves stand: the divert's first pickup and the casualty taken over
// both critical (`swapCritical`; docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from './index.ts';
import type { OptimalParams } from './optimal/params.ts';
import { DEFAULT_MODEL } from './survival.ts';
import type { PlanVehicle, PlanView } from './types.ts';

const pos = (lat: number, lon: number) => ({ lat, lon });
const base = pos(48.539, 37.62989);
const vehicle = (id: string, kind: 'ambulance' | 'armoured' | 'civilian-car', speedKmh: number, litter: number, seated: number, at = base, now = 86.8): PlanVehicle => ({
  id, kind, protection: kind === 'armoured' ? 'armoured' : 'unprotected', straightLine: false, speedKmh, medic: kind !== 'civilian-car', litter, seated,
  pos: at, basePos: at, freeAt: now, idle: true, rangeLeftKm: null, available: null,
});
const box = (id: string, s: number, w: number, n: number, e: number, fromMin: number, unprotected: number, armoured: number) => ({
  id, polygon: [pos(s, w), pos(s, e), pos(n, e), pos(n, w)], fromMin, toMin: 1e6, lossPerKm: { unprotected, armoured, air: unprotected / 2 },
});

/**
 * Clairvoyant dev `threat` 10480 at minute 86.8 (an ambulance and an armoured car at one base, two zones open past the
 * horizon): the armoured car is on its way to c7 (RPM 11), already past zone z1; c8 (RPM 9) is reported now, north
 * of it. The search swaps: the ambulance (unprotected) to c7 through z1, the armoured car to c8. With DISP-105's swap
 * counted at the ambulance's bare expectation for c7 (0.784) the divert scored 1.344 against the armoured car's own
 * extension c7 then c8 (1.337), whose casualties are priced less the car's risk and their table charges; the swap went
 * out, and 4.6 min later the ambulance was re-planned to c2, reported then: c7 was fetched at 267 instead of 108
 * (0.659 instead of 0.840), all expected survivors 3.35 → 3.17 on this seed (1.025 → 0.896 of the optimum over 10).
 */
const view: PlanView = {
  now: 86.8,
  casualties: [
    { id: 'c7', atMin: 11.3, rpm0: 11, tau: 75.5, rate: 1, litter: true, pos: pos(48.3259, 37.96024), assignedTo: 'v2' },
    { id: 'c8', atMin: 86.8, rpm0: 9, tau: 0, rate: 1, litter: true, pos: pos(48.46822, 37.94851) },
  ],
  vehicles: [
    vehicle('v1', 'ambulance', 67, 1, 0),
    {
      ...vehicle('v2', 'armoured', 30, 2, 1), diverted: 0, posNow: pos(48.3637, 37.90164), enRoute: ['c7'],
      ifKept: { pos: base, freeAt: 204.86077, rangeLeftKm: null, reach: { atMin: 103.08038, rangeLeftKm: null } },
    },
  ],
  facilities: [
    { id: 'r2-0', role: 'R2', pos: base, beds: 10, bedsFree: 9, bedsFreeAt: [204.86077], surgicalTables: 2, tableFreeAt: [86.8, 86.8], surgicalBacklog: 0, open: null },
  ],
  threats: [box('z1', 48.26188, 37.77115, 48.40735, 37.85431, 32, 0.0691, 0.0173), box('z2', 48.44413, 37.86294, 48.53868, 38.09062, 0, 0.0544, 0.0136)],
  travel: { tortuosity: 1.35, loadMin: 5, unloadMin: 5 },
  model: DEFAULT_MODEL,
  horizonMin: 240,
  expectedRatePerMin: 0.02304,
  recent: [{ pos: pos(48.3259, 37.96024), rpm0: 11, atMin: 11.3 }, { pos: pos(48.46822, 37.94851), rpm0: 9, atMin: 86.8 }],
};

const jobs = (v: PlanView, p: Partial<OptimalParams>): string[] =>
  makeOptimalPolicy(p).plan(v).map((j) => `${j.vehicleId}: ${j.stops.flatMap((s) => (s.kind === 'pickup' ? [s.casualtyId] : [])).join(' ')}`).sort();

test('DISP-106 swapPriced: the armoured car past the zone keeps c7 and adds c8; the unprotected ambulance is not swapped in (clairvoyant threat 10480 at 86.8)', () => {
  assert.deepEqual(jobs(view, {}), ['v2: c7 c8'], 'swap off: the car carries on and adds c8');
  assert.deepEqual(jobs(view, { swapLegs: true }), ['v1: c7', 'v2: c8'], 'DISP-105 alone: the swap, c7 at its bare expectation');
  assert.deepEqual(jobs(view, { swapLegs: true, swapPriced: true }), ['v2: c7 c8']);
});

/**
 * Generated 1010-3 at minute 50.7 (six vehicles, two bases; a zone to open at 100): armoured-3 is on its way to c2
 * (RPM 9); c5 (RPM 10) is reported now. The round's one-step plan swaps: armoured-3 to c5, another vehicle to c2. With
 * the swap counted, DISP-23 chose that divert (1.021 against carrying on 0.879 and DISP-25's spare car for c5, 0.908),
 * but `divertsFirst` sends a divert only to a critical casualty: it dropped the divert and the other half with it, and
 * nobody set out for c5 (fetched at 221 instead of 93). Without the swap, or with `swapCritical`, civilian-car-1
 * fetches c5 while armoured-3 carries on.
 */
const south = pos(47.43917, 35.93888);
const north = pos(47.86857, 35.87769);
const minorView: PlanView = {
  now: 50.7,
  casualties: [
    { id: 'c1', atMin: 26.5, rpm0: 3, tau: 24.2, rate: 1, litter: true, pos: pos(47.37293, 36.10689) },
    { id: 'c2', atMin: 33.6, rpm0: 9, tau: 17.1, rate: 1, litter: true, pos: pos(47.67331, 36.22087), assignedTo: 'armoured-3' },
    { id: 'c3', atMin: 41.4, rpm0: 0, tau: 9.3, rate: 1, litter: true, pos: pos(47.66265, 36.21575) },
    { id: 'c4', atMin: 43.7, rpm0: 1, tau: 7, rate: 1, litter: false, pos: pos(47.63947, 36.19355) },
    { id: 'c5', atMin: 50.7, rpm0: 10, tau: 0, rate: 1, litter: false, pos: pos(47.63345, 36.22596) },
  ],
  vehicles: [
    vehicle('ambulance-0', 'ambulance', 48.4, 2, 2, north, 50.7),
    vehicle('civilian-car-1', 'civilian-car', 69.9, 0, 2, south, 50.7),
    vehicle('civilian-car-2', 'civilian-car', 56.8, 0, 2, south, 50.7),
    {
      ...vehicle('armoured-3', 'armoured', 34.2, 2, 2, south, 50.7), diverted: 0, posNow: pos(47.48452, 35.9935), enRoute: ['c2'],
      ifKept: { pos: north, freeAt: 216.3198, rangeLeftKm: null, reach: { atMin: 121.89011, rangeLeftKm: null } },
    },
    vehicle('civilian-car-4', 'civilian-car', 60.5, 0, 2, south, 50.7),
    vehicle('armoured-5', 'armoured', 34.4, 2, 2, north, 50.7),
  ],
  facilities: [
    { id: 'r2-0', role: 'R2', pos: south, beds: 5, bedsFree: 5, bedsFreeAt: [], surgicalTables: 3, tableFreeAt: [50.7, 50.7, 50.7], surgicalBacklog: 0, open: null },
    { id: 'r2-1', role: 'R2', pos: north, beds: 13, bedsFree: 12, bedsFreeAt: [306.3198], surgicalTables: 1, tableFreeAt: [50.7], surgicalBacklog: 1, open: null },
  ],
  threats: [{ id: 'late', polygon: [pos(47.14092, 36.10977), pos(47.14092, 36.16625), pos(47.94092, 36.16625), pos(47.94092, 36.10977)], fromMin: 100.1, toMin: 328.3, lossPerKm: { unprotected: 0.06193, armoured: 0.01342, air: 0.09845 } }],
  travel: { tortuosity: 1.5, loadMin: 3, unloadMin: 3 },
  model: DEFAULT_MODEL,
  horizonMin: 240,
  expectedRatePerMin: 0.08333,
  recent: [
    { pos: pos(47.37293, 36.10689), rpm0: 3, atMin: 26.5 }, { pos: pos(47.67331, 36.22087), rpm0: 9, atMin: 33.6 }, { pos: pos(47.66265, 36.21575), rpm0: 0, atMin: 41.4 },
    { pos: pos(47.63947, 36.19355), rpm0: 1, atMin: 43.7 }, { pos: pos(47.63345, 36.22596), rpm0: 10, atMin: 50.7 },
  ],
};

test('DISP-106 swapCritical: no swap for a divert to a minor casualty, which divertsFirst drops; the spare car fetches c5 (generated 1010-3 at 50.7)', () => {
  assert.deepEqual(jobs(minorView, {}), ['civilian-car-1: c5'], 'swap off: DISP-25\'s spare car');
  assert.deepEqual(jobs(minorView, { swapLegs: true }), [], 'DISP-105 alone: the divert chosen, then dropped with its other half');
  assert.deepEqual(jobs(minorView, { swapLegs: true, swapPriced: true }), [], 'pricing alone does not help here');
  assert.deepEqual(jobs(minorView, { swapLegs: true, swapCritical: true }), ['civilian-car-1: c5']);
  assert.deepEqual(jobs(minorView, { swapLegs: true, swapPriced: true, swapCritical: true }), ['civilian-car-1: c5']);
});

test('DISP-106 swapCritical: a minor casualty (c7, RPM 11) is not handed to the free ambulance (clairvoyant threat 10480 at 86.8)', () => {
  assert.deepEqual(jobs(view, { swapLegs: true, swapCritical: true }), ['v2: c7 c8']);
});
