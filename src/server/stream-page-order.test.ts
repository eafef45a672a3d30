// A stream page for a caller shown sequence numbers: each casualty's summary comes before the page's events, because
// the client moves its cursor on every event's id. With the summaries last, a connection dropped between the two left
// the client past those events without their summaries, and no later page sent them again (the casualty's card stale
// until its next event); now a drop there costs a repeat of the page, never a summary (session 39, found while
// ending streams whose clients stop reading).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold, summaryOf } from '../core/index.ts';
import type { StoredEvent } from '../core/index.ts';
import { pageEncoder } from './routes/events.ts';
import { at, makeEvent, makeRegistered } from '../../test/support/events.ts';

const NOW = '2026-11-22T12:00:00.000Z';

test('a numbered page sends every summary before the first event id the client would move its cursor to', () => {
  const ids = ['0192f3a4-5b6c-7d8e-9f01-000000000001', '0192f3a4-5b6c-7d8e-9f01-000000000002'];
  const events = ids.flatMap((id, k) => [makeRegistered(id, { injuredAt: at(0), unitId: '1-coy' }), makeEvent('note', id, { text: `n${k}` }, at(1))])
    .map((e, i) => ({ ...e, seq: i + 1, receivedAt: NOW }) as StoredEvent);
  const summaries = new Map(ids.map((id) => {
    const mine = events.filter((e) => e.casualtyId === id);
    return [id, summaryOf(fold(id, mine, NOW), ['medic'], mine.at(-1)!.seq, NOW)] as const;
  }));
  for (const scoped of [false, true]) {
    const text = pageEncoder(() => NOW, scoped)(events, summaries).toString();
    const blocks = text.split('\n\n').filter(Boolean);
    const kinds = blocks.map((b) => /event: ([a-z-]+)/.exec(b)![1]);
    assert.deepEqual(kinds.filter((k) => k === 'casualty').length, 2, 'one summary per casualty');
    assert.equal(kinds.filter((k) => k === 'casualty-event').length, events.length);
    if (!scoped) assert.ok(kinds.lastIndexOf('casualty') < kinds.indexOf('casualty-event'), `summaries first: ${kinds.join(' ')}`);
  }
});
