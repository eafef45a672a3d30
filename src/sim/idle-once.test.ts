// DISP-74: an idle vehicle's later trip is the waiting alternative of one casualty only, as a busy one's (DISP-2) (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import { generateScenario } from './generate.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

test('DISP-74 a casualty left at a stabilising stop is taken on when the idle vehicles it counted on are counted on by others too (generated 997-184)', () => {
  // Three ambulances, pockets. At 14.3 c2 (RPM 9) is taken to the stop r1-1. At 105.0 ambulance-1, the one idle
  // vehicle, is there; the baseline of c2 (0.506), c5, c16 and c17 was each ambulance-1's own trip `delayMin` later, so
  // c17 and c16 (RPM 12, 10, in the field) went first and no vehicle came for c2 until 170.7 (0.39). Shared out, one
  // casualty counts on that trip (c2's baseline 0.390), and ambulance-1 takes c2 on to r2-1 at 105.0 (0.667).
  // DISP-79 (two re-plans per leg in a small fleet) also brings c2 on here (0.657); pinned off so the rule is seen alone.
  const s = parseScenario(generateScenario(997, 184));
  const run = (on: boolean) => {
    const r = simulate(s, makeOptimalPolicy({ idleOnce: on, smallFleetDiverts: 0 }), { seed: s.seed });
    const c2 = r.casualties.find((c) => c.id === 'c2')!;
    return { c2: c2.survival, critical: metricsOf(r).expectedSurvivors.critical };
  };
  const before = run(false);
  const now = run(true);
  assert.ok(before.c2 < 0.45, `without the rule c2 waits at r1-1 (${before.c2.toFixed(3)})`);
  assert.ok(now.c2 > 0.6 && now.critical > before.critical + 0.2, `with it c2 is taken on (${now.c2.toFixed(3)}; critical ${before.critical.toFixed(3)} → ${now.critical.toFixed(3)})`);
});
