// SIM-11 / SIM-16 / SIM-17: the fallback plans only for casualties care can still help (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTrace } from '../../test/trace-checker/checker.ts';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import type { Policy } from '../dispatch/index.ts';
import { generateScenario } from './generate.ts';
import { metricsOf } from './metrics.ts';
import { runPolicy } from './run.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

// One ambulance at an R2; c0 (RPM 0: its survival is its limit from the start) beside it, c9 (RPM 9) 10 km out.
const raw = {
  format: 'goldenhour-scenario/1', name: 'fallback', seed: 3, horizonMin: 120,
  travel: { tortuosity: 1, loadMin: 5, unloadMin: 5 },
  facilities: [{ id: 'r2', role: 'R2', pos: [48.5, 37.5], surgicalTables: 1, beds: 5 }],
  vehicles: [{ id: 'amb', kind: 'ambulance', base: 'r2', litter: 2, seated: 2, speedKmh: 60, medic: true }],
  casualties: [
    { id: 'c0', atMin: 0, pos: [48.501, 37.5], rpm: 0, litter: true },
    { id: 'c9', atMin: 0, pos: [48.59, 37.5], rpm: 9, litter: true },
  ],
};

test('SIM-16 a policy that holds every vehicle back is overruled only for casualties care can still help', () => {
  const hold: Policy = { name: 'hold', plan: () => [] };
  const r = simulate(parseScenario(raw), hold, { seed: 3 });
  const fetched = r.trace.filter((e) => e.event === 'pickup').map((e) => e.casualty);
  assert.deepEqual(fetched, ['c9'], 'the fallback fetches c9, not c0 beside the base');
  const c0 = r.casualties.find((c) => c.id === 'c0')!;
  assert.equal(c0.survival, 0.052);
  assert.deepEqual(checkTrace(raw, JSON.parse(JSON.stringify(r.trace)) as Record<string, unknown>[]).errors, []);
});

test('SIM-16 the fallback does not send the one ambulance through a zone for a casualty past saving (generated 993-101)', () => {
  // One ambulance, a late zone. At minute 332.1 (the last report) optimal holds it; the fallback (closest) sent it to
  // c1, injured at 10.4 with RPM 1 (its survival settled at 0.052 long before), through the zone: lost on seeds 7 and 9,
  // c1 0.052 → 0.0156, below closest's own runs. The fallback may still send it for a casualty it can help (c4).
  const s = parseScenario(generateScenario(993, 101));
  for (const k of [7, 9]) {
    const r = simulate(s, makeOptimalPolicy(), { seed: s.seed + k });
    assert.ok(!r.trace.some((e) => e.event === 'dispatch' && e.casualty === 'c1'), `seed +${k}: c1 is not fetched`);
    assert.equal(r.casualties.find((c) => c.id === 'c1')!.survival, 0.052);
    const critical = metricsOf(r).expectedSurvivors.critical;
    const closest = metricsOf(runPolicy(s, 'closest', s.seed + k, false)).expectedSurvivors.critical;
    assert.ok(critical >= closest - 1e-9, `seed +${k}: ${critical} against closest's ${closest}`);
  }
});

// One ambulance at an R2 and, 40 km out, c3 (RPM 3: its clock settles at 60) and c8 (RPM 8, settles at 270).
const far = {
  format: 'goldenhour-scenario/1', name: 'fallback-far', seed: 5, horizonMin: 240,
  travel: { tortuosity: 1, loadMin: 5, unloadMin: 5 },
  facilities: [{ id: 'r2', role: 'R2', pos: [48.5, 37.5], surgicalTables: 1, beds: 5 }],
  vehicles: [{ id: 'amb', kind: 'ambulance', base: 'r2', litter: 2, seated: 2, speedKmh: 60, medic: true }],
  casualties: [
    { id: 'c3', atMin: 0, pos: [48.86, 37.5], rpm: 3, litter: true },
    { id: 'c8', atMin: 0, pos: [48.86, 37.52], rpm: 8, litter: true },
  ],
};

test('SIM-17 the fallback leaves a casualty whose clock settles before it can reach definitive care', () => {
  // c3 is reached at 40 min and loaded at 45 (clock 45 < 60), but cannot be on a table before 45 + 0.8 × (40 + 5) = 81:
  // it gets its limit either way. c8 can still be helped: the fallback fetches it.
  const hold: Policy = { name: 'hold', plan: () => [] };
  const r = simulate(parseScenario(far), hold, { seed: 5 });
  const fetched = r.trace.filter((e) => e.event === 'pickup').map((e) => e.casualty);
  assert.deepEqual(fetched, ['c8']);
  assert.equal(r.casualties.find((c) => c.id === 'c3')!.survival, 0.052);
  assert.deepEqual(checkTrace(far, JSON.parse(JSON.stringify(r.trace)) as Record<string, unknown>[]).errors, []);
});

test('SIM-17 the fallback does not send an ambulance through a pocket for casualties it cannot help (generated 995-18)', () => {
  // Nine ambulances, two late casualties (RPM 1 and 3) by a pocket; optimal holds every vehicle, and the fallback
  // (closest) sent the nearest through another pocket: lost on 5 of 10 seeds (0.068 against careful's 0.104).
  const s = parseScenario(generateScenario(995, 18));
  for (let k = 0; k < 10; k++) {
    const r = simulate(s, makeOptimalPolicy(), { seed: s.seed + k });
    assert.ok(!r.trace.some((e) => e.event === 'dispatch'), `seed +${k}: nothing is sent`);
    const careful = metricsOf(runPolicy(s, 'careful', s.seed + k, false)).expectedSurvivors.critical;
    assert.ok(metricsOf(r).expectedSurvivors.critical >= careful - 1e-9, `seed +${k}`);
  }
});
