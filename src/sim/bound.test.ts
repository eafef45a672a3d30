// SIM-18: the upper bound on a critical casualty's expected survival holds against every policy's runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { POLICY_NAMES } from '../dispatch/index.ts';
import { survivalAt } from '../dispatch/survival.ts';
import { criticalBoundWithTables, survivalBounds } from './bound.ts';
import { generateScenario } from './generate.ts';
import { runPolicy } from './run.ts';
import { parseScenario } from './scenario.ts';
import type { Scenario } from './scenario.ts';

/** Every critical casualty of every policy's run on (scenario, seed) at or below its bound; returns how many were checked. */
function assertHolds(s: Scenario, seed: number, policies: readonly (typeof POLICY_NAMES)[number][]): number {
  const bounds = new Map(survivalBounds(s, seed).map((b) => [b.id, b]));
  const sum = [...bounds.values()].reduce((a, b) => a + b.survival, 0);
  const tables = criticalBoundWithTables(s, seed);
  assert.ok(tables <= sum + 1e-9, `${s.name} seed ${seed}: the bound with tables ${tables} above the one without ${sum}`);
  let n = 0;
  for (const p of policies) {
    const r = runPolicy(s, p, seed, false);
    for (const c of r.casualties) {
      if (c.rpm > 9) continue;
      const b = bounds.get(c.id);
      assert.ok(b, `${s.name} seed ${seed}: ${c.id} has a bound`);
      assert.ok(c.survival <= b.survival + 1e-12, `${s.name} seed ${seed} ${p}: ${c.id} (RPM ${c.rpm}) ${c.survival} > bound ${b.survival} (clock ≥ ${b.clock})`);
      n++;
    }
    assert.equal(r.casualties.filter((c) => c.rpm <= 9).length, bounds.size, 'the same critical casualties as the run');
    const critical = r.casualties.filter((c) => c.rpm <= 9).reduce((a, c) => a + c.survival, 0);
    assert.ok(critical <= tables + 1e-9, `${s.name} seed ${seed} ${p}: ${critical} critical survivors above the bound with tables ${tables}`);
  }
  return n;
}

test('SIM-18 the bound is the survival at pickup from the base, load, then the straight line at the slowest clock rate', () => {
  // One ambulance (60 km/h) at an R2; an RPM-9 casualty 10 km north at minute 20, roads 1.2× the great circle.
  const s = parseScenario({
    format: 'goldenhour-scenario/1', name: 'bound', seed: 1, horizonMin: 120,
    travel: { tortuosity: 1.2, loadMin: 5, unloadMin: 5 },
    facilities: [{ id: 'r2', role: 'R2', pos: [48.5, 37.5], surgicalTables: 1, beds: 5 }],
    vehicles: [{ id: 'amb', kind: 'ambulance', base: 'r2', litter: 2, seated: 2, speedKmh: 60, medic: true, available: [[30, 200]] }],
    casualties: [{ id: 'c9', atMin: 20, pos: [48.5 + 10 / 111.195, 37.5], rpm: 9, litter: true }, { id: 'c11', atMin: 100, pos: [48.6, 37.5], rpm: 11, litter: false }],
  });
  const [b, ...rest] = survivalBounds(s, 1);
  assert.equal(rest.length, 0, 'RPM ≥ 10 is not critical');
  // Reached at 30 + 12 = 42 (the window opens at 30): clock 22 waiting + 5 loading; 12 min back + 5 unloading at 0.5.
  assert.ok(Math.abs(b!.clock! - (22 + 5 + 0.5 * (12 + 5))) < 0.01, `clock ${b!.clock}`);
  assert.equal(b!.survival, survivalAt(9, b!.clock!));
  // closest carries it straight back: clock 27 + 0.8 × 17 = 40.6 at surgery, below the bound's survival.
  const r = runPolicy(s, 'closest', 1, false).casualties.find((c) => c.id === 'c9')!;
  assert.ok(r.survival < b!.survival && r.survival > b!.survival - 0.02, `${r.survival} against ${b!.survival}`);
});

test('SIM-18 with the tables: one table, two casualties at once, the second waits an operation', () => {
  // Two RPM-7 casualties beside an R2 with one table (90-min operations) and two ambulances at it: whichever goes
  // second starts no sooner than the first's window ends, its clock running at 0.5 meanwhile.
  const raw = {
    format: 'goldenhour-scenario/1', name: 'tables', seed: 1, horizonMin: 120,
    travel: { tortuosity: 1, loadMin: 5, unloadMin: 5 },
    facilities: [{ id: 'r2', role: 'R2', pos: [48.5, 37.5], surgicalTables: 1, beds: 5 }],
    vehicles: ['a', 'b'].map((id) => ({ id, kind: 'ambulance', base: 'r2', litter: 2, seated: 2, speedKmh: 60, medic: true })),
    casualties: ['c1', 'c2'].map((id) => ({ id, atMin: 0, pos: [48.5, 37.5], rpm: 7, litter: true })),
  };
  const s = parseScenario(raw);
  const one = survivalBounds(s, 1)[0]!;
  assert.equal(one.clock, 5 + 0.5 * 5, 'loaded at 5 at rate 1, unloaded at 10 at 0.5');
  // Windows [0, 90), [90, 180): one start each; the second at 90 at the earliest, its clock 5 + 0.5 × 85.
  const expected = survivalAt(7, 7.5) + survivalAt(7, 5 + 0.5 * 85);
  assert.ok(Math.abs(criticalBoundWithTables(s, 1) - expected) < 1e-9, `${criticalBoundWithTables(s, 1)} against ${expected}`);
  const two = parseScenario({ ...raw, facilities: [{ ...raw.facilities[0]!, surgicalTables: 2 }] });
  assert.ok(Math.abs(criticalBoundWithTables(two, 1) - 2 * survivalAt(7, 7.5)) < 1e-9, 'two tables: both at once');
  assertHolds(s, 1, POLICY_NAMES);
});

test('SIM-18 the bound holds against every policy on the examples (2 seeds each)', () => {
  const dir = resolve(import.meta.dirname, '../../examples/scenarios');
  let n = 0;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
    const s = parseScenario(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    for (const k of [0, 1]) n += assertHolds(s, s.seed + k, POLICY_NAMES);
  }
  assert.ok(n > 100, `${n} casualties checked`);
});

test('SIM-18 the bound holds on generated scenarios of family 991 (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 1, max: 5 }), (index, seed) => {
      assertHolds(parseScenario(generateScenario(991, index)), seed, ['closest', 'priority', 'optimal']);
    }),
    { numRuns: 12, seed: 18 },
  );
});
