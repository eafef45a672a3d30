// The head-relative append's audit template (postgres-append.ts auditTemplate): filled in with the numbers the way
// gh_append_at_head does it (migration 021), it is the canonical body `nextLogAudit` hashes, for any writer, detail
// and events — so the chain written by the database verifies as the one the code writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { uuidv7 } from '../core/index.ts';
import { auditTemplate } from './postgres-append.ts';
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
