// SYNC-3 as properties (fast-check): whatever the wall clocks do, stamps of one clock strictly increase, a stamp
// made after receiving another sorts after it (unless that one came from more than MAX_DRIFT_MS ahead), and the
// text form sorts like the clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatHlc, receive, tick, MAX_DRIFT_MS } from './hlc.ts';
import type { Hlc } from './hlc.ts';

const wall = fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 });
const op = fc.oneof(
  fc.record({ kind: fc.constant('tick' as const), wall }),
  fc.record({ kind: fc.constant('recv' as const), wall, remote: fc.record({ l: wall, c: fc.integer({ min: 0, max: 999 }) }) }),
);
const cmp = (a: Hlc, b: Hlc) => (a.l !== b.l ? a.l - b.l : a.c - b.c);

test('SYNC-3 (property) stamps strictly increase and follow what was received', () => {
  fc.assert(
    fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
      let h: Hlc = { l: 0, c: 0 };
      for (const o of ops) {
        const next = o.kind === 'tick' ? tick(h, o.wall) : receive(h, o.remote, o.wall);
        assert.ok(cmp(next, h) > 0, 'strictly increasing');
        assert.ok(formatHlc(next, 'a') > formatHlc(h, 'z'), 'text order = clock order');
        if (o.kind === 'recv' && o.remote.l - o.wall <= MAX_DRIFT_MS) assert.ok(cmp(next, o.remote) > 0, 'after the received stamp');
        h = next;
      }
    }),
    { numRuns: 2000, seed: 7 },
  );
});
