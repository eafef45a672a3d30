// DISP-111: the round reasons about the vehicles that can reach a casualty within their sortie range
// (`reachableFleet`; docs/dispatch.md, "Held-out family 1014" under Benchmarks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from './index.ts';
import { reachableFleet } from './optimal/reachable-fleet.ts';
import type { OptimalParams } from './optimal/params.ts';
import type { PlanView } from './types.ts';
import { unreachableFleetView } from './reachable-fleet.fixture.ts';
import { ONE_STEP } from './exact-lone-forms.fixture.ts';

/** Each job as vehicle and pickups in order. */
const jobs = (v: PlanView, reachable: OptimalParams['reachableFleet']): string[] =>
  makeOptimalPolicy({ ...ONE_STEP, reachableFleet: reachable }).plan(v).map((j) => `${j.vehicleId}: ${j.stops.flatMap((s) => (s.kind === 'pickup' ? [s.casualtyId] : [])).join(' ')}`);

test('DISP-111 vehicles out of range of every casualty do not make the lone ambulance a fleet of five (1014-35 at 351.7)', () => {
  // As a fleet of five the one-step round re-plans the ambulance off c1 (RPM 9) to c8 with c2 (RPM 10), whose gain
  // carries the re-plan; as the fleet of one it is, DISP-19's search keeps it on its way to c1.
  assert.deepEqual(jobs(unreachableFleetView, 'off'), ['ambulance-0: c8 c2']);
  for (const mode of ['view', 'gates'] as const) assert.deepEqual(jobs(unreachableFleetView, mode), [], mode);
});

test('DISP-111 keeps a vehicle that can reach a casualty, and one on its way whatever its range', () => {
  assert.deepEqual(reachableFleet(unreachableFleetView).vehicles.map((v) => v.id), ['ambulance-0']);
  // A casualty 9.5 km from the base: the drone (straight, 19 km out and back) and two UGVs (by road, 28 km) reach it;
  // ugv-2 (26 km of range) does not.
  const drone = unreachableFleetView.vehicles.find((v) => v.id === 'drone-4')!;
  const near = { ...unreachableFleetView.casualties[1]!, id: 'c9', pos: { lat: drone.basePos.lat - 0.085, lon: drone.basePos.lon } };
  assert.deepEqual(reachableFleet({ ...unreachableFleetView, casualties: [...unreachableFleetView.casualties, near] }).vehicles.map((v) => v.id), ['ambulance-0', 'ugv-1', 'ugv-3', 'drone-4']);
  // A UGV on a job is the simulator's to finish, and a view with nothing to drop is the same view.
  const busy = unreachableFleetView.vehicles.map((v) => (v.id === 'ugv-2' ? { ...v, idle: false } : v));
  assert.deepEqual(reachableFleet({ ...unreachableFleetView, vehicles: busy }).vehicles.map((v) => v.id), ['ambulance-0', 'ugv-2']);
  const one = { ...unreachableFleetView, vehicles: unreachableFleetView.vehicles.slice(0, 1) };
  assert.equal(reachableFleet(one), one);
});
