// ReadSet.with (stream-audit.ts): a failed flush re-merges a stream's newer read set into its older one by ids,
// with no fake events; the result is the older set's ids then the newer's unseen ones, in order, every one of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { StoredEvent } from '../core/index.ts';
import { EMPTY_READ_SET } from './stream-audit.ts';

const page = (ids: readonly string[]) => ids.map((casualtyId, seq) => ({ casualtyId, seq }) as StoredEvent);
const firstSeen = (ids: readonly string[]) => [...new Set(ids)];

test('ReadSet.with adds the unseen ids in order after the set\'s own, keeps the set when none is new, and keeps every id past 1,000', () => {
  const id = fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `c${i}`));
  fc.assert(
    fc.property(fc.array(id), fc.array(id), (a, b) => {
      const old = EMPTY_READ_SET.after(page(a));
      const merged = old.with(b);
      assert.deepEqual(merged.list(), firstSeen([...a, ...b]));
      assert.equal(merged.size, merged.list().length);
      for (const x of b) assert.ok(merged.has(x));
      if (b.every((x) => old.has(x))) assert.equal(merged, old, 'no new id: the same set');
      assert.deepEqual(merged.list(), old.after(page(b)).list(), 'the same as reading those ids as a page');
    }),
  );
  const many = Array.from({ length: 1200 }, (_, i) => `x${i}`);
  const full = EMPTY_READ_SET.with(many.slice(0, 600)).with(many.slice(600));
  assert.equal(full.size, 1200);
  assert.deepEqual(full.list(), many);
});
