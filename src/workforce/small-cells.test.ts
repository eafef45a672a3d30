import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { publishableCells, SMALL_CELL } from './small-cells.ts';

test('published cells: every shown cell is 5 or more, and what is left out adds up to 0 or 5 or more (no exact small count by difference)', () => {
  fc.assert(fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 40 }), { maxKeys: 8 }), (cells) => {
    const total = Object.values(cells).reduce((a, b) => a + b, 0);
    const shown = publishableCells(cells, total);
    for (const [k, n] of Object.entries(shown)) {
      assert.ok(n >= SMALL_CELL);
      assert.equal(n, cells[k], 'a shown cell is exact');
    }
    const hidden = total - Object.values(shown).reduce((a, b) => a + b, 0);
    // (A total under 5 with nothing shown is the total's own figure, not a difference.)
    assert.ok(hidden === 0 || hidden >= SMALL_CELL || Object.keys(shown).length === 0, `left out ${hidden} of ${JSON.stringify(cells)}`);
  }));
  // Five surgeons and one anaesthesiologist: the surgeons' cell goes too (it showed 5 beside a total of 6).
  assert.deepEqual(publishableCells({ 'general-surgeon': 5, anaesthesiologist: 1 }, 6), {});
  assert.deepEqual(publishableCells({ a: 9, b: 6, c: 2 }, 17), { a: 9 });
  assert.deepEqual(publishableCells({ a: 9, b: 6, c: 7 }, 22), { a: 9, b: 6, c: 7 });
});
