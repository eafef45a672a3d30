// DISP-17: the exact clairvoyant optimum of small instances, checked by the independent trace checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkTrace } from '../../test/trace-checker/checker.ts';
import { metricsOf } from '../sim/metrics.ts';
import { runPolicy } from '../sim/run.ts';
import { parseScenario } from '../sim/scenario.ts';
import { instanceOf } from '../sim/small.ts';
import { clairvoyantOptimum, fleetScenario, runSeed, smallScenario, traceOfOptimum } from './clairvoyant.ts';
import { POLICY_NAMES } from './index.ts';


test('DISP-17 the clairvoyant schedule is feasible for the independent checker, and no policy beats it', () => {
  for (let seed = 1; seed <= 6; seed++) {
    const raw = smallScenario(seed, 6);
    const inst = instanceOf(raw);
    const opt = clairvoyantOptimum(inst);
    const check = checkTrace(raw, traceOfOptimum(inst, opt));
    assert.deepEqual(check.errors, [], `small-${seed}`);
    assert.ok(Math.abs(check.totalSurvival - opt.value) < 1e-6, `small-${seed}: checker ${check.totalSurvival} vs ${opt.value}`);
    const scenario = parseScenario(raw);
    for (const p of POLICY_NAMES) {
      const total = metricsOf(runPolicy(scenario, p, scenario.seed, false)).expectedSurvivors.all;
      assert.ok(total <= opt.value + 1e-6, `small-${seed} ${p}: ${total} > optimum ${opt.value}`);
    }
  }
});

test('DISP-17 on two casualties at the same instant the optimum fetches the one who gains more first', () => {
  const raw = {
    format: 'goldenhour-scenario/1', name: 'two', seed: 1, horizonMin: 10,
    facilities: [{ id: 'r2', role: 'R2', pos: [48.5, 37.7], surgicalTables: 2, beds: 2 }],
    vehicles: [{ id: 'amb', kind: 'ambulance', base: 'r2', litter: 1, seated: 0, speedKmh: 50, medic: true }],
    casualties: [
      { id: 'minor', atMin: 0, pos: [48.6, 37.8], rpm: 12, litter: true },
      { id: 'critical', atMin: 0, pos: [48.6, 37.8], rpm: 6, litter: true },
    ],
  };
  const opt = clairvoyantOptimum(instanceOf(raw));
  assert.deepEqual(opt.trips.map((t) => t.pickups), [['critical'], ['minor']]);
});

test('DISP-17 small fleets (up to 3 vehicles, several facilities): the schedule passes the checker and no policy beats it', () => {
  let exact = 0;
  for (let seed = 201; seed <= 206; seed++) {
    const raw = fleetScenario(seed, { casualties: 6 });
    const inst = instanceOf(raw);
    const opt = clairvoyantOptimum(inst);
    const check = checkTrace(raw, traceOfOptimum(inst, opt));
    assert.deepEqual(check.errors, [], `fleet-${seed}`);
    if (!opt.exact) continue; // queued for a table: its value is only an upper bound, still above every policy
    exact++;
    assert.ok(Math.abs(check.totalSurvival - opt.value) < 1e-6, `fleet-${seed}: checker ${check.totalSurvival} vs ${opt.value}`);
    const scenario = parseScenario(raw);
    for (const p of POLICY_NAMES) {
      const total = metricsOf(runPolicy(scenario, p, scenario.seed, false)).expectedSurvivors.all;
      assert.ok(total <= opt.value + 1e-6, `fleet-${seed} ${p}: ${total} > optimum ${opt.value}`);
    }
  }
  assert.ok(exact >= 3, `${exact} exact instances`);
});

test('DISP-17 one vehicle through threat zones: no policy\'s mean over seeds exceeds the expected optimum', () => {
  for (let seed = 211; seed <= 213; seed++) {
    const raw = fleetScenario(seed, { casualties: 5, threats: true, vehicles: 1 });
    const opt = clairvoyantOptimum(instanceOf(raw));
    const scenario = parseScenario(raw);
    for (const p of POLICY_NAMES) {
      const xs = Array.from({ length: 20 }, (_, s) => metricsOf(runPolicy(scenario, p, s + 1, false)).expectedSurvivors.all);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const se = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1) / xs.length);
      assert.ok(mean <= opt.value + 3 * se + 1e-6, `fleet-${seed} ${p}: ${mean} ± ${se} > optimum ${opt.value}`);
    }
  }
});

test('the benches\' run seeds of two instances never meet (threat draws depend on the seed and the ids every instance shares)', () => {
  const run = fc.integer({ min: 0, max: 999 });
  fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), run, run, (i, j, s, t) => i === j || runSeed(i, s) !== runSeed(j, t)));
  // Before: instance I ran seeds I…I+9, so instances I and I+1 shared nine.
  assert.notEqual(runSeed(10_415, 1), runSeed(10_416, 0));
});
