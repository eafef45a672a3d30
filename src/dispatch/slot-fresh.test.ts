// DISP-100: a round's commitments lower a casualty's alternative as much as its trip now (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MODEL, survivalAt, vehicleClockRate } from './survival.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import type { PlanCasualty, PlanVehicle, PlanView } from './types.ts';

// The live scene of session 24 (one R2 with 2 tables; ten ambulances at its door): four RPM-9 casualties, 15–25 min
// old, have an ambulance on its way each (their places counted in the backlog), and two RPM-9 casualties are reported
// a minute ago 7 km away, while six ambulances stand free.
const base = { lat: 48.5, lon: 37.7 };
const there = { lat: 48.55, lon: 37.75 };
const casualty = (id: string, tau: number, assignedTo?: string): PlanCasualty => ({ id, atMin: -tau, rpm0: 9, tau, rate: 1, litter: true, pos: there, ...(assignedTo ? { assignedTo } : {}) });
const ambulance = (id: string, fetching?: string): PlanVehicle => ({
  id, kind: 'ambulance', protection: 'unprotected', straightLine: false, speedKmh: 50, medic: true, litter: 2, seated: 2,
  pos: base, basePos: base, freeAt: 0, idle: true, rangeLeftKm: null, available: null,
  ...(fetching ? { enRoute: [fetching], diverted: 0, posNow: base, ifKept: { pos: base, freeAt: 31.6, rangeLeftKm: null, reach: { atMin: 10.8, rangeLeftKm: null } } } : {}),
});
const onTheirWay = [['e1', 20], ['e2', 25], ['e3', 15], ['e4', 15]] as const;
const view = (): PlanView => ({
  now: 0,
  casualties: [casualty('fresh1', 1), casualty('fresh2', 1), ...onTheirWay.map(([id, tau], k) => casualty(id, tau, `a${k + 1}`))],
  vehicles: [...onTheirWay.map(([id], k) => ambulance(`a${k + 1}`, id)), ...[5, 6, 7, 8, 9, 10].map((k) => ambulance(`a${k}`))],
  facilities: [{ id: 'r2', role: 'R2', pos: base, beds: 60, bedsFree: 56, bedsFreeAt: [104, 122, 194, 212], surgicalTables: 2, tableFreeAt: [0, 0], surgicalBacklog: 4, open: null }],
  threats: [],
  travel: { tortuosity: 1.35, loadMin: 5, unloadMin: 5 },
  model: DEFAULT_MODEL,
  horizonMin: 180,
  expectedRatePerMin: 1 / 30,
  recent: [25, 20, 15, 15, 1, 1].map((m) => ({ pos: there, rpm0: 9, atMin: -m })),
});
const fetched = (slotFresh: boolean): string[] =>
  makeOptimalPolicy({ slotFresh }).plan(view()).flatMap((j) => j.stops.flatMap((s) => (s.kind === 'pickup' ? [s.casualtyId] : []))).sort();

test('DISP-100 by the simulator\'s rules a fresh critical casualty fetched now does no worse than fetched later', () => {
  // SIM-1/SIM-3: the clock runs at 1 where it lies, at the medic's rate aboard and at the stabilised rate (0.5) in the
  // queue for a table. The four on their way reach the R2 at about 27 min and take both tables for two operations;
  // either way the fresh one is operated on when a table frees after them, so waiting in the field only ages it.
  const m = DEFAULT_MODEL;
  const reach = 10.8;
  const drop = 26.6;
  const start = 26.6 + 2 * m.surgeryMin;
  const clock = (delay: number): number => 1 + (reach + delay) + vehicleClockRate(true, m) * (drop - reach) + m.clockStabilised * Math.max(0, start - drop - delay);
  assert.ok(survivalAt(9, clock(0), m) >= survivalAt(9, clock(45), m));
  assert.ok(clock(0) < clock(45));
});

test('DISP-100 two fresh RPM-9 casualties are fetched while ambulances stand free (not before: the baseline ignored the round\'s commitments)', () => {
  assert.deepEqual(fetched(true).filter((id) => id.startsWith('fresh')), ['fresh1', 'fresh2']);
  assert.deepEqual(fetched(false).filter((id) => id.startsWith('fresh')), [], 'off: left lying (the fault this rule answers)');
});
