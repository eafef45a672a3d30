// SIM-14 / DISP-16: a vehicle on its way to a first pickup may be re-planned; the trace stays feasible for the checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTrace } from '../../test/trace-checker/checker.ts';
import { runPolicy } from './run.ts';
import { parseScenario } from './scenario.ts';

// Two ambulances; the first two reports are minor (RPM 10 and 11), then eighteen casualties within five minutes, most
// of them critical (the burst of the finding).
const burst = {
  format: 'goldenhour-scenario/1',
  name: 'burst',
  seed: 11,
  horizonMin: 60,
  facilities: [{ id: 'r2', role: 'R2', pos: [48.5, 37.7], surgicalTables: 4, beds: 40 }],
  vehicles: [
    { id: 'amb-1', kind: 'ambulance', base: 'r2', litter: 2, seated: 2, speedKmh: 50, medic: true },
    { id: 'amb-2', kind: 'ambulance', base: 'r2', litter: 2, seated: 2, speedKmh: 50, medic: true },
  ],
  casualties: [
    { id: 'm1', atMin: 0, pos: [48.62, 37.98], rpm: 10, litter: false },
    { id: 'm2', atMin: 0.5, pos: [48.63, 37.99], rpm: 11, litter: false },
    ...Array.from({ length: 18 }, (_, i) => ({ id: `b${i + 1}`, atMin: 1 + (i * 4) / 17, pos: [48.6 + (i % 3) * 0.004, 37.9 + (i % 4) * 0.004], rpm: [3, 5, 7, 9, 11, 4][i % 6], litter: true })),
  ],
};

const firstCriticalPickup = (policy: 'optimal' | 'optimal-v1'): number => {
  const r = runPolicy(parseScenario(burst), policy);
  return Math.min(...r.casualties.filter((c) => c.rpm <= 9 && c.pickupAt !== null).map((c) => c.pickupAt! - c.atMin));
};

test('SIM-14 DISP-16 an ambulance on its way to a minor casualty is diverted to a critical one; the checker accepts the trace', () => {
  const r = runPolicy(parseScenario(burst), 'optimal');
  const dispatches = r.trace.filter((e) => e.event === 'dispatch');
  const diverted = dispatches.filter((e, i) => dispatches.findIndex((d) => d.vehicle === e.vehicle) < i && !r.trace.some((p) => p.event === 'pickup' && p.vehicle === e.vehicle && p.t <= e.t));
  assert.ok(diverted.length > 0, 'a vehicle got a second dispatch before any pickup');
  const check = checkTrace(burst, JSON.parse(JSON.stringify(r.trace)) as Record<string, unknown>[]);
  assert.deepEqual(check.errors, []);
  assert.ok(Math.abs(check.totalSurvival - r.casualties.reduce((a, c) => a + c.survival, 0)) < 5e-5);
  assert.ok(firstCriticalPickup('optimal') < firstCriticalPickup('optimal-v1'), `${firstCriticalPickup('optimal')} vs ${firstCriticalPickup('optimal-v1')}`);
});
