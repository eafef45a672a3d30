// DISP-50 (measured, not adopted: off in `optimal`): a stretcher case's onward leg from a stabilising stop is valued
// with a vehicle that has a litter place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

// A stretcher case (RPM 8) beside an R1 55 km north of the R2. At the R1: an ambulance (40 km/h) and a fast civilian
// car (no litter place); two more cars at the R2. The car is the R1's nearest onward vehicle, but it cannot take the
// stretcher case on: the ambulance must, after dropping it there.
const scene = parseScenario({
  format: 'goldenhour-scenario/1', name: 'onward-carries', seed: 0, horizonMin: 900,
  facilities: [
    { id: 'r2', role: 'R2', pos: [48.0, 37.0], surgicalTables: 2, beds: 10 },
    { id: 'r1', role: 'R1', pos: [48.5, 37.0], beds: 10 },
  ],
  vehicles: [
    { id: 'car', kind: 'civilian-car', base: 'r1', litter: 0, seated: 3, speedKmh: 90, medic: false },
    { id: 'amb', kind: 'ambulance', base: 'r1', litter: 2, seated: 2, speedKmh: 40, medic: true },
    { id: 'car-2', kind: 'civilian-car', base: 'r2', litter: 0, seated: 3, speedKmh: 90, medic: false },
    { id: 'car-3', kind: 'civilian-car', base: 'r2', litter: 0, seated: 3, speedKmh: 90, medic: false },
  ],
  casualties: [{ id: 'c1', atMin: 5, pos: [48.52, 37.0], rpm: 8, litter: true }],
});

test('DISP-50 a stretcher case is not left at a stabilising stop whose only quick onward vehicle cannot carry it', () => {
  const now = simulate(scene, makeOptimalPolicy({ onwardCarries: true }), { seed: 0 });
  const before = simulate(scene, makeOptimalPolicy(), { seed: 0 });
  const drops = (r: typeof now): string[] => r.trace.filter((e) => e.event === 'dropoff' && e.casualty === 'c1').map((e) => (e as { facility: string }).facility);
  // Before: valued as taken on by the car, it was left at the R1 and the ambulance took it on after dropping it there.
  assert.deepEqual(drops(before), ['r1', 'r2']);
  assert.deepEqual(drops(now), ['r2'], 'with the rule the ambulance takes it straight to the R2');
  const critical = (r: typeof now): number => metricsOf(r).expectedSurvivors.critical;
  assert.ok(critical(now) > critical(before) + 0.02, `${critical(now)} vs ${critical(before)} without DISP-50`);
});
