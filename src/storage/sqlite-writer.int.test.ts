// The SQLite writer thread (issue 16): appends commit off the event loop, concurrent appends share one transaction
// with a savepoint each, and the guarantees hold (gap-free numbers in commit order, the audit chain, refusals alone).
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import fc from 'fast-check';
import type { CasualtyEvent } from '../core/index.ts';
import { uuidv7 } from '../core/index.ts';
import { openSqliteStore } from './sqlite.ts';
import { EventConflictError } from './common.ts';
import { verifyCasualtyLog } from '../audit/casualty-log.ts';
import { at, makeEvent, makeRegistered } from '../../test/support/events.ts';
import { walCommits } from '../../test/support/sqlite-wal.ts';

const root = mkdtempSync(join(tmpdir(), 'gh-sqlite-writer-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const NOW = '2026-11-22T12:00:00.000Z';

/** `k` turns of the event loop. */
const turns = (k: number): Promise<void> => new Promise((ok) => {
  const step = (left: number) => (left === 0 ? ok() : setImmediate(() => step(left - 1)));
  step(k);
});

describe('SQLite writer thread (issue 16)', () => {
  it('an append waiting for the write lock leaves the event loop free, and commits once the lock is released', async () => {
    const dir = join(root, `l${++n}`);
    const store = await openSqliteStore({ dataDir: dir });
    const side = new DatabaseSync(join(dir, 'goldenhour.db'));
    try {
      await store.migrate();
      const cid = uuidv7();
      await store.append([makeRegistered(cid)], NOW);
      // Another connection holds the file's write lock. On the event loop's own thread the commit would wait for it
      // there (busy_timeout), so nothing here could run to release it: the append failed with "database is locked".
      side.exec('BEGIN IMMEDIATE');
      let settled: string | null = null;
      const note = makeEvent('note', cid, { text: 'after the lock' }, at(1));
      const pending = store.append([note], NOW).then(() => (settled = 'ok'), (err: Error) => (settled = `${err.name}: ${err.message}`));
      await turns(200);
      assert.equal(settled, null, 'the append waits for the lock, and this code keeps running meanwhile');
      assert.equal(await store.getEvent(note.id), null, 'nothing is visible before its commit');
      side.exec('COMMIT');
      await pending;
      assert.equal(settled, 'ok');
      assert.equal((await store.getEvent(note.id))?.id, note.id);
      assert.equal((await store.casualty(cid))!.state.notes.at(-1)?.text, 'after the lock');
    } finally {
      if (side.isTransaction) side.exec('ROLLBACK');
      side.close();
      await store.close();
    }
  });

  it('a batch in which one append is refused: the others commit, in the same single transaction', async () => {
    const dir = join(root, `b${++n}`);
    const store = await openSqliteStore({ dataDir: dir });
    try {
      await store.migrate();
      const ids = [uuidv7(), uuidv7(), uuidv7()];
      const first = makeEvent('note', ids[0]!, { text: 'stored once' }, at(1));
      await store.append([...ids.map((id) => makeRegistered(id)), first], NOW);
      const head = await store.head();
      const before = walCommits(join(dir, 'goldenhour.db'));
      // Submitted in one turn: one batch. The third re-uses an id with other content (409), the fourth re-sends.
      const sent = [
        [makeEvent('note', ids[0]!, { text: 'a' }, at(2))],
        [makeEvent('vitals', ids[1]!, { pulse: 110 }, at(2))],
        [makeEvent('note', ids[2]!, { text: 'kept apart' }, at(2)), { ...first, payload: { text: 'forged' } } as CasualtyEvent],
        [first],
        [makeEvent('note', ids[2]!, { text: 'c' }, at(3))],
      ];
      const outcomes = await Promise.all(sent.map((b) => store.append(b, NOW).then((r) => r, (err: unknown) => err)));
      assert.equal(walCommits(join(dir, 'goldenhour.db')) - before, 1, 'one transaction, one fsync, for the whole batch');
      const refused = outcomes[2];
      assert.ok(refused instanceof EventConflictError, `refused as a conflict: ${String(refused)}`);
      assert.equal(refused.eventId, first.id);
      assert.equal(await store.getEvent(sent[2]![0]!.id), null, 'nothing of the refused append is stored');
      const ok = outcomes.filter((o, i) => i !== 2) as { accepted: number; duplicates: number; results: { seq: number }[] }[];
      assert.deepEqual(ok.map((r) => [r.accepted, r.duplicates]), [[1, 0], [1, 0], [0, 1], [1, 0]]);
      assert.deepEqual(ok.flatMap((r, i) => (i === 2 ? [] : r.results.map((x) => x.seq))), [head + 1, head + 2, head + 3], 'numbers without a gap, in submission order');
      assert.deepEqual((await store.casualty(ids[2]!))!.state.notes.map((x) => x.text), ['c']);
      assert.equal((await verifyCasualtyLog(store)).ok, true);
    } finally {
      await store.close();
    }
  });

  it('the main connection writes (entities, the SQL facet) beside appends on the writer thread', async () => {
    const dir = join(root, `m${++n}`);
    const store = await openSqliteStore({ dataDir: dir });
    try {
      await store.migrate();
      const cid = uuidv7();
      await store.append([makeRegistered(cid)], NOW);
      const work: Promise<unknown>[] = [];
      for (let i = 0; i < 40; i++) {
        work.push(store.append([makeEvent('note', cid, { text: `n${i}` }, at(1 + i))], NOW));
        if (i % 4 === 0) work.push(store.putEntity('facility', {
          id: `f-${i}`, name: `F ${i}`, role: 'R2', position: { lat: 48.5, lon: 37.7 }, hardened: false, status: 'normal',
          intake: 'normal', capabilities: [], beds: 14, surgicalTables: 2,
        }));
        if (i % 8 === 0) work.push(store.sql.tx(async (t) => t.all('SELECT count(*) AS n FROM events')));
      }
      await Promise.all(work);
      assert.equal((await store.casualty(cid))!.state.eventCount, 41);
      assert.equal((await store.listEntities('facility')).length, 10);
    } finally {
      await store.close();
    }
  });

  it('property: concurrent waves of appends, some refused, some re-sent: gap-free numbers, one audit entry per stored append, a valid chain', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.record({ casualty: fc.nat(2), kind: fc.constantFrom('note', 'vitals', 'conflict', 'resend'), size: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }),
        async (waves) => {
          const dir = join(root, `p${++n}`);
          const store = await openSqliteStore({ dataDir: dir });
          try {
            await store.migrate();
            const ids = [uuidv7(), uuidv7(), uuidv7()];
            const base = ids.map((id) => makeEvent('note', id, { text: 'base' }, at(0)));
            await store.append([...ids.map((id) => makeRegistered(id)), ...base], NOW);
            const acked: string[] = [];
            const refused: string[] = [];
            let minute = 1;
            for (const wave of waves) {
              const sent = wave.map(({ casualty, kind, size }) => {
                const cid = ids[casualty]!;
                const fresh = Array.from({ length: size }, () =>
                  kind === 'vitals' ? makeEvent('vitals', cid, { pulse: 60 + minute }, at(minute++)) : makeEvent('note', cid, { text: `m${minute}` }, at(minute++)));
                if (kind === 'conflict') return { fresh, batch: [...fresh, { ...base[casualty]!, payload: { text: 'forged' } } as CasualtyEvent], refuse: true };
                if (kind === 'resend') return { fresh: [], batch: [base[casualty]!], refuse: false };
                return { fresh, batch: fresh, refuse: false };
              });
              const outcomes = await Promise.all(sent.map((s) => store.append(s.batch, NOW).then(() => 'ok', (err: unknown) => err)));
              outcomes.forEach((o, i) => {
                if (sent[i]!.refuse) {
                  assert.ok(o instanceof EventConflictError);
                  refused.push(...sent[i]!.fresh.map((e) => e.id));
                } else {
                  assert.equal(o, 'ok');
                  acked.push(...sent[i]!.fresh.map((e) => e.id));
                }
              });
            }
            const all = await store.eventsAfter(0, 10_000);
            assert.deepEqual(all.map((e) => e.seq), all.map((_, i) => i + 1), 'seq 1..n without a gap');
            const stored = new Set(all.map((e) => e.id));
            for (const id of acked) assert.ok(stored.has(id), 'every acknowledged event is stored');
            for (const id of refused) assert.ok(!stored.has(id), 'nothing of a refused append is stored');
            const v = await verifyCasualtyLog(store);
            assert.deepEqual(v.problems, []);
            assert.equal(v.events, all.length, 'every event named by one audit entry');
            for (const id of ids) assert.equal((await store.casualty(id))!.state.eventCount, all.filter((e) => e.casualtyId === id).length);
          } finally {
            await store.close();
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});
