// DISP-99: a stabilising stop whose onward leg finds no surgical bed free now is worth what the simulator gives that
// outcome: at least the untreated limit (SIM-7), and more when a bed frees later (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessJob, makeOptimalPolicy } from './optimal.ts';
import { DEFAULT_MODEL, survivalLimit } from './survival.ts';
import { OPTIMAL_V1_PARAMS } from './optimal/params.ts';
import type { PlanFacility, PlanView } from './types.ts';
import { ONE_STEP } from './exact-lone-forms.fixture.ts';

const pos = (lat: number, lon: number) => ({ lat, lon });
const at = pos(48.6, 37.7);
const r1Pos = pos(48.6, 37.6);
const r2Pos = pos(48.6, 37.3);

/**
 * A critical casualty (RPM 6, just injured) 7 km from an R1 with free beds; the R2 30 km out has free tables but no
 * free bed (the live scene of session 24: an R2 reported full, a critical casualty beside an R1). `bedsFreeAt` when its
 * taken beds free.
 */
function scene(bedsFreeAt?: number[]): PlanView {
  const r2: PlanFacility = { id: 'r2', role: 'R2', pos: r2Pos, beds: 20, bedsFree: 0, surgicalTables: 2, tableFreeAt: [0, 0], surgicalBacklog: 0, open: null, ...(bedsFreeAt ? { bedsFreeAt } : {}) };
  return {
    now: 0,
    casualties: [{ id: 'c1', atMin: 0, rpm0: 6, tau: 0, rate: 1, litter: false, pos: at }],
    vehicles: [{ id: 'amb', kind: 'ambulance', protection: 'unprotected', straightLine: false, speedKmh: 60, medic: true, litter: 2, seated: 2, pos: r1Pos, basePos: r1Pos, freeAt: 0, idle: true, rangeLeftKm: null, available: null }],
    facilities: [{ id: 'r1', role: 'R1', pos: r1Pos, beds: 10, bedsFree: 10, surgicalTables: 0, tableFreeAt: [], surgicalBacklog: 0, open: null }, r2],
    threats: [],
    travel: { tortuosity: 1.3, loadMin: 5, unloadMin: 3 },
    model: DEFAULT_MODEL,
    horizonMin: 240,
    expectedRatePerMin: 0,
    recent: [],
  };
}

const toR1 = { vehicleId: 'amb', stops: [{ kind: 'pickup' as const, casualtyId: 'c1' }, { kind: 'dropoff' as const, casualtyIds: ['c1'], facilityId: 'r1' }] };
const valueAtR1 = (view: PlanView, stopFloor: 'off' | 'floor' | 'beds'): number => assessJob(view, toR1, { stopFloor })!.expected.get('c1')!;

test('DISP-99 a stop with no surgical bed onward is worth the untreated limit, not 0 (SIM-7: a casualty no one moves on settles there)', () => {
  const limit = survivalLimit(6, DEFAULT_MODEL);
  assert.equal(valueAtR1(scene(), 'off'), 0, 'the fault: below not fetching at all');
  assert.ok(valueAtR1(scene(), 'floor') >= limit - 1e-12);
  assert.ok(valueAtR1(scene(), 'beds') >= limit - 1e-12, 'no bed known to free: the floor');
});

test('DISP-99 `beds`: a bed freeing at the R2 at minute 90 is waited for at the R1 (clock at half rate), and the casualty is fetched', () => {
  const view = scene([90]);
  const limit = survivalLimit(6, DEFAULT_MODEL);
  // Stabilised from ~minute 20 to the bed, then 39 km on: the clock reads ~100 at the table, survival ~0.13.
  const held = valueAtR1(view, 'beds');
  assert.ok(held > limit + 0.05, `valued ${held}`);
  assert.ok(held < 0.2, `valued ${held}`);
  // Without the rule nothing is sent: the R1 is worth 0 and the R2 (no bed now) is no destination.
  assert.deepEqual(makeOptimalPolicy({ ...ONE_STEP, stopFloor: 'off' }).plan(view), []);
  const jobs = makeOptimalPolicy({ ...ONE_STEP, stopFloor: 'beds' }).plan(view);
  assert.deepEqual(jobs.map((j) => [j.vehicleId, j.stops.at(-1)]), [['amb', { kind: 'dropoff', casualtyIds: ['c1'], facilityId: 'r1' }]]);
});

test('DISP-99 `optimal` floors the stop (on since session 25); `optimal-v1` keeps it at 0 (DISP-15)', () => {
  assert.ok(assessJob(scene(), toR1)!.expected.get('c1')! >= survivalLimit(6, DEFAULT_MODEL) - 1e-12);
  assert.equal(OPTIMAL_V1_PARAMS.stopFloor, 'off');
  assert.equal(assessJob(scene(), toR1, OPTIMAL_V1_PARAMS)!.expected.get('c1'), 0);
});
