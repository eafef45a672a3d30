// DISP-31: a minor casualty does not make a critical casualty's trip riskier (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import type { SimResult } from './simulator.ts';
import { simulate } from './simulator.ts';
import { ONE_STEP } from '../dispatch/exact-lone-forms.fixture.ts';

// One ambulance at an R1 beside a front band; an RPM-12 casualty deep in the band, then an RPM-8 one beside the base.
const band = parseScenario({
  format: 'goldenhour-scenario/1', name: 'front-band', seed: 0, horizonMin: 300,
  facilities: [{ id: 'r1', role: 'R1', pos: [48.85, 38.52], surgicalTables: 0, beds: 8 }, { id: 'r2', role: 'R2', pos: [48.41, 38.2], surgicalTables: 2, beds: 4 }],
  vehicles: [{ id: 'amb', kind: 'ambulance', base: 'r1', litter: 2, seated: 2, speedKmh: 45, medic: true }],
  threats: [{ id: 'band', polygon: [[48.2, 38.55], [48.2, 38.66], [49.2, 38.66], [49.2, 38.55]], fromMin: 0, toMin: 720, lossPerKm: { unprotected: 0.03, armoured: 0.007, air: 0.08 } }],
  casualties: [
    { id: 'minor', atMin: 40, pos: [48.39, 38.59], rpm: 12, litter: true },
    { id: 'crit', atMin: 80, pos: [48.72, 38.46], rpm: 8, litter: true },
  ],
});

test('DISP-31 the critical casualty beside the base is not driven into the band for a minor one; it is taken straight to surgery', () => {
  // One vehicle under threats: DISP-33's sequence search plans it (and DISP-35 lifts the minor-risk limits there), so
  // the rule is tested on the one-step plan with that search off.
  const runs = (params: Parameters<typeof makeOptimalPolicy>[0]): SimResult[] => [0, 1, 2, 3].map((seed) => simulate(band, makeOptimalPolicy({ ...ONE_STEP, sequenceFutureWorth: false, ...params }), { seed }));
  const now = runs({});
  // DISP-33's search (a small fleet under threats) off in the arm without the rule: it is DISP-31 alone.
  const before = runs({ minorRides: 'any', sequenceFutureWorth: false });
  // Both casualties on one trip: the minor one's pickup comes while the critical one is aboard.
  const together = (r: SimResult): boolean => r.trace.some((e) => e.event === 'dispatch' && e.casualty === 'minor' && e.t <= 80);
  assert.ok(before.every(together), 'without the rule the minor casualty is added to the critical one\'s trip');
  assert.ok(!now.some(together), 'with it the critical one goes alone');
  for (const r of now) {
    const crit = r.casualties.find((c) => c.id === 'crit')!;
    assert.ok(!crit.lostWithVehicle && crit.surgeryAt !== null, `the critical casualty reached surgery (seed ${r.seed})`);
  }
  const critical = (rs: SimResult[]): number => rs.reduce((a, r) => a + metricsOf(r).expectedSurvivors.critical, 0) / rs.length;
  assert.ok(critical(now) > critical(before) + 0.1, `${critical(now)} vs ${critical(before)} without DISP-31`);
});
