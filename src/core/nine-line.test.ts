// Issue 9 item 12: the precedence of a casualty with a 9-line and no precedence set on the card is line 3's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { effectivePrecedence, LINE3, Precedence, PRECEDENCE_LETTER, precedenceRank } from './index.ts';

test('the card\'s precedence wins; else the most urgent line-3 letter with a patient; else none', () => {
  assert.equal(effectivePrecedence('routine', { patientsByPrecedence: { A: 1, B: 0, C: 0, D: 0, E: 0 } }), 'routine');
  assert.equal(effectivePrecedence(null, { patientsByPrecedence: { A: 0, B: 0, C: 2, D: 1, E: 0 } }), 'priority');
  assert.equal(effectivePrecedence(null, null), null);
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 5, maxLength: 5 }), (ns) => {
    const counts = Object.fromEntries(LINE3.map((l, i) => [l, ns[i]!])) as Record<(typeof LINE3)[number], number>;
    const p = effectivePrecedence(undefined, { patientsByPrecedence: counts });
    const letters = LINE3.filter((l) => counts[l] > 0);
    if (!letters.length) return assert.equal(p, null);
    assert.ok(p);
    assert.equal(PRECEDENCE_LETTER[p], letters[0]);
    for (const l of letters) assert.ok(precedenceRank(p) <= precedenceRank(Precedence.options.find((x) => PRECEDENCE_LETTER[x] === l)!));
  }));
});
