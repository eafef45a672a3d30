// DISP-77 (measured, not adopted): a job that leaves its vehicle no time in its availability window for another trip
// like it, where there was time for two, is charged the trip it can no longer make (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import type { Job, PlanView, Policy } from '../dispatch/index.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

// As generated 1001-182 at minute 350.1: a helicopter at the R2 behind a band of threat (air 0.01374 per km), on duty
// until minute 110; an RPM-11 casualty just past the band, 38 km from the R2, at minute 0. To the far R3 (138 km) its
// trip crosses a little less of the band than to the R2 (through 0.687 against 0.666), so the R3 is worth 0.013 more
// to it; but from the R3 at minute 60 no trip to the front fits before 110, from the R2 at 32 one does. An RPM-5
// stretcher case is reported in the band at minute 62.
const scene = parseScenario({
  format: 'goldenhour-scenario/1', name: 'window-spent', seed: 0, horizonMin: 300,
  travel: { tortuosity: 1.45, loadMin: 5, unloadMin: 5 },
  facilities: [
    { id: 'r2', role: 'R2', pos: [47.84678, 35.98307], surgicalTables: 3, beds: 10 },
    { id: 'r3', role: 'R3', pos: [48.19912, 34.62184], surgicalTables: 6, beds: 100 },
  ],
  vehicles: [{ id: 'heli', kind: 'helicopter', base: 'r2', litter: 2, seated: 2, speedKmh: 211.6, medic: true, available: [[0, 110]] }],
  threats: [{ id: 'band', polygon: [[47.5563, 36.29421], [47.5563, 36.46065], [48.3563, 36.46065], [48.3563, 36.29421]], fromMin: 0, toMin: 1000, lossPerKm: { unprotected: 0.00686, armoured: 0.00128, air: 0.01374 } }],
  casualties: [
    { id: 'minor', atMin: 0, pos: [48.05069, 36.46438], rpm: 11, litter: false },
    { id: 'crit', atMin: 62, pos: [48.17481, 36.42063], rpm: 5, litter: true },
  ],
});

const firstFacility = (policy: Policy): string | undefined => {
  let first: Job | undefined;
  const logging: Policy = { ...policy, plan: (view: PlanView) => { const out = policy.plan(view); first ??= out[0]; return out; } };
  simulate(scene, logging, { seed: 0 });
  const last = first?.stops[first.stops.length - 1];
  return last?.kind === 'dropoff' ? last.facilityId : undefined;
};

test('DISP-77 the helicopter takes the minor casualty to the R2, where its window leaves it a trip for the critical one', () => {
  assert.equal(firstFacility(makeOptimalPolicy({ windowSpent: false })), 'r3', 'without the rule the far R3');
  assert.equal(firstFacility(makeOptimalPolicy({ windowSpent: true })), 'r2', 'with it the R2');
  const runs = (on: boolean): { critical: number; fetched: number } => {
    let critical = 0;
    let fetched = 0;
    for (let seed = 0; seed < 10; seed++) {
      const r = simulate(scene, makeOptimalPolicy({ windowSpent: on }), { seed });
      critical += metricsOf(r).expectedSurvivors.critical;
      if (r.trace.some((e) => e.event === 'pickup' && e.casualty === 'crit')) fetched++;
    }
    return { critical, fetched };
  };
  const off = runs(false);
  const on = runs(true);
  assert.equal(off.fetched, 0, 'from the R3 the helicopter never reaches the critical casualty in its window');
  assert.ok(on.fetched >= 4, `fetched on ${on.fetched} of 10 seeds (the others lose the helicopter in the band)`);
  assert.ok(on.critical > off.critical + 0.3, `${on.critical} vs ${off.critical} critical survivors over 10 seeds`);
});
