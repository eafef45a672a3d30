// DISP-98: a vehicle much faster than the rest of its fleet is worth its pace's share of the demand to come (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessContext } from '../dispatch/optimal/policy.ts';
import { vehicleWorth } from '../dispatch/optimal/value.ts';
import { firstJob } from './example-round.fixture.ts';


test('DISP-98 the one helicopter of a road fleet is not sent through the front for a casualty an armoured car can fetch (four-sector-surge)', () => {
  // At 29.5 c4 (RPM 9, litter) is reported inside front-0, 19 km from the Kupiansk stabilisation point and its APC.
  // Priced like any of the 15 vehicles, heli-1 flies 235 km from Dnipro through the zone (air: 0.04 per zone km) to
  // take c4 straight to the R3's tables: lost at 92–100 min on 8 of 20 seeds, with c4 aboard, and every later casualty
  // far from a road vehicle waits for one. Worth its pace's share of the demand to come (220 km/h flying against
  // 22–52 km/h by road), it is kept and apc-kup fetches c4 to the stabilising stop.
  const off = firstJob('four-sector-surge', 4, 29.5, 'c4', { fastWorth: 0, substituteWorth: 'off' });
  const on = firstJob('four-sector-surge', 4, 29.5, 'c4', { fastWorth: 2, substituteWorth: 'off' });
  assert.equal(off.job?.vehicleId, 'heli-1', `without the rule: ${off.job?.reason}`);
  assert.ok(on.job !== undefined && on.job.vehicleId !== 'heli-1', `with it: ${on.job?.reason}`);
  // Only the helicopter is priced above the flat price; the road vehicles keep it.
  const ctx = assessContext(on.view, { fastWorth: 2 });
  const flat = assessContext(on.view, { fastWorth: 0, substituteWorth: 'off' });
  const heli = on.view.vehicles.find((v) => v.id === 'heli-1')!;
  assert.ok(vehicleWorth(ctx, heli, []) > 2 * vehicleWorth(flat, heli, []), `${vehicleWorth(ctx, heli, [])} against ${vehicleWorth(flat, heli, [])}`);
  for (const v of on.view.vehicles) if (v.id !== 'heli-1') assert.equal(vehicleWorth(ctx, v, []), vehicleWorth(flat, v, []), v.id);
});

test('DISP-98 a fleet without a vehicle twice its median pace keeps the flat price (river-crossing-waves)', () => {
  // Ambulances, armoured cars and a car, 22–37 km/h by road: none is fast, so nothing changes.
  const { view } = firstJob('river-crossing-waves', 0, 40, 'c1', { fastWorth: 2, substituteWorth: 'off' });
  const ctx = assessContext(view, { fastWorth: 2 });
  const flat = assessContext(view, { fastWorth: 0, substituteWorth: 'off' });
  assert.equal(ctx.worth.size, 0);
  for (const v of view.vehicles) assert.equal(vehicleWorth(ctx, v, []), vehicleWorth(flat, v, []), v.id);
});
