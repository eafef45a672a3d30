// DISP-30: the earnings cap never below what a vehicle earns once the threats are over (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import type { SimResult } from './simulator.ts';
import { simulate } from './simulator.ts';

// Two ambulances at an R1 on the edge of a zone active from minute 120 to 330; a burst of eight casualties deep inside it
// at minute 170 (a trip there almost surely loses the ambulance), six more east of it from minute 320.
const burst = [[48.97, 36.53, 3], [48.966, 36.539, 10], [48.965, 36.526, 6], [48.973, 36.518, 10], [48.954, 36.528, 8], [48.956, 36.526, 8], [48.967, 36.536, 11], [48.972, 36.534, 5]] as const;
const after = [[48.7, 36.63, 7], [48.69, 36.61, 8], [48.72, 36.59, 6], [48.68, 36.58, 5], [48.71, 36.6, 9], [48.73, 36.61, 8]] as const;
const lateZone = parseScenario({
  format: 'goldenhour-scenario/1', name: 'late-zone', seed: 0, horizonMin: 480,
  travel: { tortuosity: 1.45, loadMin: 3, unloadMin: 3 },
  facilities: [{ id: 'r1', role: 'R1', pos: [48.72, 36.38], surgicalTables: 0, beds: 8 }, { id: 'r2', role: 'R2', pos: [48.65, 35.96], surgicalTables: 2, beds: 13 }],
  vehicles: [
    { id: 'amb-1', kind: 'ambulance', base: 'r1', litter: 2, seated: 2, speedKmh: 48, medic: true },
    { id: 'amb-2', kind: 'ambulance', base: 'r1', litter: 2, seated: 2, speedKmh: 42, medic: true },
  ],
  threats: [{ id: 'late', polygon: [[48.59, 36.37], [48.59, 36.55], [49.39, 36.55], [49.39, 36.37]], fromMin: 120, toMin: 330, lossPerKm: { unprotected: 0.07, armoured: 0.016, air: 0.16 } }],
  casualties: [
    ...burst.map(([lat, lon, rpm], i) => ({ id: `b${i}`, atMin: 170 + i * 0.4, pos: [lat, lon], rpm, litter: i % 2 === 0 })),
    ...after.map(([lat, lon, rpm], i) => ({ id: `a${i}`, atMin: 320 + i * 4, pos: [lat, lon], rpm, litter: i % 2 === 1 })),
  ],
});

test('DISP-30 no ambulance is priced at nothing and sent into the burst deep in a zone that closes before the horizon', () => {
  const runs = (params: Parameters<typeof makeOptimalPolicy>[0]): SimResult[] => [0, 1, 2].map((seed) => simulate(lateZone, makeOptimalPolicy(params), { seed }));
  const now = runs({});
  const before = runs({ earningsFloor: false });
  // Sent into the burst while the zone has more than an hour to run.
  const intoBurst = (r: SimResult): boolean => r.trace.some((e) => e.event === 'dispatch' && e.casualty?.startsWith('b') && e.t < 270);
  assert.ok(before.every(intoBurst), 'without the floor an ambulance is sent into the burst at once');
  assert.ok(!now.some(intoBurst), 'with it both are held until the zone is about to close');
  const critical = (rs: SimResult[]): number => rs.reduce((a, r) => a + metricsOf(r).expectedSurvivors.critical, 0) / rs.length;
  const lost = (rs: SimResult[]): number => rs.reduce((a, r) => a + metricsOf(r).vehiclesLost, 0);
  assert.ok(lost(now) < lost(before), `vehicles lost ${lost(now)} vs ${lost(before)} without DISP-30`);
  assert.ok(critical(now) > critical(before), `${critical(now)} vs ${critical(before)} without DISP-30`);
});
