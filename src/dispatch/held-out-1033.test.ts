// Held-out family 1033 (session 45; docs/dispatch.md): DISP-148 and DISP-149, two limits on DISP-33's search under
// threats, each measured on the dev families and not adopted, run with their switch against without where traced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateScenario } from '../sim/generate.ts';
import { metricsOf } from '../sim/metrics.ts';
import { runPolicy } from '../sim/run.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import type { SimResult } from '../sim/state.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import type { OptimalParams } from './optimal/params.ts';

const critical = (r: SimResult): number => metricsOf(r).expectedSurvivors.critical;
const sentAt = (r: SimResult, c: string) => r.trace.find((e) => e.event === 'dispatch' && e.casualty === c)?.t;
const lost = (r: SimResult) => r.trace.some((e) => e.event === 'vehicle-lost');

// 1033-91: one ambulance; a band between its base and a burst, live from 24.2 past the horizon. At 7.3 the one-step
// plan holds it (its trips get through with under 0.3); DISP-33's search, pricing it at 0.1 by the three reports
// beyond the band, sends it for c3 and c1, and it is lost on the way. The later casualties come beside its base.
const s91 = parseScenario(generateScenario(1033, 91));
// Seed +2: the ambulance would get through when kept (on seeds +0, +1 and +8 every plan loses it, careful's too).
const seed91 = s91.seed + 2;
const run91 = (p: Partial<OptimalParams>) => simulate(s91, makeOptimalPolicy(p), { seed: seed91 });

test('DISP-148 held-out 1033-91 (one ambulance): without DISP-33 for a fleet of one it is not sent into the band at 7.3', () => {
  const on = run91({ sequenceSkipsLone: true });
  const off = run91({});
  assert.equal(sentAt(off, 'c3'), 7.3);
  assert.ok(lost(off));
  assert.notEqual(sentAt(on, 'c3'), 7.3);
  assert.ok(critical(on) > critical(off) + 0.5, `${critical(on)} against ${critical(off)}`);
  assert.ok(critical(on) >= critical(runPolicy(s91, 'careful', seed91, false)) - 1e-9);
});

test('DISP-149 held-out 1033-91 and 1030-147: a search whose first trip gets through with under 0.5 leaves the round to the one-step plan', () => {
  const on = run91({ sequenceMinThrough: 0.5 });
  assert.notEqual(sentAt(on, 'c3'), 7.3);
  assert.ok(critical(on) > critical(run91({})) + 0.5);
  // 1030-147 (two ambulances, a band past the horizon; DISP-144's scenario): at 192.9 the search sent ambulance-0
  // for c4, 0.37 of getting through; with the limit it is kept, as `careful` keeps it.
  const s = parseScenario(generateScenario(1030, 147));
  const with5 = simulate(s, makeOptimalPolicy({ sequenceMinThrough: 0.5 }), { seed: s.seed });
  const without = simulate(s, makeOptimalPolicy(), { seed: s.seed });
  assert.equal(sentAt(without, 'c4'), 192.9);
  assert.equal(sentAt(with5, 'c4'), undefined);
  assert.ok(critical(with5) > critical(without) + 0.3, `${critical(with5)} against ${critical(without)}`);
});
