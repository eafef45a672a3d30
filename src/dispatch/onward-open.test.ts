// DISP-112: a stabilising stop's onward leg reaches its facility only while it is open (SIM-4 refuses a dropoff at a
// closed facility). Held-out 1016-0: an R1 stop was valued with an onward trip to an R2 closed until minute 297.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessJob, makeOptimalPolicy } from './optimal.ts';
import { DEFAULT_MODEL } from './survival.ts';
import { DEFAULT_OPTIMAL_PARAMS, OPTIMAL_V1_PARAMS } from './optimal/params.ts';
import { openHold } from './optimal/value.ts';
import type { PlanFacility, PlanView } from './types.ts';

const pos = (lat: number, lon: number) => ({ lat, lon });
const at = pos(48.42, 37.58);
const r1Pos = pos(48.56, 37.57);

/**
 * A critical casualty (RPM 9) 16 km from an R1; the R2 (40 km from the R1) is closed from minute 30 to 300; the R3 is
 * 120 km away. The only vehicle is a car without a medic at the R1.
 */
function scene(): PlanView {
  const f = (id: string, role: 'R1' | 'R2' | 'R3', p: { lat: number; lon: number }, tables: number, open: PlanFacility['open']): PlanFacility => ({ id, role, pos: p, beds: 10, bedsFree: 10, surgicalTables: tables, tableFreeAt: Array<number>(tables).fill(0), surgicalBacklog: 0, open });
  return {
    now: 0,
    casualties: [{ id: 'c1', atMin: 0, rpm0: 9, tau: 0, rate: 1, litter: false, pos: at }],
    vehicles: [{ id: 'car', kind: 'civilian-car', protection: 'unprotected', straightLine: false, speedKmh: 60, medic: false, litter: 0, seated: 2, pos: r1Pos, basePos: r1Pos, freeAt: 0, idle: true, rangeLeftKm: null, available: null }],
    facilities: [f('r1', 'R1', r1Pos, 0, null), f('r2', 'R2', pos(48.75, 37.29), 2, [[0, 30], [300, 1e6]]), f('r3', 'R3', pos(48.43, 35.86), 4, null)],
    threats: [],
    travel: { tortuosity: 1.3, loadMin: 5, unloadMin: 5 },
    model: DEFAULT_MODEL,
    horizonMin: 480,
    expectedRatePerMin: 0,
    recent: [],
  };
}

const job = (facilityId: string) => ({ vehicleId: 'car', stops: [{ kind: 'pickup' as const, casualtyId: 'c1' }, { kind: 'dropoff' as const, casualtyIds: ['c1'], facilityId }] });
const value = (facilityId: string, onwardOpen: 'off' | 'skip' | 'wait'): number => assessJob(scene(), job(facilityId), { onwardOpen })!.expected.get('c1')!;
const destination = (onwardOpen: 'off' | 'skip' | 'wait'): unknown => makeOptimalPolicy({ onwardOpen }).plan(scene()).map((j) => j.stops.at(-1));

test('DISP-112 off: the R1 stop is valued with an onward trip to the R2 while it is closed, above the R3 straight', () => {
  assert.ok(value('r1', 'off') > value('r3', 'off') + 0.1, `${value('r1', 'off')} vs ${value('r3', 'off')}`);
  assert.deepEqual(destination('off'), [{ kind: 'dropoff', casualtyIds: ['c1'], facilityId: 'r1' }]);
});

test('DISP-112 `skip`: the closed R2 is no onward route; the stop is worth the R3 after it, and the car goes straight to the R3', () => {
  assert.ok(value('r1', 'skip') < value('r3', 'skip'), `${value('r1', 'skip')} vs ${value('r3', 'skip')}`);
  assert.equal(value('r3', 'skip'), value('r3', 'off'), 'a definitive trip is not an onward leg');
  assert.deepEqual(destination('skip'), [{ kind: 'dropoff', casualtyIds: ['c1'], facilityId: 'r3' }]);
});

test('DISP-112 `wait`: the stop holds the casualty until the R2 opens, valued between `skip` and `off`', () => {
  const held = value('r1', 'wait');
  assert.ok(held < value('r1', 'off') - 1e-6 && held >= value('r1', 'skip') - 1e-12, `${held}`);
});

test('DISP-112 openHold: the wait until arrival and unloading fit one window', () => {
  assert.equal(openHold([[0, 30], [300, 1e6]], 10, 5), 0);
  assert.equal(openHold([[0, 30], [300, 1e6]], 27, 5), 273);
  assert.equal(openHold([[0, 30]], 27, 5), null);
});

test('DISP-112 `wait` is on in `optimal`, off in the frozen `optimal-v1`', () => {
  assert.equal(DEFAULT_OPTIMAL_PARAMS.onwardOpen, 'wait');
  assert.equal(OPTIMAL_V1_PARAMS.onwardOpen, 'off');
});
