// SYNC-17: which relayed records take a hand-over code's author (asSigned). Whatever a desk does to a batch — keeps a
// signed record, changes its text, time, type or casualty, or adds records of its own — exactly the records the code
// signs with the same id and content are the code's author's, and nothing else of any record changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { uuidv7 } from '../core/index.ts';
import type { CasualtyEvent } from '../core/index.ts';
import { at, makeEvent } from '../../test/support/events.ts';
import { asSigned } from './handover.ts';
import type { SignedRecord } from './handover.ts';

const CASUALTY = uuidv7();
type Edit = 'kept' | 'text' | 'time' | 'type' | 'casualty';

test('SYNC-17 exactly the records a code signs, unchanged, take its author; nothing else changes (property)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ text: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s.length > 0), minute: fc.integer({ min: 0, max: 600 }), edit: fc.constantFrom<Edit>('kept', 'kept', 'text', 'time', 'type', 'casualty') }), { minLength: 1, maxLength: 8 }),
      fc.integer({ min: 0, max: 3 }),
      (records, ownCount) => {
        const signed = new Map<string, SignedRecord>();
        const batch: CasualtyEvent[] = [];
        const desk = { author: 'facility-1', deviceId: 'desk-1' };
        for (const r of records) {
          const medic = makeEvent('note', CASUALTY, { text: r.text }, at(r.minute), { author: 'medic-1', deviceId: 'phone-1' });
          signed.set(medic.id, { event: medic, author: 'medic-1', deviceId: 'phone-1' });
          // The desk's copy: its own user, device and receipt time, then the edit.
          const copy = { ...medic, ...desk, recordedAt: at(700), hlc: 'h' };
          const edited: CasualtyEvent =
            r.edit === 'text' ? { ...copy, payload: { text: `${r.text}!` } }
            : r.edit === 'time' ? { ...copy, at: at(r.minute + 1) }
            : r.edit === 'type' ? ({ ...copy, type: 'evac.cancelled', payload: {} } as CasualtyEvent)
            : r.edit === 'casualty' ? { ...copy, casualtyId: uuidv7() }
            : copy;
          batch.push(edited);
        }
        for (let i = 0; i < ownCount; i++) batch.push(makeEvent('note', CASUALTY, { text: `desk ${i}` }, at(i), desk));
        const { events, relayed } = asSigned(batch, signed);
        const kept = new Set(batch.filter((e, i) => i < records.length && records[i]!.edit === 'kept').map((e) => e.id));
        assert.deepEqual(relayed.map((r) => r.id), [...kept]);
        events.forEach((e, i) => {
          const expected = kept.has(e.id) ? { ...batch[i]!, author: 'medic-1', deviceId: 'phone-1' } : batch[i];
          assert.deepEqual(e, expected);
        });
      },
    ),
    { numRuns: 300 },
  );
});
