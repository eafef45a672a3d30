// Replays the trace of every policy on every example scenario through the independent checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkTrace, survival } from './checker.ts';
import { parseScenario } from '../../src/sim/scenario.ts';
import { runPolicy } from '../../src/sim/run.ts';
import { POLICY_NAMES } from '../../src/dispatch/index.ts';
import { aboardScene, scriptedAboard } from '../../src/sim/aboard-scene.fixture.ts';
import { simulate } from '../../src/sim/simulator.ts';

const dir = resolve(import.meta.dirname, '../../examples/scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
// Adversarial scenarios of our own: closed facilities, vehicle windows, ranges, arrivals, model overrides (custom
// tables, frozen stabilised clock), unknown and null fields, a zero-capacity vehicle, helicopters, UGV transfers.
const fixtureDir = resolve(import.meta.dirname, 'fixtures');
const fixtures = readdirSync(fixtureDir).filter((f) => f.endsWith('.json')).sort();

test('the checker has scenarios to replay', () => assert.ok(files.length > 0 && fixtures.length > 0));

for (const [file, path] of [...files.map((f) => [f, join(dir, f)]), ...fixtures.map((f) => [`fixtures/${f}`, join(fixtureDir, f)])] as [string, string][]) {
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const scenario = parseScenario(raw);
  for (const policy of POLICY_NAMES) {
    test(`${file} · ${policy}: trace is feasible and reproduces the outcomes`, () => {
      const result = runPolicy(scenario, policy);
      const events = JSON.parse(JSON.stringify(result.trace)) as Record<string, unknown>[];
      const check = checkTrace(raw, events);
      assert.deepEqual(check.errors, []);
      assert.equal(check.outcomes.size, result.casualties.length);
      for (const c of result.casualties) assert.ok(Math.abs(check.outcomes.get(c.id)! - c.survival) < 1e-9, c.id);
      const total = result.casualties.reduce((s, c) => s + c.survival, 0);
      assert.ok(Math.abs(check.totalSurvival - total) < 1e-6);
    });
  }
}

test('the checker rejects a tampered trace', () => {
  const raw: unknown = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8'));
  const result = runPolicy(parseScenario(raw), 'closest');
  const events = JSON.parse(JSON.stringify(result.trace)) as Record<string, unknown>[];
  // A pickup one minute earlier than travel allows.
  const faster = events.map((e) => ({ ...e }));
  const p = faster.findIndex((e) => e['event'] === 'pickup');
  faster[p]!['t'] = (faster[p]!['t'] as number) - 1;
  assert.ok(checkTrace(raw, faster).errors.some((m) => m.includes('too fast') || m.includes('order')));
  // A better outcome than the model gives.
  const rosier = events.map((e) => ({ ...e }));
  const o = rosier.findIndex((e) => e['event'] === 'outcome');
  rosier[o]!['survival'] = (rosier[o]!['survival'] as number) + 0.01;
  assert.ok(checkTrace(raw, rosier).errors.some((m) => m.includes('survival')));
  // A casualty left without an outcome.
  const missing = events.filter((_, i) => i !== o);
  assert.ok(checkTrace(raw, missing).errors.some((m) => m.includes('no outcome') || m.includes('owed')));
  // A lost vehicle that moves again.
  const lost = events.find((e) => e['event'] === 'vehicle-lost');
  if (lost) {
    const again = [...events, { t: (events.at(-1)!['t'] as number) + 1, event: 'dispatch', vehicle: lost['vehicle'], casualty: 'x' }];
    assert.ok(checkTrace(raw, again).errors.length > 0);
  }
});

test('the checker survival agrees with the spec table at its steps', () => {
  assert.equal(survival(9, 0), 0.9);
  assert.equal(survival(9, 60), 0.84);
  assert.ok(Math.abs(survival(9, 45) - 0.87) < 1e-12);
});

test('SIM-19 the checker replays a pickup added to a leg with a casualty aboard and refuses a wrong one (capacity, time)', () => {
  const raw = aboardScene();
  const events = JSON.parse(JSON.stringify(simulate(parseScenario(raw), scriptedAboard(true)).trace)) as Record<string, unknown>[];
  assert.ok(events.some((e) => e['addsToLeg'] === true));
  assert.deepEqual(checkTrace(raw, events).errors, []);
  // The same trace with one litter place: c2 is loaded with c1 aboard, over capacity.
  assert.ok(checkTrace(aboardScene(1), events).errors.some((m) => m.includes('over capacity')));
  // c2 picked up a minute sooner than from c1's pickup (the last trace position) at its dispatch.
  const sooner = events.map((e) => (e['event'] === 'pickup' && e['casualty'] === 'c2' ? { ...e, t: (e['t'] as number) - 1 } : e));
  assert.ok(checkTrace(raw, sooner).errors.some((m) => m.includes('too fast')));
});
