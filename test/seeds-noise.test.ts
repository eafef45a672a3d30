// `bench/dispatch-ablation.ts --movers` prints each variant's sum less `optimal`'s with the half-width the seeds alone
// make (bench/seeds-noise.ts): the scenarios held fixed, each row's paired differences over its seeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedsHalfWidth } from '../bench/seeds-noise.ts';

test('the half-width sums each row\'s variance of its mean paired difference', () => {
  // Row 0: differences 1 and 3 (variance 2, of the mean 1); row 1: 2 and 2 (none). 1.96 × √1.
  const variant = [[11, 13], [5, 6]];
  const reference = [[10, 10], [3, 4]];
  assert.ok(Math.abs(seedsHalfWidth(variant, reference)! - 1.96) < 1e-12);
  // A variant that moves every seed of a row alike makes no noise, however far it moves.
  assert.equal(seedsHalfWidth([[5, 5], [9, 9]], [[1, 1], [2, 2]]), 0);
  // Four rows like row 0: the variances add, so the half-width doubles.
  const four = seedsHalfWidth([[11, 13], [11, 13], [11, 13], [11, 13]], [[10, 10], [10, 10], [10, 10], [10, 10]])!;
  assert.ok(Math.abs(four - 3.92) < 1e-12);
});

test('one seed a row gives no half-width', () => {
  assert.equal(seedsHalfWidth([[1], [2]], [[0], [0]]), null);
});
