// DISP-54 (measured, off): a re-planned vehicle's first leg priced from where it is now, the way the simulator drives it (SIM-14;
// docs/dispatch.md).
// Its scenes show their own rule with DISP-110 (`loneRiskFromHere`, on since session 28) off: with it a lone vehicle's
// re-plan is priced from where it is, which changes the rounds these scenes were built on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import { generateScenario } from './generate.ts';
import { metricsOf } from './metrics.ts';
import { runPolicy } from './run.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

test('DISP-54 a divert that would drive the one ambulance back through a kill zone is priced so, and not made (generated 993-176)', () => {
  // One ambulance. At minute 1.2 it is sent north to c1, around the kill zone; at 28.1 c2 is reported south-east. From
  // its last stop (the base) the way to c2 misses the zone, from where it is (half-way to c1) it crosses it: priced
  // from the base, the divert was made and the ambulance lost within 7 min on most seeds, and nothing else was fetched.
  const s = parseScenario(generateScenario(993, 176));
  const runs = (on: boolean) => Array.from({ length: 10 }, (_, k) => simulate(s, makeOptimalPolicy({ loneRiskFromHere: false, divertRiskFromHere: on ? "all" : "off" }), { seed: s.seed + k }));
  const now = runs(true);
  const before = runs(false);
  const lost = (rs: typeof now) => rs.filter((r) => r.trace.some((e) => e.event === 'vehicle-lost')).length;
  const diverted = (rs: typeof now) => rs.filter((r) => r.trace.some((e) => e.event === 'dispatch' && e.casualty === 'c2' && e.t < 30)).length;
  assert.equal(diverted(before), 10, 'without the rule the ambulance is re-planned to c2 at 28.1 on every seed');
  assert.ok(lost(before) >= 5, `and lost on ${lost(before)} of 10 seeds`);
  assert.equal(diverted(now), 0, 'with it, never');
  assert.equal(lost(now), 0);
  const mean = (rs: typeof now) => rs.reduce((a, r) => a + metricsOf(r).expectedSurvivors.critical, 0) / rs.length;
  const closest = metricsOf(runPolicy(s, 'closest', s.seed, false)).expectedSurvivors.critical;
  assert.ok(mean(before) < mean(now) - 0.3 && mean(now) > closest, `${mean(now)} against ${mean(before)} without it (closest ${closest})`);
});
