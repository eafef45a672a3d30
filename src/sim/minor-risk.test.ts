// DISP-26: no minor casualty on a trip that more likely than not loses the vehicle (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import type { SimResult } from './simulator.ts';
import { simulate } from './simulator.ts';

// Two ambulances; an RPM-11 casualty deep in a drone belt (a trip there loses an ambulance with a chance of about 0.7);
// two critical casualties outside it an hour and a half later.
const belt = parseScenario({
  format: 'goldenhour-scenario/1', name: 'drone-belt', seed: 0, horizonMin: 400,
  facilities: [{ id: 'r2', role: 'R2', pos: [48.45, 37.75], surgicalTables: 2, beds: 10 }],
  vehicles: [
    { id: 'amb-1', kind: 'ambulance', base: 'r2', litter: 2, seated: 2, speedKmh: 50, medic: true },
    { id: 'amb-2', kind: 'ambulance', base: 'r2', litter: 2, seated: 2, speedKmh: 50, medic: true },
  ],
  threats: [{ id: 'belt', polygon: [[48.55, 37.7], [48.55, 37.9], [48.6, 37.9], [48.6, 37.7]], fromMin: 0, toMin: 400, lossPerKm: { unprotected: 0.06, armoured: 0.01, air: 0.1 } }],
  casualties: [
    { id: 'minor', atMin: 0, pos: [48.59, 37.8], rpm: 11, litter: false },
    { id: 'crit-1', atMin: 90, pos: [48.5, 37.85], rpm: 6, litter: true },
    { id: 'crit-2', atMin: 95, pos: [48.49, 37.65], rpm: 7, litter: true },
  ],
});

test('DISP-26 no ambulance goes into a drone belt for a minor casualty; both critical ones are fetched at once when reported', () => {
  const runs = (params: Parameters<typeof makeOptimalPolicy>[0]): SimResult[] => [0, 1, 2, 3, 4].map((seed) => simulate(belt, makeOptimalPolicy(params), { seed }));
  const now = runs({});
  const before = runs({ minorTripMaxLoss: 1 });
  const intoBelt = (r: SimResult): boolean => r.trace.some((e) => e.event === 'dispatch' && e.casualty === 'minor' && e.t < 90);
  assert.ok(before.every(intoBelt), 'without the rule an ambulance is sent for the minor casualty at once');
  assert.ok(!now.some(intoBelt), 'with it none is, while critical casualties may still come');
  for (const r of now) {
    for (const [id, at] of [['crit-1', 90], ['crit-2', 95]] as const) {
      const pickup = r.trace.find((e) => e.event === 'pickup' && e.casualty === id);
      assert.ok(pickup && pickup.t - at <= 25, `${id} picked up ${pickup?.t} (reported ${at})`);
    }
  }
  const critical = (rs: SimResult[]): number => rs.reduce((a, r) => a + metricsOf(r).expectedSurvivors.critical, 0) / rs.length;
  assert.ok(critical(now) > critical(before), `${critical(now)} vs ${critical(before)} without DISP-26`);
});
