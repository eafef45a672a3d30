// The incremental fold (issue 16 item 2): a stored projection extended by new events equals the refold of the
// whole log, for any log and any way its events arrive in batches (late events, corrections, duplicates of
// decisions across devices). The stored form stays bounded however long the log grows.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CasualtyEvent, StoredEvent } from './events.ts';
import { uuidv7 } from './ids.ts';
import { forward, project } from './fold-forward.ts';
import type { Projection } from './fold-forward.ts';
import { boundSummary, summarise } from './summary.ts';
import { arbCasualtyLog, minute } from '../../test/support/fold-arbitraries.ts';
import { makeEvent } from '../../test/support/events.ts';

const cid = uuidv7();
const NOW = minute(400);
const stored = (log: CasualtyEvent[]): StoredEvent[] => log.map((e, i) => ({ ...e, seq: i + 1, receivedAt: NOW }) as StoredEvent);

/** Deliver `log` in `order`, cut into batches at `cuts`; each batch extends the projection (or refolds). */
function deliver(log: StoredEvent[], cuts: number[]): { projection: Projection; forwarded: number } {
  const at = [...new Set(cuts.map((c) => c % (log.length + 1)))].sort((a, b) => a - b);
  let prev: Projection | null = null;
  let forwarded = 0;
  let from = 0;
  for (const to of [...at, log.length]) {
    if (to <= from) continue;
    const batch = log.slice(from, to);
    const next: Projection | null = prev ? forward(prev, batch, NOW) : null;
    if (next) forwarded++;
    prev = next ?? project(cid, log.slice(0, to), NOW);
    from = to;
  }
  return { projection: prev ?? project(cid, [], NOW), forwarded };
}

describe('incremental fold', () => {
  it('forward over any batching of any delivery order = refold of the whole log (stored form)', () => {
    let forwarded = 0;
    fc.assert(
      fc.property(arbCasualtyLog(cid, 40), fc.array(fc.nat(), { maxLength: 8 }), fc.integer(), fc.boolean(), (log, cuts, seed, chronological) => {
        // Chronological delivery is the common case (forward applies); a shuffled one exercises the refold path.
        const order = chronological
          ? [log[0]!, ...log.slice(1).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1))]
          : log.map((e, i) => ({ e, k: Math.sin(seed + i * 7919) })).sort((x, y) => x.k - y.k).map((x) => x.e);
        const events = stored(order);
        const got = deliver(events, cuts);
        forwarded += got.forwarded;
        assert.deepEqual(got.projection.summary, project(cid, events, NOW).summary);
        // And the stored form, bounded for an answer, is what a bounded full refold answers.
        assert.deepEqual(boundSummary(got.projection.summary), boundSummary(summarise(cid, events, NOW)));
      }),
      { numRuns: 400 },
    );
    assert.ok(forwarded > 200, `the incremental path was taken ${forwarded} times`);
  });

  it('a late event (field time before the last folded), a correction, or an event a correction named refolds', () => {
    const reg = makeEvent('registered', cid, { injuredAt: minute(0) }, minute(0));
    const note = makeEvent('note', cid, { text: 'a' }, minute(10));
    const base = project(cid, stored([reg, note]), NOW);
    const s = (e: CasualtyEvent, seq: number) => ({ ...e, seq, receivedAt: NOW }) as StoredEvent;
    assert.ok(forward(base, [s(makeEvent('note', cid, { text: 'b' }, minute(11)), 3)], NOW), 'a later event extends');
    assert.equal(forward(base, [s(makeEvent('note', cid, { text: 'b' }, minute(9)), 3)], NOW), null, 'a late one refolds');
    assert.equal(forward(base, [s(makeEvent('void', cid, { target: note.id, reason: 'x' }, minute(12)), 3)], NOW), null);
  });

  it('keeps the stored state small: 5,000 notes and vitals store 5 of each, and count the rest', () => {
    const log: CasualtyEvent[] = [makeEvent('registered', cid, { injuredAt: minute(0) }, minute(0))];
    for (let i = 0; i < 2500; i++) {
      log.push(makeEvent('note', cid, { text: `note ${i}` }, minute(1 + i / 100)));
      log.push(makeEvent('vitals', cid, { pulse: 80 + (i % 40) }, minute(1 + i / 100)));
    }
    const events = stored(log);
    let p = project(cid, events.slice(0, 100), NOW);
    for (let i = 100; i < events.length; i++) p = forward(p, [events[i]!], NOW) ?? assert.fail(`event ${i} refolded`);
    assert.equal(p.summary.state.notes.length, 5);
    assert.equal(p.summary.omitted?.notes, 2495);
    assert.equal(p.summary.state.eventCount, 5001);
    assert.ok(JSON.stringify(p).length < 8_000, `${JSON.stringify(p).length} bytes`);
    assert.deepEqual(p.summary, project(cid, events, NOW).summary);
  });
});
