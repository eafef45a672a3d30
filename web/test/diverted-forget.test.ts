// A desk left open all week: the diversions it was told of are forgotten once their notice is over (an hour), in the
// live store's map and the desk's own (web/src/live/store.ts, web/src/facility/diverted.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DIVERTED_SHOW_MS, forgetOldDiversions } from '../src/live/store.ts';
import type { Diverted } from '../src/live/store.ts';

const at = (ms: number): string => new Date(ms).toISOString();
const diverted = (id: string, ms: number): Diverted => ({ casualtyId: id, from: 'f-1', to: 'f-2', at: at(ms) });

test('a diversion is kept while its notice shows and forgotten after', () => {
  const now = Date.parse('2026-12-06T18:00:00Z');
  const m = new Map([['a', diverted('a', now - 2 * DIVERTED_SHOW_MS)], ['b', diverted('b', now - DIVERTED_SHOW_MS + 60_000)], ['c', diverted('c', now)], ['d', diverted('d', now - DIVERTED_SHOW_MS)]]);
  forgetOldDiversions(m, now);
  assert.deepEqual([...m.keys()].sort(), ['b', 'c']);
});

test('after forgetting, the map holds exactly the diversions still shown', () => {
  const now = Date.parse('2026-12-06T18:00:00Z');
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 7 * 24 * 60 }), { maxLength: 60 }), (agesMin) => {
    const m = new Map(agesMin.map((age, i) => [`c${i}`, diverted(`c${i}`, now - age * 60_000)]));
    forgetOldDiversions(m, now);
    assert.equal(m.size, agesMin.filter((age) => age * 60_000 < DIVERTED_SHOW_MS).length);
    for (const d of m.values()) assert.ok(now - Date.parse(d.at) < DIVERTED_SHOW_MS);
  }));
});
