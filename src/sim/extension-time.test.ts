// DISP-64: an extension of a leg under way (DISP-23's `addToLeg`) is charged the minutes it adds to the vehicle's
// trip, at DISP-63's price of a vehicle's time; DISP-70: only where the added casualty's alternative is this vehicle's
// trip or a free one's (docs/dispatch.md).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import { generateScenario } from './generate.ts';
import { metricsOf } from './metrics.ts';
import { runPolicy } from './run.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

// The scene was built before SIM-19: with DISP-95 (on since session 23) a vehicle with casualties aboard fetches
// on its way and the legs this rule acts on part, so the rule is shown with DISP-95 off.

test('DISP-64 the ambulance near the front is not sent to the far R2 by an extension, and is there for the next critical casualty (generated 996-176)', () => {
  // Nine ambulances, two based at the R1 near the front, the surgical R2s an hour and a half away. At minute 22.4
  // ambulance-5, on its way to c1 (RPM 10) for the R1, had c7 (RPM 6) added and took both to the far R2 (busy until
  // 132); c9 (RPM 8), reported at 34.9 beside the R1, waited for a vehicle from the rear.
  const s = parseScenario(generateScenario(996, 176));
  const run = (on: boolean) => simulate(s, makeOptimalPolicy({ addAboard: 'off', extensionTime: on ? 'all' : 'off' }), { seed: s.seed });
  const now = run(true);
  const before = run(false);
  const c7Added = (r: typeof now) => r.trace.some((e) => e.event === 'dispatch' && e.addsToLeg && e.vehicle === 'ambulance-5' && e.casualty === 'c7');
  assert.ok(c7Added(before), 'without the rule c7 is added to ambulance-5\'s leg to c1');
  assert.ok(!c7Added(now), 'with it, never');
  const surgery = (r: typeof now, id: string) => r.trace.find((e) => e.event === 'surgery' && e.casualty === id)!.t;
  assert.ok(surgery(now, 'c9') < surgery(before, 'c9') - 45, `c9: surgery at ${surgery(now, 'c9')} against ${surgery(before, 'c9')}`);
  const critical = (r: typeof now): number => metricsOf(r).expectedSurvivors.critical;
  const closest = critical(runPolicy(s, 'closest', s.seed, false));
  assert.ok(critical(before) < closest, `without the rule ${critical(before)} below closest's ${closest}`);
  assert.ok(critical(now) > closest, `${critical(now)} against closest's ${closest}`);
});

test('DISP-70 a casualty whose alternative is being left untreated is still added to a leg, charged no minutes (river-crossing-waves, seed +9)', () => {
  // Seed +2 before SIM-10's per-vehicle threat draws, the same round on +9 now. At 427.3 c25 (RPM 7) has no vehicle's
  // trip worth more than the untreated floor (its baseline is the floor). DISP-64 charged amb-1's extension the minutes
  // it added (0.103 against 0.148 gained) and no vehicle ever fetched c25 (0.052).
  const file = resolve(import.meta.dirname, '../../examples/scenarios/river-crossing-waves.json');
  const s = parseScenario(JSON.parse(readFileSync(file, 'utf8')));
  const run = (mode: 'off' | 'own-or-free') => simulate(s, makeOptimalPolicy({ addAboard: 'off', extensionTime: 'all', freeAlternativeTime: mode }), { seed: s.seed + 9 });
  const c25Added = (r: ReturnType<typeof run>) => r.trace.some((e) => e.event === 'dispatch' && e.addsToLeg && e.casualty === 'c25');
  const outcome = (r: ReturnType<typeof run>) => r.trace.find((e) => e.event === 'outcome' && e.casualty === 'c25')!.survival!;
  const charged = run('off');
  const now = run('own-or-free');
  assert.ok(!c25Added(charged), 'with DISP-64 alone c25 is not added');
  assert.ok(c25Added(now), 'with DISP-70 it is');
  assert.ok(outcome(now) > outcome(charged) + 0.2, `c25: ${outcome(now)} against ${outcome(charged)}`);
  assert.ok(metricsOf(now).expectedSurvivors.critical > metricsOf(charged).expectedSurvivors.critical + 0.2);
});

test('DISP-70 keeps DISP-64 where the added casualty\'s alternative is the same vehicle\'s trip (generated 996-176)', () => {
  // c7's baseline at 22.4 is ambulance-5's own trip, delayed (0.058 against the floor 0.052): charged, it is not added.
  const s = parseScenario(generateScenario(996, 176));
  const r = simulate(s, makeOptimalPolicy({ addAboard: 'off', extensionTime: 'all', freeAlternativeTime: 'own-or-free' }), { seed: s.seed });
  assert.ok(!r.trace.some((e) => e.event === 'dispatch' && e.addsToLeg && e.vehicle === 'ambulance-5' && e.casualty === 'c7'));
  assert.ok(metricsOf(r).expectedSurvivors.critical > metricsOf(runPolicy(s, 'closest', s.seed, false)).expectedSurvivors.critical);
});
