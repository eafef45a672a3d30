import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assignMinCost } from './hungarian.ts';

function brute(c: number[][]): number {
  const n = c.length;
  const m = c[0]!.length;
  let best = Infinity;
  const rec = (i: number, used: Set<number>, s: number): void => {
    if (i === n) {
      best = Math.min(best, s);
      return;
    }
    for (let j = 0; j < m; j++) {
      if (used.has(j)) continue;
      used.add(j);
      rec(i + 1, used, s + c[i]![j]!);
      used.delete(j);
    }
  };
  rec(0, new Set(), 0);
  return best;
}

test('assignMinCost finds the brute-force optimum on small matrices', () => {
  const matrices = fc
    .integer({ min: 1, max: 4 })
    .chain((n) => fc.integer({ min: n, max: 5 }).chain((m) => fc.array(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: m, maxLength: m }), { minLength: n, maxLength: n })));
  fc.assert(
    fc.property(matrices, (c) => {
      const a = assignMinCost(c);
      assert.equal(new Set(a).size, a.length);
      const s = a.reduce((x, j, i) => x + c[i]![j]!, 0);
      assert.ok(Math.abs(s - brute(c)) < 1e-9);
    }),
    { numRuns: 300 },
  );
});

test('assignMinCost: a hand case', () => {
  assert.deepEqual(assignMinCost([[4, 1, 3], [2, 0, 5], [3, 2, 2]]), [1, 0, 2]);
});
