// DISP-43: a round's surgical places go to its casualties in the order they arrive (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

// Two ambulances at an R2 with one surgical table (an R3 100 km away). At minute 0 an RPM-4 casualty 11 km out (the
// larger gain: its job is committed first) and an RPM-9 one 5.5 km out, who would reach the table first.
const oneTable = parseScenario({
  format: 'goldenhour-scenario/1', name: 'arrival-order', seed: 0, horizonMin: 600,
  facilities: [
    { id: 'r2', role: 'R2', pos: [48.0, 37.0], surgicalTables: 1, beds: 10 },
    { id: 'r3', role: 'R3', pos: [47.2, 36.2], surgicalTables: 4, beds: 50 },
  ],
  vehicles: [
    { id: 'a1', kind: 'ambulance', base: 'r2', litter: 2, seated: 2, speedKmh: 50, medic: true },
    { id: 'a2', kind: 'ambulance', base: 'r2', litter: 2, seated: 2, speedKmh: 50, medic: true },
  ],
  casualties: [
    { id: 'far', atMin: 0, pos: [48.1, 37.0], rpm: 4, litter: true },
    { id: 'near', atMin: 0, pos: [48.05, 37.0], rpm: 9, litter: true },
  ],
});

test('DISP-43 a casualty who reaches the table first is not valued as queued behind one committed before it', () => {
  // DISP-100 (slotFresh) alone also sends each its own ambulance here: it stays off so DISP-43 is measured by itself;
  // so does DISP-146 (without DISP-43 the one ambulance then hands the far one, RPM 4, over first).
  const run = (on: boolean) => simulate(oneTable, makeOptimalPolicy({ arrivalSlots: on, slotFresh: false, unloadUrgentFirst: false }), { seed: 0 });
  const now = run(true);
  const before = run(false);
  const at = (r: typeof now, event: string, id: string) => r.trace.find((e) => e.event === event && 'casualty' in e && e.casualty === id);
  const vehicleOf = (r: typeof now, id: string) => { const e = at(r, 'dispatch', id); return e && 'vehicle' in e ? e.vehicle : undefined; };
  // Without the rule the near casualty, valued after the far one's job took the table's first place, looked as if it
  // waited an operation behind it: it rode along on the far one's ambulance and both were operated on later.
  assert.equal(vehicleOf(before, 'near'), vehicleOf(before, 'far'), 'without the rule one ambulance fetches both');
  assert.notEqual(vehicleOf(now, 'near'), vehicleOf(now, 'far'), 'with it each has its own ambulance');
  const surgery = (r: typeof now, id: string): number => at(r, 'surgery', id)?.t ?? Infinity;
  assert.ok(surgery(now, 'near') < surgery(before, 'near') - 15, `near operated at ${surgery(now, 'near')} vs ${surgery(before, 'near')}`);
  assert.ok(surgery(now, 'far') < surgery(before, 'far') - 5, `far operated at ${surgery(now, 'far')} vs ${surgery(before, 'far')}`);
  const critical = (r: typeof now): number => metricsOf(r).expectedSurvivors.critical;
  assert.ok(critical(now) > critical(before) + 0.02, `${critical(now)} vs ${critical(before)} without DISP-43`);
});
