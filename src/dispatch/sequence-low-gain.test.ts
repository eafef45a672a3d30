// DISP-96: DISP-19's sequence is not used where its first trip for the fleet's only vehicle of its kind gains little
// and keeps that vehicle away for long, nor does DISP-34 re-plan a leg about to reach its pickup (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fleetScenario } from './clairvoyant.ts';
import { generateScenario } from '../sim/generate.ts';
import { metricsOf } from '../sim/metrics.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import { ONE_STEP } from './exact-lone-forms.fixture.ts';

test('DISP-96 generated 1007-196: the only litter vehicle is not sent 76 min out at 24.5 for a gain of 0.044', () => {
  // An ambulance and a civilian car without a litter. At 24.5 the search's first trip sends the ambulance for c1
  // (RPM 8) until about 178; c4, a critical litter case reported at 115.7, then waits for it.
  const s = parseScenario(generateScenario(1007, 196));
  const runs = (low: number) => Array.from({ length: 10 }, (_, k) => simulate(s, makeOptimalPolicy({ ...ONE_STEP, sequenceLowGain: low }), { seed: s.seed + k }));
  const ambulanceAt24 = (rs: ReturnType<typeof runs>) => rs.filter((r) => r.trace.some((e) => e.event === 'dispatch' && e.vehicle === 'ambulance-0' && e.t < 25)).length;
  const critical = (rs: ReturnType<typeof runs>) => rs.reduce((a, r) => a + metricsOf(r).expectedSurvivors.critical, 0) / rs.length;
  const off = runs(0);
  const on = runs(0.1);
  assert.equal(ambulanceAt24(off), 10);
  assert.equal(ambulanceAt24(on), 0);
  assert.ok(critical(on) > critical(off) + 0.3, `${critical(on)} against ${critical(off)}`);
});

test('DISP-96 clairvoyant fleet 10327: the car 18 min from c6 is not re-planned to a minor casualty by DISP-34', () => {
  // One armoured car at 25 km/h on a leg for c6 and c4 (RPM 10) since 175.9; at 265.9, seen at its last stop, the
  // search prefers c7 (RPM 11) and DISP-34 re-plans it: c6 and c4 are never fetched.
  const s = parseScenario(fleetScenario(10327, { casualties: 8 }));
  const run = (near: number) => simulate(s, makeOptimalPolicy({ ...ONE_STEP, minorDivertNearMin: near }), { seed: s.seed });
  const fetched = (r: ReturnType<typeof run>) => r.trace.some((e) => e.event === 'pickup' && e.casualty === 'c6');
  const off = run(0);
  const on = run(30);
  assert.equal(fetched(off), false);
  assert.equal(fetched(on), true);
  assert.ok(metricsOf(on).expectedSurvivors.all > metricsOf(off).expectedSurvivors.all + 0.5);
});
