// DISP-41: a vehicle whose availability window opens later is waited for like a busy one (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

// A civilian car at an R2 and a helicopter there on duty from minute 30; an RPM-9 casualty 60 km away at minute 5
// (as generated 991-13): by car two hours each way, by helicopter twenty minutes.
const windows = parseScenario({
  format: 'goldenhour-scenario/1', name: 'later-vehicle', seed: 0, horizonMin: 400,
  facilities: [{ id: 'r2', role: 'R2', pos: [48.0, 37.0], surgicalTables: 2, beds: 10 }],
  vehicles: [
    { id: 'car', kind: 'civilian-car', base: 'r2', litter: 0, seated: 3, speedKmh: 40, medic: false },
    { id: 'heli', kind: 'helicopter', base: 'r2', litter: 2, seated: 2, speedKmh: 200, medic: true, available: [[30, 400]] },
  ],
  casualties: [{ id: 'far', atMin: 5, pos: [48.4, 37.6], rpm: 9, litter: false }],
});

test('DISP-41 the slow car is not sent on a four-hour trip when a helicopter comes on duty in 25 minutes', () => {
  const now = simulate(windows, makeOptimalPolicy(), { seed: 0 });
  const before = simulate(windows, makeOptimalPolicy({ laterVehicles: false }), { seed: 0 });
  const carrier = (r: typeof now): string | undefined => r.trace.find((e) => e.event === 'pickup' && e.casualty === 'far')?.vehicle;
  assert.equal(carrier(before), 'car', 'without the rule the car goes at once');
  assert.equal(carrier(now), 'heli', 'with it the helicopter fetches the casualty once on duty');
  assert.ok(!now.trace.some((e) => e.event === 'dispatch' && e.t < 30), 'nothing is sent before the helicopter\'s window');
  const critical = (r: typeof now): number => metricsOf(r).expectedSurvivors.critical;
  assert.ok(critical(now) > critical(before) + 0.3, `${critical(now)} vs ${critical(before)} without DISP-41`);
});
