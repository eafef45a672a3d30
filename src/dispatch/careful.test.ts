import { test } from 'node:test';
import assert from 'node:assert/strict';
import { carefulPolicy } from './careful.ts';
import { closestPolicy } from './policies.ts';
import { DEFAULT_MODEL } from './survival.ts';
import type { PlanVehicle, PlanView } from './types.ts';

const pos = (lat: number, lon: number) => ({ lat, lon });
const vehicle = (id: string, kind: PlanVehicle['kind'], at: { lat: number; lon: number }): PlanVehicle => ({
  id, kind, protection: kind === 'armoured' ? 'armoured' : 'unprotected', straightLine: false, speedKmh: kind === 'armoured' ? 35 : 50,
  medic: true, litter: 2, seated: 0, pos: at, basePos: at, freeAt: 0, idle: true, rangeLeftKm: null, available: null,
});

function view(over: Partial<PlanView> = {}): PlanView {
  return {
    now: 100,
    casualties: [
      { id: 'minor-first', atMin: 0, rpm0: 11, tau: 100, rate: 1, litter: true, pos: pos(48.5, 37.8) },
      { id: 'urgent-later', atMin: 50, rpm0: 5, tau: 50, rate: 1, litter: true, pos: pos(48.5, 37.81) },
    ],
    vehicles: [vehicle('amb', 'ambulance', pos(48.5, 37.75))],
    facilities: [{ id: 'r2', role: 'R2', pos: pos(48.5, 37.7), beds: 10, bedsFree: 10, surgicalTables: 2, tableFreeAt: [0, 0], surgicalBacklog: 0, open: null }],
    threats: [],
    travel: { tortuosity: 1.35, loadMin: 5, unloadMin: 5 },
    model: DEFAULT_MODEL,
    horizonMin: 600,
    expectedRatePerMin: 0,
    ...over,
  };
}

const fetched = (jobs: ReturnType<typeof carefulPolicy.plan>): string[] => jobs.flatMap((j) => j.stops.flatMap((s) => (s.kind === 'pickup' ? [s.casualtyId] : [])));

test('DISP-13 careful serves the most urgent casualty first; closest serves in order of report', () => {
  assert.deepEqual(fetched(carefulPolicy.plan(view())), ['urgent-later']);
  assert.deepEqual(fetched(closestPolicy.plan(view())), ['minor-first']);
});

test('DISP-13 careful sends no vehicle through a zone another one was lost in lately, and the armoured one into a deadly zone', () => {
  const zone = { id: 'z', polygon: [pos(48.45, 37.79), pos(48.45, 37.85), pos(48.55, 37.85), pos(48.55, 37.79)], fromMin: 0, toMin: 1000, lossPerKm: { unprotected: 0.05, armoured: 0.002, air: 0.05 } };
  const casualties = [{ id: 'in-zone', atMin: 0, rpm0: 5, tau: 100, rate: 1, litter: true, pos: pos(48.5, 37.82) }];
  const vehicles = [vehicle('amb', 'ambulance', pos(48.5, 37.75)), vehicle('arm', 'armoured', pos(48.5, 37.74))];
  const base = view({ casualties, vehicles, threats: [zone] });
  assert.deepEqual(carefulPolicy.plan(base).map((j) => j.vehicleId), ['arm'], 'the ambulance is nearer but would likely be lost');
  const lost = { ...base, losses: [{ vehicleId: 'arm-2', pos: pos(48.5, 37.8), atMin: 60 }] };
  assert.deepEqual(carefulPolicy.plan(lost), [], 'a vehicle was lost in that zone 40 min ago');
  assert.equal(carefulPolicy.plan({ ...lost, now: 60 + 121 }).length, 1, 'two hours later it goes again');
});
