// DISP-113: a casualty is also valued with each protection class's nearest vehicle free to go now (`classFreeNearest`;
// docs/dispatch.md, "Held-out family 1017" under Benchmarks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from './index.ts';
import { makeNearestVehicles } from './optimal/nearest-vehicles.ts';
import type { OptimalParams } from './optimal/params.ts';
import type { PlanView } from './types.ts';
import { classFreeView } from './class-free-nearest.fixture.ts';

/** Each job as vehicle, pickups in order and facility. */
const jobs = (v: PlanView, mode: OptimalParams['classFreeNearest']): string[] =>
  makeOptimalPolicy({ classFreeNearest: mode }).plan(v).map((j) => `${j.vehicleId}: ${j.stops.map((s) => (s.kind === 'pickup' ? s.casualtyId : s.kind === 'dropoff' ? `@${s.facilityId}` : 'transfer')).join(' ')}`);

const ids = (v: PlanView, casualty: string, mode: OptimalParams['classFreeNearest']): string[] => {
  const c = v.casualties.find((x) => x.id === casualty)!;
  return [...makeNearestVehicles(v, v.vehicles, 8, mode)(c)].map((i) => v.vehicles[i]!.id);
};

test('DISP-113 the free armoured car behind one on its way is valued for a critical casualty in the band (1017-50 at 401.3)', () => {
  // Off: c8's armoured option is armoured-26, whose divert from c7 DISP-16 refuses; the cars net below leaving c8
  // untreated once their loss (0.55) is priced, so nobody is sent and c8 settles. On: armoured-14 fetches it.
  assert.deepEqual(jobs(classFreeView, 'off'), []);
  for (const mode of ['critical', 'all'] as const) assert.deepEqual(jobs(classFreeView, mode), ['armoured-14: c8 @r2-0'], mode);
});

test('DISP-113 adds only a class\'s nearest free vehicle, and only where the class\'s nearest is not free', () => {
  const off = ids(classFreeView, 'c8', 'off');
  assert.ok(off.includes('armoured-26') && !off.includes('armoured-14'));
  assert.deepEqual(ids(classFreeView, 'c8', 'critical'), [...off, 'armoured-14']);
  assert.deepEqual(ids(classFreeView, 'c8', 'all'), [...off, 'armoured-14']);
  // c7 (RPM 10): `critical` leaves a minor casualty's picks as DISP-3 makes them; `all` adds its class's free ones.
  assert.deepEqual(ids(classFreeView, 'c7', 'critical'), ids(classFreeView, 'c7', 'off'));
  // With armoured-26 at its base (on its way to nobody), it is the class's nearest and its free one: nothing is added.
  const settled = { ...classFreeView, vehicles: classFreeView.vehicles.map(({ enRoute: _e, ifKept: _k, posNow: _p, diverted: _d, ...v }) => v) };
  assert.deepEqual(ids(settled, 'c8', 'all'), ids(settled, 'c8', 'off'));
});
