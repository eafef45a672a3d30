// The sign-in ceiling reset by a flood of names (session 26's attack review, medium; the test failed on main). Every
// throttle's buckets were one map, emptied whole when it passed 50,000 keys (its memory bound). The per-account
// ceiling (100 tries, then one per 10 s) is the defence against guessing spread over many addresses, and a sign-in
// with any made-up username takes a bucket under that name — answered at once (401, or 503 while the hashes are busy)
// — so 50,000 of them, spread over enough addresses to pass each address's own bucket (60, then 2 a second), emptied
// every bucket, and the account under attack had its 100 tries again: with 1,000 addresses, a cycle every 25 s. Now
// the map forgets the fullest buckets first (they are as good as new), never one still being drained: a name
// emptied by a guesser stays throttled through any flood of fresh names, and the memory stays bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiter } from '../../src/auth/hardening.ts';

test('a flood of fresh names neither resets a drained bucket nor grows the map without bound', () => {
  let ms = 0;
  const perAccount = new RateLimiter(100, 0.1, () => ms);
  for (let i = 0; i < 100; i++) assert.equal(perAccount.take('commander-1'), 0);
  assert.ok(perAccount.take('commander-1') > 0, 'the 101st try waits');
  for (let i = 0; i < 120_000; i++) {
    perAccount.take(`junk-${i}`);
    if (i % 1000 === 0) ms += 1; // a flood, 1,000 names a millisecond
  }
  assert.ok(perAccount.take('commander-1') > 0, 'the ceiling was reset by 120,000 made-up names');
  assert.ok(perAccount.size <= 50_001, `${perAccount.size} buckets kept`);
  // A bucket left alone refills, as before.
  ms += 1_000_000;
  assert.equal(perAccount.take('commander-1'), 0);
});
