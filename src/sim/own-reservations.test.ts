// DISP-42: the surgical places a re-plannable job holds are given back to the round that may re-plan it (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';
import { ONE_STEP } from '../dispatch/exact-lone-forms.fixture.ts';

// The scene was built before SIM-19: with DISP-95 (on since session 23) a vehicle with casualties aboard fetches
// on its way and the legs this rule acts on part, so the rule is shown with DISP-95 off.

// One ambulance at an R2 with one surgical table (an R3 90 km away). An RPM-5 casualty 13 km out at minute 0: the
// ambulance is sent, its job holding a place at the table. At minute 3 an RPM-9 casualty beside it.
const oneTable = parseScenario({
  format: 'goldenhour-scenario/1', name: 'one-table', seed: 0, horizonMin: 600,
  facilities: [
    { id: 'r2', role: 'R2', pos: [48.0, 37.0], surgicalTables: 1, beds: 10 },
    { id: 'r3', role: 'R3', pos: [47.4, 36.4], surgicalTables: 4, beds: 50 },
  ],
  vehicles: [{ id: 'amb', kind: 'ambulance', base: 'r2', litter: 2, seated: 2, speedKmh: 50, medic: true }],
  casualties: [
    { id: 'first', atMin: 0, pos: [48.1, 37.1], rpm: 5, litter: true },
    { id: 'second', atMin: 3, pos: [48.1, 37.11], rpm: 9, litter: true },
  ],
});

test('DISP-42 a casualty valued again for a re-plan does not queue behind its own surgical place', () => {
  // DISP-86 off in both: its grown one-step job also adds the second casualty at once without DISP-42.
  const run = (own: boolean) => simulate(oneTable, makeOptimalPolicy({ ...ONE_STEP, addAboard: 'off', ownReservations: own, ownLegGrown: false }), { seed: 0 });
  const now = run(true);
  const before = run(false);
  const dispatch = (r: typeof now) => r.trace.find((e) => e.event === 'dispatch' && e.casualty === 'second');
  // Without the rule the first casualty, valued again at the R2, waited for an operation (its own) before its own:
  // adding the second to the leg looked worse than it is, and the ambulance came back for it after an hour.
  assert.ok((dispatch(before)?.t ?? 0) > 30, `without the rule the second casualty waits (${dispatch(before)?.t})`);
  assert.equal(dispatch(now)?.t, 3, 'with it the second casualty is added to the leg under way at once');
  assert.ok(dispatch(now) && 'addsToLeg' in dispatch(now)! && dispatch(now)!.addsToLeg === true, 'as an extension (SIM-15)');
  const critical = (r: typeof now): number => metricsOf(r).expectedSurvivors.critical;
  assert.ok(critical(now) > critical(before) + 0.02, `${critical(now)} vs ${critical(before)} without DISP-42`);
});
