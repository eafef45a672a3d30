// DISP-101: DISP-19's search also forms trips of three pickups in a small fleet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeCtx } from './optimal/context.ts';
import { DEFAULT_OPTIMAL_PARAMS } from './optimal/params.ts';
import { planSequences } from './optimal/sequence.ts';
import { DEFAULT_MODEL } from './survival.ts';
import type { PlanCasualty, PlanVehicle, PlanView } from './types.ts';

const pos = (lat: number, lon: number) => ({ lat, lon });
const base = pos(48.5, 37.7);
// One ambulance with three litter places, at the only facility.
const ambulance: PlanVehicle = {
  id: 'amb', kind: 'ambulance', protection: 'unprotected', straightLine: false, speedKmh: 50, medic: true, litter: 3, seated: 0,
  pos: base, basePos: base, freeAt: 0, idle: true, rangeLeftKm: null, available: null,
};
// Three critical casualties lying within a few hundred metres of each other, 17 km out: one trip for all three saves
// the third a 35-km round trip.
const casualties: PlanCasualty[] = [0, 1, 2].map((i) => ({ id: `c${i}`, atMin: 0, rpm0: 8, tau: 0, rate: 1, litter: true, pos: pos(48.65 + 0.002 * i, 37.7) }));
const view: PlanView = {
  now: 0, casualties, vehicles: [ambulance],
  facilities: [{ id: 'r2', role: 'R2', pos: base, beds: 20, bedsFree: 20, surgicalTables: 20, tableFreeAt: Array(20).fill(0), surgicalBacklog: 0, open: null }],
  threats: [], travel: { tortuosity: 1.3, loadMin: 5, unloadMin: 5 }, model: DEFAULT_MODEL, horizonMin: 600, expectedRatePerMin: 0,
};

test('DISP-101 the search fetches three casualties lying together on one trip (pairs at most before)', () => {
  const search = (triples: number) => {
    const ctx = makeCtx(view, { ...DEFAULT_OPTIMAL_PARAMS, slotCost: 0, sequenceTriples: triples });
    return planSequences(ctx, view.vehicles, casualties, 1e6);
  };
  const pairs = search(0);
  const triples = search(8);
  assert.ok(pairs.exact && triples.exact);
  assert.equal(pairs.first.get('amb')!.casualties.length, 2, 'without DISP-101 a trip takes two at most');
  assert.equal(triples.first.get('amb')!.casualties.length, 3);
  // The third casualty is not left for a second trip 35 km long: the sequence is worth more.
  assert.ok(triples.value > pairs.value + 0.05, `with trips of three ${triples.value.toFixed(3)}, pairs at most ${pairs.value.toFixed(3)}`);
});

test('DISP-101 a trip of three only where the three fit: two litter places and three litter cases stay pairs', () => {
  const two = { ...ambulance, litter: 2, seated: 1 };
  const ctx = makeCtx({ ...view, vehicles: [two] }, { ...DEFAULT_OPTIMAL_PARAMS, slotCost: 0, sequenceTriples: 8 });
  const found = planSequences(ctx, [two], casualties, 1e6);
  assert.ok(found.exact);
  assert.equal(found.first.get('amb')!.casualties.length, 2);
});

test('DISP-101 in a fleet of one vehicle only (sequenceTriplesMaxVehicles 1): with a second vehicle in the view the trips stay pairs', () => {
  const params = { ...DEFAULT_OPTIMAL_PARAMS, slotCost: 0, sequenceTriples: 8, sequenceTriplesMaxVehicles: 1 };
  const alone = planSequences(makeCtx(view, params), view.vehicles, casualties, 1e6);
  assert.equal(alone.first.get('amb')!.casualties.length, 3);
  // A second ambulance busy for the next ten hours: the fleet has two, so no trip of three is formed.
  const other: PlanVehicle = { ...ambulance, id: 'amb-2', freeAt: 600, idle: false };
  const found = planSequences(makeCtx({ ...view, vehicles: [ambulance, other] }, params), [ambulance], casualties, 1e6);
  assert.ok(found.exact);
  assert.equal(found.first.get('amb')!.casualties.length, 2);
});
