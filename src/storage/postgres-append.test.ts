// The head-relative append's audit template (postgres-append.ts auditTemplate): filled in with the numbers the way
// gh_append_at_head does it (migration 021), it is the canonical body `nextLogAudit` hashes, for any writer, detail
// and events — so the chain written by the database verifies as the one the code writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { uuidv7 } from '../core/index.ts';
import type { AppendMemory } from './postgres-append.ts';
import { appendMemory, auditTemplate, forgetMoved } from './postgres-append.ts';
import type { Projection } from '../core/index.ts';
import { nextLogAudit } from './common.ts';
import { makeEvent } from '../../test/support/events.ts';

test('fast-check: the audit template filled in by the database hashes as nextLogAudit', () => {
  fc.assert(
    fc.property(
      fc.record({ actor: fc.string(), action: fc.string(), deviceId: fc.option(fc.string()), detail: fc.dictionary(fc.string(), fc.jsonValue()) }, { requiredKeys: [] }),
      fc.array(fc.string(), { minLength: 1, maxLength: 5 }),
      fc.nat(1_000_000),
      fc.nat(1_000_000),
      fc.stringMatching(/^[0-9a-f]{64}$/),
      (audit, notes, head, auditSeq, prevHash) => {
        const cid = uuidv7();
        const stored = notes.map((text, i) => ({ e: makeEvent('note', cid, { text }), offset: 1 + i }));
        const now = '2026-03-01T12:00:00.000Z';
        const writer = audit.actor === undefined ? undefined : { actor: audit.actor, deviceId: audit.deviceId ?? null, action: audit.action ?? 'x', ...(audit.detail ? { detail: audit.detail } : {}) };
        const t = auditTemplate(stored, writer, now);
        // What gh_append_at_head does, in JavaScript.
        const evs = t.ev.map(([before, offset, after]) => `${before}${head + offset}${after}`).join(',');
        const body = `${t.pre}${evs}],"seq":${auditSeq + 1}}`;
        const hash = createHash('sha256').update(`${prevHash}\n${body}`, 'utf8').digest('hex');
        const want = nextLogAudit(
          { seq: auditSeq, hash: prevHash },
          stored.map(({ e, offset }) => ({ e, seq: head + offset })),
          writer,
          now,
        );
        assert.equal(hash, want.hash);
        assert.equal(`[${evs}]`, JSON.stringify(want.events), 'the events column');
        assert.deepEqual(
          [t.row.at, t.row.actor, t.row.device, t.row.action, t.row.detail],
          [want.at, want.actor, want.deviceId, want.action, JSON.stringify(want.detail)],
        );
      },
    ),
  );
});

// The LISTEN's catch-up (forgetMoved): a remembered row stays only when the database's last_seq, read once the
// LISTEN was in effect, is not past the memory's — the memory never vouches for a row another process moved.
const remembered = (seqs: Map<string, number>): AppendMemory => {
  const memory = appendMemory();
  for (const [c, seq] of seqs) {
    memory.projections.set(c, { summary: { lastSeq: seq } } as unknown as Projection);
    memory.since.set(c, seq - 1);
  }
  return memory;
};

test('the catch-up keeps the rows the database holds as remembered (or older), forgets the moved, the unstored and the unasked', () => {
  const memory = remembered(new Map([['same', 5], ['moved', 6], ['mine-since', 9], ['gone', 3], ['new', 7]]));
  memory.since.set('row-less', 2);
  const asked = ['same', 'moved', 'mine-since', 'gone']; // 'new' was remembered after the question
  const r = forgetMoved(memory, asked, new Map([['same', 5], ['moved', 8], ['mine-since', 7]]));
  assert.deepEqual([...memory.projections.keys()].sort(), ['mine-since', 'same']);
  assert.deepEqual([...memory.since.keys()].sort(), ['mine-since', 'same'], 'a forgotten row and a row-less since go');
  assert.deepEqual(memory.since.get('same'), 4, 'a kept row keeps its since');
  assert.deepEqual(r, { kept: 2, forgotten: 3 });
});

test('fast-check: after the catch-up every remembered row was asked and is at or past the stored last_seq', () => {
  const ids = fc.constantFrom('a', 'b', 'c', 'd', 'e');
  fc.assert(
    fc.property(fc.dictionary(ids, fc.nat(20)), fc.uniqueArray(ids), fc.dictionary(ids, fc.nat(20)), (mem, asked: string[], db) => {
      const memory = remembered(new Map(Object.entries(mem)));
      const stored = new Map(Object.entries(db));
      const { kept, forgotten } = forgetMoved(memory, asked, stored);
      for (const [c, p] of memory.projections) {
        assert.ok(asked.includes(c));
        assert.ok(stored.has(c) && p.summary.lastSeq >= stored.get(c)!);
      }
      // Nothing the database vouches for is forgotten.
      for (const c of asked) if (c in mem && c in db && mem[c]! >= db[c]!) assert.ok(memory.projections.has(c));
      assert.equal(kept + forgotten, Object.keys(mem).length);
      for (const c of memory.since.keys()) assert.ok(memory.projections.has(c));
    }),
  );
});
