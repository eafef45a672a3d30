// DISP-99: by the simulator's own rules, a critical casualty beside an R1 while the R2's one bed is taken gains by the
// stabilising stop (half the clock until the bed frees); `beds` values it so, `off` leaves it waiting (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

// c0 takes the R2's one bed (operated from 8.3 to 98.3); c1 (RPM 6) appears at 12, 7 km from the R1, 30 km from the R2.
const raw = {
  format: 'goldenhour-scenario/1', name: 'stop-floor', seed: 1, horizonMin: 300,
  travel: { tortuosity: 1.3, loadMin: 5, unloadMin: 3 },
  facilities: [
    { id: 'r1', role: 'R1', pos: [48.6, 37.6], surgicalTables: 0, beds: 10 },
    { id: 'r2', role: 'R2', pos: [48.6, 37.3], surgicalTables: 1, beds: 1 },
  ],
  vehicles: [
    { id: 'amb0', kind: 'ambulance', base: 'r2', litter: 2, seated: 2, speedKmh: 60, medic: true },
    { id: 'amb', kind: 'ambulance', base: 'r1', litter: 2, seated: 2, speedKmh: 60, medic: true },
  ],
  casualties: [
    { id: 'c0', atMin: 0, pos: [48.601, 37.3], rpm: 6, litter: true },
    { id: 'c1', atMin: 12, pos: [48.6, 37.7], rpm: 6, litter: true },
  ],
};

const run = (stopFloor: 'off' | 'beds') => {
  const r = simulate(parseScenario(raw), makeOptimalPolicy({ stopFloor }), { seed: 1 });
  const first = r.trace.find((e) => e.event === 'dropoff' && e.casualty === 'c1');
  return { survival: r.casualties.find((c) => c.id === 'c1')!.survival, firstStop: first?.facility, dispatched: r.trace.find((e) => e.event === 'dispatch' && e.casualty === 'c1')?.t };
};

test('DISP-99 a critical casualty is stabilised at the R1 while the R2 is full, and moved on when its bed frees', () => {
  const off = run('off');
  // Without the rule the stop is worth 0 and c1 waits in the field until the bed frees (dispatched at 98.3).
  assert.ok(off.dispatched! > 90, `off: dispatched at ${off.dispatched}`);
  assert.equal(off.firstStop, 'r2');
  const beds = run('beds');
  assert.equal(beds.dispatched, 12);
  assert.equal(beds.firstStop, 'r1');
  assert.ok(beds.survival > off.survival + 0.08, `${beds.survival} against ${off.survival}`);
});
