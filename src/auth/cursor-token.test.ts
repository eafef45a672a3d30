import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CURSOR_TOKEN, newCursorKey, openCursor, sealCursor } from './cursor-token.ts';

const key = newCursorKey();
const seqs = fc.oneof(fc.nat(1_000_000), fc.constantFrom(0, 1, Number.MAX_SAFE_INTEGER), fc.maxSafeNat());
const users = fc.string({ minLength: 1, maxLength: 64 });

test('a sealed cursor opens to its seq for its user, and looks like a token, never a number', () => {
  fc.assert(fc.property(seqs, users, (seq, user) => {
    const t = sealCursor(key, user, seq);
    assert.match(t, CURSOR_TOKEN);
    assert.doesNotMatch(t, /^\d+$/);
    assert.equal(openCursor(key, user, t), seq);
  }), { numRuns: 500 });
});

test('a token changed anywhere is refused', () => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  fc.assert(fc.property(seqs, users, fc.nat(), fc.nat(63), (seq, user, at, to) => {
    const t = sealCursor(key, user, seq);
    const i = 1 + (at % (t.length - 1));
    const c = alphabet[to]!;
    fc.pre(c !== t[i]);
    const bad = t.slice(0, i) + c + t.slice(i + 1);
    // The last character carries 2 spare bits in base64url only when the length is not a multiple of 4: 48 is one.
    assert.equal(openCursor(key, user, bad), null);
  }), { numRuns: 1000 });
  const t = sealCursor(key, 'medic-a', 7);
  for (const bad of [t.slice(0, -1), `${t}A`, '7', '', 'c', t.replace(/^c/, 'd'), `c${'A'.repeat(48)}`]) assert.equal(openCursor(key, 'medic-a', bad), null, bad);
});

test('a token made for one user is refused for another, and under another key', () => {
  fc.assert(fc.property(seqs, users, users, (seq, a, b) => {
    fc.pre(a !== b);
    assert.equal(openCursor(key, b, sealCursor(key, a, seq)), null);
  }), { numRuns: 500 });
  assert.equal(openCursor(newCursorKey(), 'medic-a', sealCursor(key, 'medic-a', 7)), null);
});

test('equal seqs look different (a random nonce): two tokens tell nothing of each other', () => {
  fc.assert(fc.property(seqs, users, (seq, user) => {
    const a = sealCursor(key, user, seq);
    const b = sealCursor(key, user, seq);
    assert.notEqual(a, b);
    assert.equal(a.length, b.length);
  }), { numRuns: 300 });
  // and the length does not grow with the seq
  assert.equal(sealCursor(key, 'u', 0).length, sealCursor(key, 'u', Number.MAX_SAFE_INTEGER).length);
});

test('a seq that is not a sequence number is not sealed', () => {
  for (const bad of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN]) assert.throws(() => sealCursor(key, 'u', bad), RangeError);
});
