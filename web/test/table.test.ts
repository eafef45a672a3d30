// The table builder's sort (web/src/ui/table.ts): a stable reordering by the column's value, blanks last both ways,
// numbers as numbers and text by the language's collation. Property-tested; the DOM side is in header.e2e.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sortRows } from '../src/ui/table.ts';
import type { Direction, SortKey } from '../src/ui/table.ts';

const uk = new Intl.Collator('uk-UA', { numeric: true });
const blank = (k: SortKey): boolean => k === null || k === undefined || k === '';

test('sortRows: a stable permutation, ordered by the key, blanks last in both directions (property)', () => {
  const key = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom(null, undefined, ''));
  const text = fc.oneof(fc.constantFrom('Ярослав', 'Андрій', 'Євген', 'Іван', 'ґанок', 'B-10', 'B-9'), fc.constantFrom(null, ''));
  for (const arb of [key, text] as fc.Arbitrary<SortKey>[]) {
    fc.assert(
      fc.property(fc.array(arb, { maxLength: 30 }), fc.constantFrom<Direction>('ascending', 'descending'), (keys, dir) => {
        const rows = keys.map((k, i) => ({ k, i }));
        const out = sortRows(rows, (r) => r.k, dir, uk);
        assert.deepEqual([...out].sort((a, b) => a.i - b.i), rows, 'same rows');
        const firstBlank = out.findIndex((r) => blank(r.k));
        if (firstBlank >= 0) assert.ok(out.slice(firstBlank).every((r) => blank(r.k)), 'blanks last');
        for (let j = 1; j < out.length; j++) {
          const [a, b] = [out[j - 1]!, out[j]!];
          if (blank(a.k) || blank(b.k)) continue;
          const c = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : uk.compare(String(a.k), String(b.k));
          assert.ok(dir === 'ascending' ? c <= 0 : c >= 0, `order at ${j}`);
          if (c === 0) assert.ok(a.i < b.i, 'ties keep the caller\'s order');
        }
      }),
      { numRuns: 300 },
    );
  }
});

// Code-point order would put Є and І (U+0404, U+0406) before А, and B-10 before B-9.
test('sortRows: Ukrainian alphabetical order (Є, І, Ґ in their places) and numbers inside text', () => {
  const names = ['Ярослав', 'Іван', 'Євген', 'Андрій', 'Ганна', 'Ґеник', 'B-10', 'B-9'];
  assert.deepEqual(sortRows(names, (n) => n, 'ascending', uk), ['Андрій', 'Ганна', 'Ґеник', 'Євген', 'Іван', 'Ярослав', 'B-9', 'B-10']);
  assert.deepEqual(sortRows(names, undefined, 'descending', uk), names, 'no sort key: the caller\'s order');
});
