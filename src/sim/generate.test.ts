import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTrace } from '../../test/trace-checker/checker.ts';
import { generateScenario } from './generate.ts';
import { runPolicy } from './run.ts';
import { parseScenario } from './scenario.ts';

test('the generator is seeded: the same (family, index) gives the same file, another index another', () => {
  assert.deepEqual(generateScenario(3, 17), generateScenario(3, 17));
  assert.notDeepEqual(generateScenario(3, 17), generateScenario(3, 18));
});

test('generated scenarios parse and span the family: 1 to 40 vehicles, every threat layout, bursts, arrivals, closures, windows', () => {
  const seen = { one: false, forty: false, burst: false, arrivals: false, closure: false, window: false, kinds: new Set<string>(), layouts: new Set<string>() };
  for (let i = 0; i < 300; i++) {
    const raw = generateScenario(1, i);
    const s = parseScenario(raw);
    if (s.vehicles.length === 1) seen.one = true;
    if (s.vehicles.length >= 30) seen.forty = true;
    if (String(raw['description']).includes('burst')) seen.burst = true;
    if (s.arrivals) seen.arrivals = true;
    if (s.facilities.some((f) => f.open)) seen.closure = true;
    if (s.vehicles.some((v) => v.available)) seen.window = true;
    for (const v of s.vehicles) seen.kinds.add(v.kind);
    seen.layouts.add(String(raw['description']).split('threats ')[1]!.split(',')[0]!);
  }
  assert.ok(seen.one && seen.forty && seen.burst && seen.arrivals && seen.closure && seen.window, JSON.stringify(seen));
  assert.equal(seen.kinds.size, 6);
  assert.equal(seen.layouts.size, 5);
});

test('SIM-4 SIM-5 traces of careful on generated scenarios pass the independent checker', () => {
  for (let i = 0; i < 6; i++) {
    const raw = generateScenario(5, i);
    const result = runPolicy(parseScenario(raw), 'careful');
    const check = checkTrace(raw, JSON.parse(JSON.stringify(result.trace)) as Record<string, unknown>[]);
    assert.deepEqual(check.errors, [], raw['name'] as string);
    assert.ok(Math.abs(check.totalSurvival - result.casualties.reduce((a, c) => a + c.survival, 0)) < 5e-5);
  }
});
