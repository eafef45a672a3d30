// DISP-72 and DISP-73 (measured, not adopted: off in `optimal`): a stabilising stop's onward vehicle is not one the
// casualties already waiting need (DISP-72), nor a vehicle on its way to another casualty, read from its last stop
// where SIM-14 shows it free now (DISP-73).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import type { OptimalParams } from '../dispatch/optimal/params.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

// An R1 55 km north of the R2; at the R1 an ambulance (40 km/h) and a fast civilian car (no litter place), another car
// at the R2. At 4.9 c2 (RPM 7, seated) is reported 22 km north of the R1 and the car is sent for it; at 5 c1 (RPM 8,
// a stretcher case) beside the R1. SIM-14 shows the car free now at the R1: valued as c1's onward vehicle (its wait 0
// plus `onwardSlackMin`), c1 was left at the R1, and the ambulance took it on itself after dropping it there.
const scene = parseScenario({
  format: 'goldenhour-scenario/1', name: 'onward-load', seed: 0, horizonMin: 900,
  facilities: [
    { id: 'r2', role: 'R2', pos: [48.0, 37.0], surgicalTables: 2, beds: 10 },
    { id: 'r1', role: 'R1', pos: [48.5, 37.0], beds: 10 },
  ],
  vehicles: [
    { id: 'car', kind: 'civilian-car', base: 'r1', litter: 0, seated: 3, speedKmh: 90, medic: false },
    { id: 'amb', kind: 'ambulance', base: 'r1', litter: 2, seated: 2, speedKmh: 40, medic: true },
    { id: 'car-2', kind: 'civilian-car', base: 'r2', litter: 0, seated: 3, speedKmh: 90, medic: false },
  ],
  casualties: [
    { id: 'c2', atMin: 4.9, pos: [48.7, 37.0], rpm: 7, litter: false },
    { id: 'c1', atMin: 5, pos: [48.52, 37.0], rpm: 8, litter: true },
  ],
});

const run = (p: Partial<OptimalParams>) => simulate(scene, makeOptimalPolicy(p), { seed: 0 });
const drops = (r: ReturnType<typeof run>): string[] => r.trace.filter((e) => e.event === 'dropoff' && e.casualty === 'c1').map((e) => (e as { facility: string }).facility);
const critical = (r: ReturnType<typeof run>): number => metricsOf(r).expectedSurvivors.critical;

for (const [rule, p] of [['DISP-72', { onwardLoad: true }], ['DISP-73', { onwardIfKept: true }], ['DISP-72 with DISP-73', { onwardLoad: true, onwardIfKept: true }]] as const) {
  test(`${rule} a casualty is not left at a stabilising stop for an onward vehicle another casualty is waiting for`, () => {
    const before = run({});
    const now = run(p);
    assert.deepEqual(drops(before), ['r1', 'r2'], 'without it c1 is left at the R1 and taken on by the ambulance');
    assert.deepEqual(drops(now), ['r2'], 'with it the ambulance takes c1 straight to the R2');
    assert.ok(critical(now) > critical(before) + 0.02, `${critical(now)} vs ${critical(before)} without ${rule}`);
  });
}
