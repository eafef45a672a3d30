// DISP-103: DISP-30's earnings floor keeps its one-trip term only for a vehicle whose threats close before the horizon
// (`floorAfterThreats`; docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from './index.ts';
import { DEFAULT_MODEL } from './survival.ts';
import type { PlanVehicle, PlanView } from './types.ts';

const pos = (lat: number, lon: number) => ({ lat, lon });
const base = pos(47.44135, 38.43983);
const ambulance = (id: string, speedKmh: number): PlanVehicle => ({
  id, kind: 'ambulance', protection: 'unprotected', straightLine: false, speedKmh, medic: true, litter: 2, seated: 2,
  pos: base, basePos: base, freeAt: 106.6, idle: true, rangeLeftKm: null, available: null,
});
const facility = (id: string, at: { lat: number; lon: number }, beds: number, tables: number) => ({
  id, role: tables > 0 ? ('R2' as const) : ('R1' as const), pos: at, beds, bedsFree: beds, surgicalTables: tables,
  tableFreeAt: new Array<number>(tables).fill(106.6), surgicalBacklog: 0, open: null,
});

/**
 * Generated 1010-99's second round (minute 106.6): two ambulances at the edge of a front band that stays open past the
 * horizon (240); c1 (RPM 12) and c2 (RPM 6, reported now) inside it. The trip for c2 gets through with 0.53 and adds
 * 0.016 to its survival; the floor priced the ambulance at one trip (0.1) that no trip after the threats could earn,
 * so both were held until the last report, when the fallback (SIM-11) sent them anyway, 9 min later.
 */
const view: PlanView = {
  now: 106.6,
  casualties: [
    { id: 'c1', atMin: 96.7, rpm0: 12, tau: 9.9, rate: 1, litter: true, pos: pos(47.22838, 38.5403) },
    { id: 'c2', atMin: 106.6, rpm0: 6, tau: 0, rate: 1, litter: true, pos: pos(47.26138, 38.49346) },
  ],
  vehicles: [ambulance('ambulance-0', 48), ambulance('ambulance-1', 47.2)],
  facilities: [
    facility('r1-0', base, 4, 0),
    facility('r1-1', pos(47.32304, 38.43767), 8, 0),
    facility('r1-2', pos(47.69351, 38.4277), 9, 0),
    facility('r2-0', pos(47.71035, 38.14426), 7, 2),
  ],
  threats: [{ id: 'band', polygon: [pos(46.97171, 38.46339), pos(46.97171, 38.55706), pos(47.97171, 38.55706), pos(47.97171, 38.46339)], fromMin: 0, toMin: 720, lossPerKm: { unprotected: 0.02775, armoured: 0.00666, air: 0.05899 } }],
  travel: { tortuosity: 1.39, loadMin: 8, unloadMin: 5 },
  model: DEFAULT_MODEL,
  horizonMin: 240,
  expectedRatePerMin: 2 / 106.6,
  recent: [{ pos: pos(47.22838, 38.5403), rpm0: 12, atMin: 96.7 }, { pos: pos(47.26138, 38.49346), rpm0: 6, atMin: 106.6 }],
};

const fetched = (v: PlanView, on: boolean): string[] => makeOptimalPolicy({ floorAfterThreats: on }).plan(v).flatMap((j) => j.stops.flatMap((s) => (s.kind === 'pickup' ? [s.casualtyId] : [])));

test('DISP-103 a band that outlasts the horizon leaves no trip after it to price a held ambulance at (generated 1010-99 at 106.6)', () => {
  assert.deepEqual(fetched(view, false), [], 'without the rule both ambulances are held');
  assert.deepEqual(fetched(view, true), ['c2']);
});

test('DISP-103 keeps the floor for a vehicle whose threats close before the horizon', () => {
  const closing = { ...view, threats: view.threats.map((t) => ({ ...t, toMin: 200 })) };
  assert.deepEqual(fetched(closing, true), fetched(closing, false));
});
