// DISP-91: in a small fleet a minor casualty may not cost a critical one aboard its survival (DISP-31's
// `no-critical-loss` beside `minorRides`; docs/dispatch.md).
// Its scenes show their own rule with DISP-110 (`loneRiskFromHere`, on since session 28) off: with it a lone vehicle's
// re-plan is priced from where it is, which changes the rounds these scenes were built on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import { generateScenario } from './generate.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';
import type { SimResult } from './simulator.ts';
import { firstAt, survivalOf } from './trace-facts.ts';

/**
 * Generated 1005-100 up to its first re-plan (the casualties reported by 62.6 min): one ambulance, threat pockets. At
 * 33.9 it is sent for c1 (RPM 9, an hour and three quarters away); at 62.6 the one-step plan re-plans it to c5 (RPM 8)
 * and then c2 (RPM 11) 52 km on, so that c5 rides 180 min to surgery (0.10) and the trip's worth is c2's.
 */
function untilFirstReplan(): ReturnType<typeof parseScenario> {
  const raw = generateScenario(1005, 100) as { casualties: { atMin: number }[] };
  return parseScenario({ ...raw, casualties: raw.casualties.filter((c) => c.atMin <= 62.6) });
}

test('DISP-91 the lone ambulance is not re-planned off an RPM-9 casualty for a trip a minor casualty pays for', () => {
  const scenario = untilFirstReplan();
  const run = (mode: 'off' | 'replans' | 'all'): SimResult => simulate(scenario, makeOptimalPolicy({ loneRiskFromHere: false, smallFleetCriticalFirst: mode }), { seed: scenario.seed });
  const off = run('off');
  const on = run('replans');
  // Every trip of the small fleet (`all`) does the same here.
  assert.deepEqual(run('all').trace, on.trace);
  // Without the rule c5 and c2 share the re-planned trip and c5 loses most of what it could keep.
  assert.ok(firstAt(off, 'pickup', 'c2') < firstAt(off, 'dropoff', 'c5'), 'without the rule c2 rides with c5');
  assert.ok(survivalOf(off, 'c5') < 0.15, `c5 ${survivalOf(off, 'c5')} without the rule`);
  assert.equal(firstAt(off, 'pickup', 'c1'), Infinity, 'without the rule c1 is never fetched');
  // With it the ambulance keeps its leg to c1, and no minor casualty rides with a critical one at its cost.
  assert.ok(firstAt(on, 'pickup', 'c1') < 150, `c1 picked up at ${firstAt(on, 'pickup', 'c1')}`);
  assert.ok(survivalOf(on, 'c1') > 0.3, `c1 ${survivalOf(on, 'c1')}`);
  const critical = (r: SimResult): number => metricsOf(r).expectedSurvivors.critical;
  assert.ok(critical(on) > critical(off) + 0.2, `critical ${critical(on)} against ${critical(off)} without the rule`);
});

test('DISP-91 does not act in a fleet larger than sequenceMaxVehicles', () => {
  const scenario = untilFirstReplan();
  const big = { ...scenario, vehicles: [0, 1, 2, 3].map((i) => ({ ...scenario.vehicles[0]!, id: `ambulance-${i}` })) };
  const jobs = (mode: 'off' | 'all'): string => JSON.stringify(simulate(big, makeOptimalPolicy({ loneRiskFromHere: false, smallFleetCriticalFirst: mode }), { seed: scenario.seed }).trace);
  assert.equal(jobs('all'), jobs('off'));
});
