// SIM-11 / SIM-16: the fallback plans only for casualties care can still help (docs/dispatch.md).
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
