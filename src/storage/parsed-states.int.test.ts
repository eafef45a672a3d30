// A list read parses each casualty's stored state once per stored text (issue 16's tail, src/storage/common.ts
// ParsedStates): a console re-reading 200 casualties every second parsed 200 states each time, the longest piece of
// the mixed run's longest main-thread tasks. Counted, not timed: JSON.parse calls on the second read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from './sqlite.ts';
import { at, makeEvent, makeRegistered } from '../../test/support/events.ts';

const NOW = '2026-11-22T12:00:00.000Z';

/** JSON.parse calls (of any text) while `fn` runs. */
async function parsesDuring<T>(fn: () => Promise<T>): Promise<{ value: T; parses: number }> {
  const real = JSON.parse;
  let parses = 0;
  JSON.parse = ((text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
    parses++;
    return real(text, reviver);
  }) as typeof JSON.parse;
  try {
    return { value: await fn(), parses };
  } finally {
    JSON.parse = real;
  }
}

test('a list read again parses only the rows written since; its answer is the one a fresh store reads', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-parsed-states-'));
  try {
    const ids = Array.from({ length: 30 }, (_, i) => `0192f3a4-5b6c-7d8e-9f01-${String(i).padStart(12, '0')}`);
    const store = await openSqliteStore({ dataDir: dir });
    let last;
    try {
      await store.migrate();
      for (const id of ids) await store.append([makeRegistered(id, { injuredAt: at(0), unitId: '1-coy' })], NOW);
      const first = await parsesDuring(() => store.casualties({ status: 'open' }));
      assert.equal(first.value.length, 30);
      assert.ok(first.parses >= 30, `the first read parses every row (${first.parses})`);
      const again = await parsesDuring(() => store.casualties({ status: 'open' }));
      assert.equal(again.parses, 0, 'nothing written since: no state parsed again');
      assert.deepEqual(again.value, first.value);
      // Two casualties written: only their rows are parsed again.
      for (const id of ids.slice(0, 2)) await store.append([makeEvent('note', id, { text: 'changed' }, at(1))], NOW);
      const after = await parsesDuring(() => store.casualties({ status: 'open' }));
      assert.ok(after.parses > 0 && after.parses <= 4, `the two changed rows (state and authors): ${after.parses}`);
      assert.deepEqual(after.value.find((c) => c.id === ids[0])?.state.notes.map((n) => n.text), ['changed']);
      // Shared between readers, so frozen: a caller cannot change what the next reader gets.
      assert.throws(() => (after.value[0]!.state.notes as unknown[]).push('x'), TypeError);
      last = after.value;
    } finally {
      await store.close();
    }
    const fresh = await openSqliteStore({ dataDir: dir });
    try {
      assert.deepEqual(await fresh.casualties({ status: 'open' }), last, 'the same answer as a store that parsed every row');
    } finally {
      await fresh.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
