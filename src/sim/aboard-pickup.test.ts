// DISP-95: the planner adds a critical casualty reported on the way to a leg with a casualty aboard (SIM-19).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import { checkTrace } from '../../test/trace-checker/checker.ts';
import { aboardScene } from './aboard-scene.fixture.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';
import type { SimResult } from './simulator.ts';

test('DISP-95 one ambulance with an RPM-8 casualty aboard fetches an RPM-5 one reported 2 km off its way back', () => {
  const raw = aboardScene();
  const s = parseScenario(raw);
  const run = (on: boolean) => simulate(s, makeOptimalPolicy({ addAboard: on ? 'clocks' : 'off' }));
  const on = run(true);
  const off = run(false);
  const survival = (r: SimResult, id: string) => r.casualties.find((c) => c.id === id)!.survival;
  const added = (r: SimResult) => r.trace.some((e) => e.event === 'dispatch' && e.casualty === 'c2' && e.addsToLeg && e.t === 40);
  assert.ok(!added(off), 'without the rule c2 waits for the ambulance to drop c1');
  assert.ok(added(on), 'with it, c2 is added to the leg at its report');
  const gain = survival(on, 'c2') - survival(off, 'c2');
  const cost = survival(off, 'c1') - survival(on, 'c1');
  assert.ok(gain > cost + 0.02, `c2 gains ${gain}, c1 loses ${cost}`);
  assert.deepEqual(checkTrace(raw, JSON.parse(JSON.stringify(on.trace)) as Record<string, unknown>[]).errors, []);
});
