// DISP-84, DISP-85 (measured, off): a vehicle on its way to a critical casualty past half its approach is not re-planned
// (DISP-85), or not to a casualty it reaches later than carrying on reaches its own (DISP-84) (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import type { Policy } from '../dispatch/index.ts';
import { generateScenario } from './generate.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

test('DISP-84, DISP-85 (measured, off) the ambulance two thirds of the way to its casualties beyond a front band is not re-planned to a new report (generated 1003-29)', () => {
  // Two vehicles based behind a front band, every early casualty beyond it. At 12.5 the ambulance, sent for c1, is
  // re-planned to c3 and c2 (RPM 9 and 12); at 62.3, two thirds of the way there and inside the band, to c10 (RPM 7),
  // reported 47 km north of its base: SIM-14 restarts the leg from the base, so c10 is picked up 101 min later and
  // gets 0.07–0.15, where carrying on (as `closest` does with c1) delivers an RPM-9 casualty at 0.56.
  // As measured (session 20), before DISP-83 and DISP-86, which carry the ambulance on in half of these seeds already.
  const asMeasured = { chainOwnLeg: 'off', ownLegGrown: false } as const;
  const s = parseScenario(generateScenario(1003, 29));
  const runs = (p: Policy) => Array.from({ length: 10 }, (_, k) => simulate(s, p, { seed: s.seed + k, trace: true }));
  const critical = (rs: ReturnType<typeof runs>): number => rs.reduce((a, r) => a + metricsOf(r).expectedSurvivors.critical, 0) / rs.length;
  const toC10 = (rs: ReturnType<typeof runs>): number => rs.filter((r) => r.trace.some((e) => e.event === 'dispatch' && e.casualty === 'c10' && e.vehicle === 'ambulance-0' && e.t > 62 && e.t < 63)).length;
  const on = runs(makeOptimalPolicy({ ...asMeasured, sunkLegShare: 0.5 }));
  const later = runs(makeOptimalPolicy({ ...asMeasured, sunkLegShare: 0.5, sunkLegLater: true }));
  const off = runs(makeOptimalPolicy({ ...asMeasured, sunkLegShare: 0 }));
  assert.equal(toC10(on), 0, 'with the rule the ambulance carries on');
  // c10 is reached from the base at 163, the ambulance's own c3 at about 97 if it carries on.
  assert.equal(toC10(later), 0, 'with DISP-84 too');
  assert.ok(toC10(off) >= 3, `without it, re-planned to c10 at 62.3 on ${toC10(off)} of 10 seeds`);
  assert.ok(critical(on) > critical(off) + 0.1, `${critical(on)} vs ${critical(off)} without the rule`);
  assert.ok(critical(later) > critical(off) + 0.1, `${critical(later)} vs ${critical(off)} without DISP-84`);
});
