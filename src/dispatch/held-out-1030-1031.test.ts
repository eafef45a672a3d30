// DISP-144, found on held-out families 1030 and 1031 (sessions 43 and 44; docs/dispatch.md): a small fleet's vehicle
// priced by the casualties to come it can reach safely, run with its switch against without on the scenarios traced.
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
const sentAt = (r: SimResult, c: string) => r.trace.find((e) => e.event === 'dispatch' && e.casualty === c)?.t;

test('DISP-144 held-out 1030-147 (two ambulances, a band past the horizon): the search does not spend one on c4, deep in the band', () => {
  // At 192.9 DISP-33's search priced ambulance-0 at 0.100 (the one-trip term; the band outlasts the horizon) and sent
  // it for c4 (0.37 of getting through); c7, reported later outside the band, waited for the other one.
  const s = parseScenario(generateScenario(1030, 147));
  const seed = s.seed;
  const on = simulate(s, makeOptimalPolicy({ safeShareFloor: 'all' }), { seed });
  const off = simulate(s, makeOptimalPolicy({ safeShareFloor: 'off' }), { seed });
  assert.equal(sentAt(off, 'c4'), 192.9);
  assert.equal(sentAt(on, 'c4'), undefined);
  assert.ok(!on.trace.some((e) => e.event === 'vehicle-lost'));
  assert.ok(critical(on) > critical(off) + 0.3, `${critical(on)} against ${critical(off)}`);
  assert.ok(critical(on) >= critical(runPolicy(s, 'careful', seed, false)) - 1e-9);
});

test('DISP-144 held-out 1031-2 (one ambulance, a kill zone past the horizon): it is not sent for c2 inside the zone and serves the burst', () => {
  // At 200.7 the lone ambulance went for c2 (RPM 5, in the zone, 48 min away) and was busy when c3 to c7 were
  // reported outside it; with the rule it waits, and fetches c3, c4 and c5 as they come.
  const s = parseScenario(generateScenario(1031, 2));
  const seed = s.seed + 1;
  const on = simulate(s, makeOptimalPolicy({ safeShareFloor: 'all' }), { seed });
  const off = simulate(s, makeOptimalPolicy({ safeShareFloor: 'off' }), { seed });
  assert.equal(sentAt(off, 'c2'), 200.7);
  assert.equal(sentAt(on, 'c2'), undefined);
  assert.equal(sentAt(on, 'c3'), 241.2);
  assert.ok(critical(off) < critical(runPolicy(s, 'closest', seed, false)));
  assert.ok(critical(on) > critical(runPolicy(s, 'closest', seed, false)) + 0.1, `${critical(on)}`);
});
