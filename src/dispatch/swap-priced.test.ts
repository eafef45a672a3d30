// DISP-106: a swap of legs (DISP-105 `swapLegs`) counts the swapped casualty as the other job is worth for it — its
// expected survival less its table charge and its share of that vehicle's risk — as DISP-23 prices the divert's own
// casualties (`swapPriced`; docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from './index.ts';
import type { OptimalParams } from './optimal/params.ts';
import { DEFAULT_MODEL } from './survival.ts';
import type { PlanVehicle, PlanView } from './types.ts';

const pos = (lat: number, lon: number) => ({ lat, lon });
const base = pos(48.539, 37.62989);
const vehicle = (id: string, kind: 'ambulance' | 'armoured', speedKmh: number, litter: number, seated: number): PlanVehicle => ({
  id, kind, protection: kind === 'armoured' ? 'armoured' : 'unprotected', straightLine: false, speedKmh, medic: true, litter, seated,
  pos: base, basePos: base, freeAt: 86.8, idle: true, rangeLeftKm: null, available: null,
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
