// DISP-119: DISP-118 narrowed: a lone vehicle's stabilising stop is priced with the vehicle as its onward vehicle once
// it has served only the casualties it would take on before coming back (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateScenario } from '../sim/generate.ts';
import { metricsOf } from '../sim/metrics.ts';
import { runPolicy } from '../sim/run.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import type { OptimalParams } from './optimal/params.ts';

/** Expected critical survivors of one run of a generated scenario (no threats and no arrivals: every seed the same). */
function critical(family: number, index: number, p: Partial<OptimalParams>): number {
  const s = parseScenario(generateScenario(family, index));
  return metricsOf(simulate(s, makeOptimalPolicy(p), { seed: s.seed, trace: false })).expectedSurvivors.critical;
}

test('DISP-119 held-out 1020-140: the stops priced after the casualties already waiting at them lift it to the best baseline', () => {
  // One ambulance, 20 casualties, the only R2 closed 21–259.6 (DISP-118's scene): off the ambulance leaves seven at
  // R1 stops priced as if it were free to take each on (0.887); `queue` counts those already at a stop ahead (1.169),
  // `swap` also the casualties in the field whose trip is short beside the onward leg (1.182, DISP-118's figure).
  const s = parseScenario(generateScenario(1020, 140));
  const best = Math.max(...(['closest', 'priority', 'careful'] as const).map((b) => metricsOf(runPolicy(s, b, s.seed, false)).expectedSurvivors.critical));
  const off = critical(1020, 140, { onwardLoadNarrow: 'off' });
  assert.ok(off < best - 0.1, `off ${off.toFixed(3)} against the best baseline ${best.toFixed(3)}`);
  for (const form of ['queue', 'swap'] as const) {
    const on = critical(1020, 140, { onwardLoadNarrow: form });
    assert.ok(on >= best, `${form} ${on.toFixed(3)} against the best baseline ${best.toFixed(3)}`);
  }
});

test('DISP-119 1012-47 (one ambulance, 45 casualties): `queue` does not price every stop as worthless, as DISP-118 does', () => {
  // DISP-118 counts all 45 waiting ahead of a stop's onward leg: the stops look worthless and the ambulance drives c2
  // and c39 to the far r3-0 (1.867 on every seed). `queue` counts only those already at a stop: 2.338, today's run.
  const lone = critical(1012, 47, { onwardLoadLone: true });
  const queue = critical(1012, 47, { onwardLoadNarrow: 'queue' });
  assert.ok(queue >= lone + 0.4, `queue ${queue.toFixed(3)} against DISP-118's ${lone.toFixed(3)}`);
  assert.ok(queue >= critical(1012, 47, {}) - 1e-9, `queue ${queue.toFixed(3)} below the default`);
});
