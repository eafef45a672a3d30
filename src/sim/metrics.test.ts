import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimate } from './metrics.ts';

test('estimate: Student-t 95 % interval, clipped to the metric domain', () => {
  // n = 4, mean 2, sd = sqrt(10/3); t(0.975, 3) = 3.182 → half-width 3.182 × 1.826 / 2 = 2.905
  const e = estimate([0, 1, 3, 4]);
  assert.equal(e.mean, 2);
  assert.ok(Math.abs(e.hi - 4.905) < 0.01, String(e.hi));
  assert.equal(e.lo, 0, 'a count never goes below zero');
  const share = estimate([0.5, 1, 1], [0, 1]);
  assert.equal(share.hi, 1);
  assert.ok(share.lo > 0 && share.lo < share.mean);
});
