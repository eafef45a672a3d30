import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assignMinCost, assignMinCostPruned } from './hungarian.ts';
import type { Broken } from './hungarian.ts';

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

/** Matrices as the optimiser's assignments have them (issue 16): few rows, many columns, many ties (small integer
 * costs, a large "not worth it" cost), the last `fixed` columns "stay" ones; and how many columns each row keeps. */
const wide = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    fixed: fc.constantFrom(0, n),
    keep: fc.integer({ min: 1, max: 4 }),
    rows: fc.integer({ min: Math.max(n, 6), max: 70 }).chain((m) => fc.array(fc.array(fc.oneof(fc.integer({ min: -6, max: 3 }), fc.constant(1e6)), { minLength: m, maxLength: m }), { minLength: n, maxLength: n })),
  }),
);

function prunedEqualsWhole(t: { n: number; fixed: number; keep: number; rows: number[][] }, broken: Broken = {}): { columns: number; m: number } {
  const m = t.rows[0]!.length;
  const { match, columns } = assignMinCostPruned(Float64Array.from(t.rows.flat()), t.n, m, t.keep, t.fixed, broken);
  assert.deepEqual(match, assignMinCost(t.rows));
  return { columns, m };
}

test('assignMinCostPruned answers as assignMinCost of the whole matrix, to the tie, on fewer columns', () => {
  let fewer = 0;
  fc.assert(
    fc.property(wide, (t) => {
      const { columns, m } = prunedEqualsWhole(t);
      if (columns < m) fewer++;
    }),
    { numRuns: 2000 },
  );
  // It prunes: many of these matrices are answered on a subset of their columns.
  assert.ok(fewer > 500, `answered on fewer columns ${fewer} times in 2000`);
});

test('assignMinCostPruned: its subset without the certificate, and the certificate with a bound that is not one', () => {
  // Fewer than n columns a row, or the later of equal costs kept, is not enough: trusted without the certificate it
  // answers differently; the certificate catches it (and the answer is made on more columns); with a bound above a
  // column left out, it no longer does. The two searches for a counterexample run from fixed seeds: from a random one
  // the loose bound's was once seen to find none in 3,000 matrices (a test run of src/dispatch under load).
  for (const broken of [{ few: true }, { lateTies: true }]) {
    const trusted = fc.check(fc.property(wide, (t) => void prunedEqualsWhole(t, { ...broken, noCertificate: true })), { numRuns: 3000, seed: 11 });
    assert.ok(trusted.failed, `${JSON.stringify(broken)} without the certificate: no counterexample in 3000 matrices`);
    fc.assert(fc.property(wide, (t) => void prunedEqualsWhole(t, broken)), { numRuns: 3000 });
    const loose = fc.check(fc.property(wide, (t) => void prunedEqualsWhole(t, { ...broken, looseBound: true })), { numRuns: 3000, seed: 11 });
    assert.ok(loose.failed, `${JSON.stringify(broken)} with a loose bound: no counterexample in 3000 matrices`);
  }
});

test('assignMinCostPruned: a hand case where a row needs a column beyond its first choice', () => {
  // Both rows want column 0 most; the second then takes its next best, column 5.
  const rows = [
    [-10, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0],
    [-10, 0, 0, 0, 0, -9, 0, 0, 0, 0, 0, 0],
  ];
  const { match, columns } = assignMinCostPruned(Float64Array.from(rows.flat()), 2, 12, 2, 0);
  assert.deepEqual(match, assignMinCost(rows));
  assert.deepEqual(match, [0, 5]);
  assert.equal(columns, 2);
});
