// The held-out bench's account of the scenarios where optimal's mean is below a baseline: each with its gap paired by
// seed and that gap's standard error, and how many are below by more than the seeds' noise (not a goal of its own).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goalLines, lossesOf, pairedGap } from '../bench/heldout/report.ts';
import type { Row } from '../bench/heldout/report.ts';

const POLICIES = ['closest', 'priority', 'careful', 'optimal'] as const;
const row = (name: string, optimal: number[], closest: number[]): Row => ({
  name, description: 'synthetic',
  critical: { optimal, closest, priority: optimal.map(() => 0), careful: optimal.map(() => 0) },
  all: {}, lost: {},
});

test('a scenario below a baseline says its gap paired by seed, and whether it is more than the seeds\' noise', () => {
  // Below by chance: closest's seeds scatter round optimal's (gap -0.05, standard error 0.119).
  const noisy = row('noisy', [1, 1, 1, 1], [1.2, 0.8, 1.3, 0.9]);
  // Below on every seed by the same 0.1: no noise at all.
  const steady = row('steady', [1, 1, 1, 1], [1.1, 1.1, 1.1, 1.1]);
  const above = row('above', [2, 2, 2, 2], [1, 1, 1, 1]);
  const g = pairedGap(noisy, 'closest');
  assert.ok(Math.abs(g.gap + 0.05) < 1e-9, String(g.gap));
  assert.ok(Math.abs(g.se - Math.sqrt(((0.2 ** 2) + (0.2 ** 2) + (0.3 ** 2) + (0.1 ** 2) - 4 * 0.05 ** 2) / 3) / 2) < 1e-9, String(g.se));
  assert.deepEqual(pairedGap(steady, 'closest'), { gap: -0.10000000000000009, se: 0 });

  const l = lossesOf([noisy, steady, above], 4, POLICIES);
  assert.equal(l.scenarioLosses.length, 2);
  assert.equal(l.beyondNoise, 1, 'only the steady one is below by more than two standard errors');
  assert.match(l.scenarioLosses[0]!, /^noisy .*paired by seed: closest -0\.050 ± 0\.119 se/);
  assert.match(l.scenarioLosses[1]!, /^steady .*paired by seed: closest -0\.100 ± 0\.000 se/);
  const lines = goalLines({ rows: [noisy, steady, above], seeds: 10, policies: POLICIES, runs: 0, checked: 0, violations: 0, wallMin: 1, cpuMin: 1, losses: l, ratios: {} });
  assert.ok(lines.some((x) => /below on 2 of 3 — FAIL/.test(x)), 'the goal still counts every scenario below');
  assert.ok(lines.some((x) => /more than two standard errors .*: 1 \(not judged/.test(x)), lines.join('\n'));

  const none = lossesOf([above], 4, POLICIES);
  const quiet = goalLines({ rows: [above], seeds: 10, policies: POLICIES, runs: 0, checked: 0, violations: 0, wallMin: 1, cpuMin: 1, losses: none, ratios: {} });
  assert.ok(!quiet.some((x) => /standard errors/.test(x)), 'no line where nothing is below');
});
