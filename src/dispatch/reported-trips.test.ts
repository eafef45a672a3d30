// DISP-37 (measured, not adopted): a small fleet's vehicle priced by trips to where the latest casualties were
// reported, not only by the trips open to the casualties waiting (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { amb, bandView, far, near, pos } from './band-scene.fixture.ts';
import { lastVehicleTripsWorth } from './optimal/last-vehicle-trips.ts';
import { matrixOf } from './optimal/matrix.ts';
import { assessContext } from './optimal/policy.ts';
import { reportedTrips } from './optimal/reported-trips.ts';
import { bestScore } from './optimal/value.ts';
import type { PlanView } from './types.ts';

// Every casualty waiting lies in the band; casualties were also reported west of it, on a safe road.
const safe = pos(48.5, 37.8);
const scene = (): PlanView => ({ ...bandView([far, near], [amb], 0.02), recent: [{ pos: safe, rpm0: 6, atMin: 30 }, { pos: far.pos, rpm0: far.rpm0, atMin: far.atMin }, { pos: near.pos, rpm0: near.rpm0, atMin: near.atMin }] });

test('DISP-37 (measured, off) the switch prices the one vehicle by trips to the places reported, a safe one among them', () => {
  const worthWith = (reportedWorth: boolean): number => {
    const ctx = assessContext(scene(), { reportedWorth });
    const row = ctx.view.casualties.map((c) => bestScore(ctx, amb, c));
    return lastVehicleTripsWorth(ctx, amb, ctx.view.casualties, matrixOf([row]))!;
  };
  const on = assessContext(scene(), { reportedWorth: true });
  const trips = reportedTrips(on, amb)!;
  assert.equal(trips.length, 3);
  // The trip to the safe place risks nothing; those into the band do.
  assert.ok(trips[0]!.loss < 1e-9 && trips[1]!.loss > 0.05 && trips[2]!.loss > 0.05, JSON.stringify(trips));
  assert.equal(reportedTrips(assessContext(scene(), { reportedWorth: false }), amb), null);
  // With a safe trip in the sample the vehicle's chance of loss per trip is lower, so it is worth more.
  assert.ok(worthWith(true) > worthWith(false), `${worthWith(true)} vs ${worthWith(false)}`);
});
