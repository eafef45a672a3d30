// DISP-132: a stabilising stop's onward route is priced through the zones as they are when it really leaves the stop
// (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateScenario } from '../sim/generate.ts';
import { metricsOf } from '../sim/metrics.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';

test('DISP-132 generated 1010-11 (a zone over the way on from the R1 stop opens at 184.1): casualties are not left at the stop for an onward leg that will cross it', () => {
  // Priced at now plus the onward vehicle's arrival, every onward leg from r1-0 looked clear of zone `late` until it
  // opened; the real departure (after the drop, the wait and the loading) is inside it. Without the rule four critical
  // casualties were left at r1-0 between 141.8 and 193.7 on seed +0 (2.83 expected critical survivors; 3.81 with it).
  const s = parseScenario(generateScenario(1010, 11));
  const opens = s.threats.find((t) => t.id === 'late')!.fromMin;
  for (const seed of [s.seed, s.seed + 3]) {
    const run = (on: boolean) => simulate(s, makeOptimalPolicy({ onwardAtDeparture: on ? 'both' : 'off' }), { seed });
    const atStop = (r: ReturnType<typeof run>) => r.trace.filter((e) => e.event === 'dropoff' && e.facility === 'r1-0' && e.t < opens + 15).length;
    const off = run(false);
    const on = run(true);
    assert.ok(atStop(on) < atStop(off), `left at r1-0 around the opening: ${atStop(off)} without the rule, ${atStop(on)} with it`);
    const [a, b] = [metricsOf(off).expectedSurvivors.critical, metricsOf(on).expectedSurvivors.critical];
    assert.ok(b > a + 0.5, `expected critical survivors ${a.toFixed(3)} → ${b.toFixed(3)}`);
  }
});
