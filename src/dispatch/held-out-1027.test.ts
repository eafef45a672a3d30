// A rule found on held-out family 1027's losers (session 42; docs/dispatch.md, DISP-139), run with its switch against
// without on the scenario it was traced on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateScenario } from '../sim/generate.ts';
import { metricsOf } from '../sim/metrics.ts';
import { runPolicy } from '../sim/run.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import type { SimResult } from '../sim/state.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';

const critical = (r: SimResult): number => metricsOf(r).expectedSurvivors.critical;

test('DISP-139 held-out 1027-164 (one ambulance, a burst): its leg to the near R2 is not valued behind its own bookings, so it is not sent on to the far R3', () => {
  // At 16.3 the ambulance carries c1, c6 and c4 to r2-0 (two tables); the round's job for it had booked their tables,
  // and its options were weighed behind those bookings as well as DISP-48's backlog: the leg looked worth c1 0.20, c6
  // 0.14, c4 0.01, and adding c5 "gained" by taking all four to r3-0, 147 min away.
  const s = parseScenario(generateScenario(1027, 164));
  for (const k of [1, 2]) {
    const seed = s.seed + k;
    const on = simulate(s, makeOptimalPolicy({ ownBookings: true }), { seed });
    const off = simulate(s, makeOptimalPolicy({ ownBookings: false }), { seed });
    const droppedAt = (r: SimResult) => r.trace.find((e) => e.event === 'dropoff' && e.casualty === 'c1')?.facility;
    assert.equal(droppedAt(off), 'r3-0');
    assert.equal(droppedAt(on), 'r2-0');
    assert.ok(critical(on) > critical(off) + 0.3, `${critical(on)} against ${critical(off)}`);
    assert.ok(critical(on) > critical(runPolicy(s, 'careful', seed, false)));
  }
});
