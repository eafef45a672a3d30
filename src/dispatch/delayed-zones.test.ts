// DISP-108: a casualty's waiting alternative (DISP-1: the same trip `delayMin` later) driven through the zones as they
// are then (`delayedZones`; docs/dispatch.md, "Held-out family 1012").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from './index.ts';
import type { OptimalParams } from './optimal/params.ts';
import { DEFAULT_MODEL } from './survival.ts';
import type { PlanView } from './types.ts';
import { ONE_STEP } from './exact-lone-forms.fixture.ts';

const pos = (lat: number, lon: number) => ({ lat, lon });
const r2 = pos(48.0, 35.0);

/**
 * One ambulance at an R2; two casualties alike (RPM 5), c1 22.3 km east beyond a band that opens at 130, c2 22.2 km
 * north, clear of it. Fetched now, either trip is back before the band opens; 45 min later (the waiting alternative)
 * c1's trip crosses it both ways and c2's does not. Priced by the clock alone the two lose the same by waiting and the
 * nearer, c2, goes first; through the band as it will be, c1 is the one the wait cuts off.
 */
const view: PlanView = {
  now: 60,
  casualties: [
    { id: 'c1', atMin: 60, rpm0: 5, tau: 0, rate: 1, litter: true, pos: pos(48.0, 35.3) },
    { id: 'c2', atMin: 60, rpm0: 5, tau: 0, rate: 1, litter: true, pos: pos(48.2, 35.0) },
  ],
  vehicles: [{ id: 'ambulance-0', kind: 'ambulance', protection: 'unprotected', straightLine: false, speedKmh: 60, medic: true, litter: 1, seated: 0, pos: r2, basePos: r2, freeAt: 60, idle: true, rangeLeftKm: null, available: null }],
  facilities: [{ id: 'r2-0', role: 'R2', pos: r2, beds: 10, bedsFree: 10, surgicalTables: 2, tableFreeAt: [60, 60], surgicalBacklog: 0, open: null }],
  threats: [{ id: 'band', polygon: [pos(47.9, 35.1), pos(47.9, 35.2), pos(48.1, 35.2), pos(48.1, 35.1)], fromMin: 130, toMin: 600, lossPerKm: { unprotected: 0.15, armoured: 0.03, air: 0.3 } }],
  travel: { tortuosity: 1.2, loadMin: 8, unloadMin: 5 },
  model: DEFAULT_MODEL,
  horizonMin: 240,
  expectedRatePerMin: 0,
};

const first = (v: PlanView, p: Partial<OptimalParams>): string[] => makeOptimalPolicy({ ...ONE_STEP, ...p }).plan(v).flatMap((j) => j.stops.flatMap((s) => (s.kind === 'pickup' ? [s.casualtyId] : [])));

test('DISP-108 the casualty whose waiting alternative a zone opening within the delay cuts off is fetched first', () => {
  assert.deepEqual(first(view, { delayedZones: 'off' }), ['c2'], 'priced by the clock alone, the nearer c2 goes first');
  assert.deepEqual(first(view, { delayedZones: 'opening' }), ['c1']);
});

test('DISP-108 changes nothing where no zone opens within the delay', () => {
  const open = { ...view, threats: view.threats.map((t) => ({ ...t, fromMin: 0 })) };
  const late = { ...view, threats: view.threats.map((t) => ({ ...t, fromMin: 400 })) };
  for (const v of [open, late]) assert.deepEqual(first(v, { delayedZones: 'opening' }), first(v, { delayedZones: 'off' }));
});
