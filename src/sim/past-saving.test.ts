// DISP-40: a critical casualty past saving does not sponsor minor ones on a risky trip (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import type { SimResult } from './simulator.ts';
import { simulate } from './simulator.ts';
import { ONE_STEP } from '../dispatch/exact-lone-forms.fixture.ts';

// One ambulance at an R2 west of a front band (as generated 991-44): an RPM-4 casualty and an RPM-10 one beyond the
// band early on (the RPM-4 one has settled by the time anything reaches it), then an RPM-8 casualty on the near side once a trip beyond it would be under way.
const band = parseScenario({
  format: 'goldenhour-scenario/1', name: 'past-saving-band', seed: 0, horizonMin: 360,
  facilities: [{ id: 'r2', role: 'R2', pos: [48.41, 38.02], surgicalTables: 2, beds: 10 }],
  vehicles: [{ id: 'amb', kind: 'ambulance', base: 'r2', litter: 2, seated: 2, speedKmh: 50, medic: true }],
  threats: [{ id: 'band', polygon: [[47.7, 38.4], [47.7, 38.54], [48.7, 38.54], [48.7, 38.4]], fromMin: 0, toMin: 1080, lossPerKm: { unprotected: 0.03, armoured: 0.006, air: 0.035 } }],
  casualties: [
    { id: 'settling', atMin: 19, pos: [48.39, 38.62], rpm: 4, litter: true },
    { id: 'minor', atMin: 21, pos: [48.41, 38.6], rpm: 10, litter: true },
    { id: 'crit', atMin: 110, pos: [48.3, 38.25], rpm: 8, litter: true },
  ],
});

test('DISP-40 a casualty past saving does not take the band\'s risk for a minor one: the ambulance is home for the RPM-8 casualty', () => {
  const runs = (params: Parameters<typeof makeOptimalPolicy>[0]): SimResult[] => [0, 1, 2, 3, 4, 5].map((seed) => simulate(band, makeOptimalPolicy({ ...ONE_STEP, ...params }), { seed }));
  const now = runs({});
  const before = runs({ savableSponsor: false });
  const intoBand = (r: SimResult): boolean => r.trace.some((e) => e.event === 'dispatch' && e.casualty === 'minor' && e.t < 110);
  assert.ok(before.every(intoBand), 'without the rule the ambulance goes through the band for the two casualties beyond it');
  assert.ok(!now.some(intoBand), 'with it the ambulance stays');
  for (const r of now) {
    const crit = r.casualties.find((c) => c.id === 'crit')!;
    assert.ok(crit.surgeryAt !== null && crit.pickupAt! < 110 + 45, `the RPM-8 casualty is fetched at once and operated on (seed ${r.seed})`);
  }
  const critical = (rs: SimResult[]): number => rs.reduce((a, r) => a + metricsOf(r).expectedSurvivors.critical, 0) / rs.length;
  assert.ok(critical(now) > critical(before) + 0.05, `${critical(now)} vs ${critical(before)} without DISP-40`);
});
