// SIM-14 / DISP-16: a vehicle on its way to a first pickup may be re-planned; the trace stays feasible for the checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTrace } from '../../test/trace-checker/checker.ts';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import { generateScenario } from './generate.ts';
import { runPolicy } from './run.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

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

// One ambulance on a long drive to a critical casualty (RPM 6); a quarter of an hour later a worse one (RPM 4) is
// reported near its base.
const worse = {
  format: 'goldenhour-scenario/1',
  name: 'worse-appears',
  seed: 5,
  horizonMin: 120,
  facilities: [{ id: 'r2', role: 'R2', pos: [48.5, 37.7], surgicalTables: 2, beds: 10 }],
  vehicles: [{ id: 'amb', kind: 'ambulance', base: 'r2', litter: 2, seated: 2, speedKmh: 50, medic: true }],
  casualties: [
    { id: 'far', atMin: 0, pos: [48.75, 38.2], rpm: 6, litter: true },
    { id: 'worse', atMin: 15, pos: [48.55, 37.8], rpm: 4, litter: true },
  ],
};

test('SIM-14 DISP-20 an ambulance on its way to a critical casualty is diverted once to a worse one; the checker accepts the trace', () => {
  const s = parseScenario(worse);
  const r = simulate(s, makeOptimalPolicy());
  const before = simulate(s, makeOptimalPolicy({ criticalDiverts: 0 }));
  const firstPickup = (x: typeof r): string | undefined => x.trace.find((e) => e.event === 'pickup')?.casualty as string | undefined;
  assert.equal(firstPickup(before), 'far', 'without DISP-20 the ambulance carries on to the first report');
  assert.equal(firstPickup(r), 'worse');
  const check = checkTrace(worse, JSON.parse(JSON.stringify(r.trace)) as Record<string, unknown>[]);
  assert.deepEqual(check.errors, []);
  const critical = (x: typeof r): number => x.casualties.reduce((a, c) => a + c.survival, 0);
  assert.ok(critical(r) > critical(before), `${critical(r)} vs ${critical(before)}`);
});

test('DISP-20 a vehicle is re-planned at most once per leg (it cannot dither between casualties and never arrive)', () => {
  // Generated scenarios where unlimited re-planning sent vehicles back and forth dozens of times without a pickup.
  for (const index of [48, 56]) {
    const raw = generateScenario(302, index);
    const s = parseScenario(raw);
    const r = simulate(s, makeOptimalPolicy());
    const instants = new Map<string, Set<number>>();
    let most = 0;
    for (const e of r.trace) {
      const v = e.vehicle as string | undefined;
      if (!v) continue;
      if (e.event === 'pickup' || e.event === 'dropoff') instants.set(v, new Set());
      // An extension of the leg under way (SIM-15, `addsToLeg`) is not a re-plan.
      if (e.event !== 'dispatch' || e.addsToLeg) continue;
      const set = instants.get(v) ?? new Set<number>();
      set.add(e.t);
      instants.set(v, set);
      most = Math.max(most, set.size);
    }
    assert.ok(most <= 2, `${s.name}: a vehicle was dispatched at ${most} instants between two stops`);
    const check = checkTrace(raw, JSON.parse(JSON.stringify(r.trace)) as Record<string, unknown>[]);
    assert.deepEqual(check.errors, []);
  }
});
