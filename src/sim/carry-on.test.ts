// DISP-23: a vehicle on its way is valued where it really is, to carry on and to be re-planned (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTrace } from '../../test/trace-checker/checker.ts';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';
import type { SimResult } from './simulator.ts';

// One ambulance sent at once on a drive of about 80 min to a critical casualty whose clock runs slowly (RPM 9); ten
// minutes before it gets there, a casualty of RPM 7 is reported next to its base. Turning back costs the way back
// (SIM-14 drives the new leg from where the vehicle is), and leaves the first one for a second drive of 80 min.
const longDrive = (threats: boolean): Record<string, unknown> => ({
  format: 'goldenhour-scenario/1',
  name: 'long-drive',
  seed: 5,
  horizonMin: 180,
  facilities: [{ id: 'r2', role: 'R2', pos: [48.5, 37.7], surgicalTables: 2, beds: 10 }],
  vehicles: [{ id: 'amb', kind: 'ambulance', base: 'r2', litter: 2, seated: 2, speedKmh: 50, medic: true }],
  // A zone far from every route: it risks nothing here, but with a zone active the one-step plan decides (DISP-19
  // sequences are searched only without threats), so both planners are tested.
  ...(threats ? { threats: [{ id: 'away', polygon: [[47.0, 36.0], [47.0, 36.1], [47.1, 36.1], [47.1, 36.0]], fromMin: 0, toMin: 1000, lossPerKm: { unprotected: 0.05, armoured: 0.01, air: 0.1 } }] } : {}),
  casualties: [
    { id: 'far', atMin: 0, pos: [48.75, 38.2], rpm: 9, litter: true },
    { id: 'near', atMin: 70, pos: [48.52, 37.75], rpm: 7, litter: true },
  ],
});

const firstPickup = (r: SimResult): string | undefined => r.trace.find((e) => e.event === 'pickup')?.casualty;
const total = (r: SimResult): number => r.casualties.reduce((a, c) => a + c.survival, 0);

for (const threats of [false, true]) {
  const planner = threats ? 'the one-step plan' : 'the sequence search (DISP-19)';
  test(`DISP-23 ${planner}: an ambulance nearly at a critical casualty is not turned back for one reported near its base; the checker accepts the trace`, () => {
    const raw = longDrive(threats);
    const s = parseScenario(raw);
    const r = simulate(s, makeOptimalPolicy());
    const before = simulate(s, makeOptimalPolicy({ carryOnCredit: false }));
    assert.equal(firstPickup(before), 'near', 'valued from its last stop, carrying on looked as bad as starting again');
    assert.equal(firstPickup(r), 'far');
    assert.ok(total(r) > total(before), `${total(r)} vs ${total(before)}`);
    const check = checkTrace(raw, JSON.parse(JSON.stringify(r.trace)) as Record<string, unknown>[]);
    assert.deepEqual(check.errors, []);
    assert.ok(Math.abs(check.totalSurvival - total(r)) < 5e-5);
  });
}

test('DISP-23 a re-plan that gains more than carrying on is still made (the first casualty is past most help)', () => {
  // The same drive towards an RPM-6 casualty (whose clock runs fast), and the report comes 40 min in: turning back for
  // the RPM-7 casualty near the base saves more, and the planner still does it.
  const raw = longDrive(false);
  const cs = raw['casualties'] as { rpm: number; atMin: number }[];
  cs[0]!.rpm = 6;
  cs[1]!.atMin = 40;
  const s = parseScenario(raw);
  const r = simulate(s, makeOptimalPolicy());
  const carried = simulate(s, makeOptimalPolicy({ criticalDiverts: 0 }));
  assert.equal(firstPickup(carried), 'far');
  assert.equal(firstPickup(r), 'near');
  assert.ok(total(r) > total(carried), `${total(r)} vs ${total(carried)}`);
});
