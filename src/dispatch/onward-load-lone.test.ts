// DISP-118: with one vehicle, a stabilising stop's onward vehicle is that vehicle, once the casualties already waiting
// are served (DISP-72 for a lone vehicle; docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateScenario } from '../sim/generate.ts';
import { metricsOf } from '../sim/metrics.ts';
import { runPolicy } from '../sim/run.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import type { OptimalParams } from './optimal/params.ts';

test('DISP-118 held-out 1020-140 (one ambulance, the only R2 closed for hours): stabilising stops priced with the ambulance as their onward vehicle', () => {
  // 20 casualties reported by 110.5, r2-0 closed 21–259.6, r3-0 far off; no threats and no arrivals, so every seed is
  // the same run (SIM-10). Priced with the nearest vehicle as if free to take each casualty on, the R1 stops looked
  // cheap: the one ambulance left seven casualties at them and came back for the first at 347 (0.887 expected critical
  // survivors against `closest`'s 1.143, which drives each to r3-0).
  const s = parseScenario(generateScenario(1020, 140));
  const critical = (p: Partial<OptimalParams>) => metricsOf(simulate(s, makeOptimalPolicy(p), { seed: s.seed, trace: false })).expectedSurvivors.critical;
  const best = Math.max(...(['closest', 'priority', 'careful'] as const).map((b) => metricsOf(runPolicy(s, b, s.seed, false)).expectedSurvivors.critical));
  const off = critical({ onwardLoadLone: false });
  const on = critical({ onwardLoadLone: true });
  assert.ok(off < best - 0.1, `off ${off.toFixed(3)} against the best baseline ${best.toFixed(3)}`);
  assert.ok(on >= best, `on ${on.toFixed(3)} against the best baseline ${best.toFixed(3)}`);
});
