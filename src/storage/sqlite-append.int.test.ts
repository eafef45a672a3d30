// What an append costs the SQLite file, and what the store remembers of its projection rows (issue 16): pages
// written per append, the lists after changed-columns-only updates and partial indexes (migration 024), and the
// remembered rows against the rows on disk.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import fc from 'fast-check';
import type { CasualtyEvent } from '../core/index.ts';
import type { CasualtyFilter, Store } from './port.ts';
import { openSqliteStore } from './sqlite.ts';
import { EventConflictError, filterSql, loadMigrations } from './common.ts';
import { verifyCasualtyLog } from '../audit/casualty-log.ts';
import { at, makeEvent, makeRegistered } from '../../test/support/events.ts';
import { arbCasualtyLog } from '../../test/support/fold-arbitraries.ts';

const root = mkdtempSync(join(tmpdir(), 'gh-sqlite-append-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const NOW = '2026-11-22T12:00:00.000Z';

/** Pages (WAL frames) written by `appends`, measured from an emptied WAL. */
async function walPages(dir: string, appends: () => Promise<void>): Promise<number> {
  const file = join(dir, 'goldenhour.db');
  const side = new DatabaseSync(file);
  try {
    side.exec('PRAGMA busy_timeout = 5000');
    const r = side.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get() as { busy: number; log: number };
    assert.deepEqual([r.busy, r.log], [0, 0], 'the WAL was emptied');
    await appends();
    return (statSync(`${file}-wal`).size - 32) / (4096 + 24);
  } finally {
    side.close();
  }
}

describe('SQLite append cost and remembered projections (issue 16)', () => {
  it('a single-note append writes at most 8 pages (about 15 when every casualties index followed last_seq, 9.5 with AUTOINCREMENT)', async () => {
    const dir = join(root, `p${++n}`);
    const store = await openSqliteStore({ dataDir: dir });
    try {
      await store.migrate();
      const ids = Array.from({ length: 40 }, (_, i) => `0192f3a4-5b6c-7d8e-9f01-${String(i).padStart(12, '0')}`);
      for (const id of ids) await store.append([makeRegistered(id, { injuredAt: at(0), unitId: `u-${id.slice(-1)}` })], NOW);
      for (const id of ids) await store.append([makeEvent('note', id, { text: 'warm' }, at(1))], NOW);
      const pages = await walPages(dir, async () => {
        for (let i = 0; i < 20; i++) await store.append([makeEvent('note', ids[(i * 7) % ids.length]!, { text: `note ${i}` }, at(2 + i))], NOW);
      });
      assert.ok(pages / 20 <= 8, `${pages / 20} pages an append`);
    } finally {
      await store.close();
    }
  });

  it('property: lists by every filter, and the rows the store remembers, are those on disk after any appends', async () => {
    const filters: [CasualtyFilter, (c: { stage: string; precedence: string | null; unitId: string | null; facilityId: string | null; destinationId: string | null }) => boolean][] = [
      [{ status: 'open' }, (c) => c.stage !== 'closed'],
      [{ status: 'closed' }, (c) => c.stage === 'closed'],
      [{ precedence: 'urgent' }, (c) => c.precedence === 'urgent'],
      [{ unitId: 'u-1' }, (c) => c.unitId === 'u-1'],
      [{ facilityId: 'fac-0' }, (c) => c.facilityId === 'fac-0' || c.destinationId === 'fac-0'],
      [{ facilityId: 'fac-1', status: 'closed' }, (c) => (c.facilityId === 'fac-1' || c.destinationId === 'fac-1') && c.stage === 'closed'],
    ];
    const ids = ['0192f3a4-5b6c-7d8e-9f01-0000000000a1', '0192f3a4-5b6c-7d8e-9f01-0000000000a2', '0192f3a4-5b6c-7d8e-9f01-0000000000a3'];
    const logs = fc.tuple(...ids.map((id) => arbCasualtyLog(id, 25)));
    await fc.assert(
      fc.asyncProperty(logs, fc.array(fc.nat(), { minLength: 80, maxLength: 80 }), async (perCasualty, dice) => {
        // Each casualty in its own unit; the events of all three interleaved, cut into batches; pairs of batches
        // arrive together (one group commit, two savepoints); some batches are re-sent, some re-use an id.
        const events: CasualtyEvent[] = perCasualty.flatMap((log, k) => log.map((e, i) => (i === 0 ? { ...e, payload: { ...e.payload, unitId: `u-${k}` } } as CasualtyEvent : e)));
        const order = events.map((e, i) => ({ e, key: dice[i % dice.length]! * 1000 + i })).sort((a, b) => a.key - b.key).map((x) => x.e);
        const batches: CasualtyEvent[][] = [];
        for (let i = 0, k = 0; i < order.length; k++) {
          const size = 1 + (dice[k % dice.length]! % 3);
          batches.push(order.slice(i, i + size));
          i += size;
        }
        const dir = join(root, `q${++n}`);
        let store: Store = await openSqliteStore({ dataDir: dir });
        await store.migrate();
        try {
          for (let b = 0; b < batches.length; b += 2) {
            const pair = batches.slice(b, b + 2);
            const twist = dice[b % dice.length]! % 5;
            const sent = pair.map((batch) => store.append(batch, NOW).then(() => 'ok', (err: unknown) => err));
            // A refused append beside them (an id stored with other content): rolled back alone.
            if (twist === 0 && b > 0) {
              const victim = batches[b - 1]![0]!;
              sent.push(store.append([{ ...victim, at: at(-5) }], NOW).then(() => 'ok', (err: unknown) => err));
            }
            const outcomes = await Promise.all(sent);
            for (const o of outcomes.slice(0, pair.length)) assert.equal(o, 'ok');
            for (const o of outcomes.slice(pair.length)) assert.ok(o instanceof EventConflictError);
            if (twist === 1) await store.append(pair[0]!, NOW); // a re-send: duplicates only
          }
          const remembered = await Promise.all(ids.map((id) => store.casualty(id)));
          const lists = await Promise.all(filters.map(([f]) => store.casualties(f)));
          await store.close();
          store = await openSqliteStore({ dataDir: dir }); // nothing remembered: every row from disk
          const all = await store.casualties({});
          assert.deepEqual(remembered, await Promise.all(ids.map((id) => store.casualty(id))), 'the remembered rows are the rows on disk');
          filters.forEach(([f, keep], i) => assert.deepEqual(lists[i], all.filter(keep), `casualties(${JSON.stringify(f)})`));
        } finally {
          await store.close();
        }
      }),
      { numRuns: 20 },
    );
  });

  it('the lists the web app asks for read an index in order, none reads every casualty of a stage (migration 024)', async () => {
    const dir = join(root, `e${++n}`);
    const store = await openSqliteStore({ dataDir: dir });
    await store.migrate();
    await store.close();
    const db = new DatabaseSync(join(dir, 'goldenhour.db'));
    try {
      const plan = (f: CasualtyFilter) => {
        const { sql, params } = filterSql(f, (i) => `?${i}`);
        return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
      };
      assert.match(plan({ status: 'open', limit: 200 }), /^SCAN casualties USING INDEX casualties_last_seq$/);
      assert.match(plan({ status: 'open', since: 10, limit: 200 }), /^SEARCH casualties USING INDEX casualties_last_seq \(last_seq>\?\)$/);
      // A facility's last closed casualties (the facility view): through the facility's own indexes.
      assert.match(plan({ facilityId: 'f', status: 'closed', limit: 5 }), /casualties_facility \(facility_id=\?\).*casualties_destination \(destination_id=\?\)/);
      assert.match(plan({ facilityId: 'f', since: 10, limit: 200 }), /casualties_facility \(facility_id=\? AND last_seq>\?\)/);
      assert.match(plan({ incidentId: 'i' }), /casualties_incident \(incident_id=\?\)/);
    } finally {
      db.close();
    }
  });

  it('migration 027: every event keeps its number, appends continue gap-free after the highest, a refused one burns none', async () => {
    const dir = join(root, `m${++n}`);
    // A file at migration 026 (events numbered by AUTOINCREMENT), then written through the store.
    await (await openSqliteStore({ dataDir: dir })).close();
    const side = new DatabaseSync(join(dir, 'goldenhour.db'));
    side.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const m of loadMigrations('sqlite').filter((x) => x.version < 27)) {
      side.exec(m.sql);
      side.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, NOW);
    }
    side.close();
    const cid = '0192f3a4-5b6c-7d8e-9f01-0000000000c1';
    const inc = '0192f3a4-5b6c-7d8e-9f01-0000000000c2';
    let store = await openSqliteStore({ dataDir: dir });
    await store.append([makeRegistered(cid, { injuredAt: at(0) }), makeEvent('note', cid, { text: 'one' }, at(1))], NOW);
    await store.append([makeEvent('incident.declared', inc, { kind: 'strike', position: { lat: 48.5, lon: 37.9 }, unitId: 'u-1' }, at(2))], NOW);
    const before = await store.eventsAfter(0, 100);
    const casualty = await store.casualty(cid);
    await store.close();
    store = await openSqliteStore({ dataDir: dir });
    try {
      assert.deepEqual((await store.migrate()).filter((v) => v <= 27), [27]);
      assert.deepEqual(await store.eventsAfter(0, 100), before, 'every event with its number');
      assert.deepEqual(await store.casualty(cid), casualty, 'the projection as it was');
      // A refused append (an id stored with other content) beside a good one in the same group commit.
      const refused = store.append([makeEvent('note', cid, { text: 'late' }, at(3)), { ...before[1]!, payload: { text: 'forged' } } as CasualtyEvent], NOW);
      const good = store.append([makeEvent('note', cid, { text: 'two' }, at(4))], NOW);
      await assert.rejects(refused, EventConflictError);
      assert.deepEqual((await good).results.map((x) => x.seq), [before.length + 1], 'the number the refused append took is given again: no gap');
      const three = await store.append([makeEvent('note', cid, { text: 'three' }, at(5))], NOW);
      assert.deepEqual(three.results.map((x) => x.seq), [before.length + 2]);
      assert.equal(three.head, before.length + 2);
      assert.deepEqual((await store.eventsAfter(0, 100)).map((e) => e.seq), [1, 2, 3, 4, 5], 'the cursor is gap-free');
      // The incident's access rows are still kept by its trigger (013, made again with the table).
      await store.append([makeEvent('incident.updated', inc, { commander: 'Sokil' }, at(6), { author: 'medic-9' })], NOW);
      assert.equal((await verifyCasualtyLog(store)).ok, true, 'the audit chain names every event by its number');
      const db = new DatabaseSync(join(dir, 'goldenhour.db'), { readOnly: true });
      try {
        const keys = (db.prepare('SELECT key FROM casualty_access WHERE casualty_id = ? ORDER BY key').all(inc) as { key: string }[]).map((x) => x.key);
        assert.ok(keys.includes('a:medic-9') && keys.includes('u:u-1'), keys.join(' '));
        assert.equal(db.prepare(`SELECT count(*) AS n FROM sqlite_sequence WHERE name = 'events'`).get()!.n, 0, 'nothing numbers events in sqlite_sequence');
        assert.equal(db.prepare('SELECT count(*) AS n FROM casualty_plan WHERE id = ?').get(cid)!.n, 1, "the open casualty's plan row (028's backfill, kept since)");
        const plan = (sql: string, ...p: (string | number)[]) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...p) as { detail: string }[]).map((x) => x.detail).join(' | ');
        assert.equal(plan('SELECT * FROM events WHERE casualty_id = ? ORDER BY seq', cid), 'SEARCH events USING INDEX events_casualty (casualty_id=?)');
        assert.equal(plan('SELECT * FROM events WHERE casualty_id = ? AND seq > ? ORDER BY seq', cid, 1), 'SEARCH events USING INDEX events_casualty (casualty_id=? AND rowid>?)');
        assert.match(plan(`SELECT 1 FROM events WHERE casualty_id = ? AND type = 'incident.declared'`, inc), /events_incident_declared/);
      } finally {
        db.close();
      }
    } finally {
      await store.close();
    }
  });

  it('migration 027: a number is given again only after its event was deleted behind the log, and the audit chain reports it', async () => {
    // max(seq) + 1 re-uses a number only if the highest event was deleted; no code deletes an event (the log is
    // append-only), so this is tampering, and the chain (each entry names its events by id, number and hash) finds it.
    const dir = join(root, `t${++n}`);
    const cid = '0192f3a4-5b6c-7d8e-9f01-0000000000d1';
    let store = await openSqliteStore({ dataDir: dir });
    await store.migrate();
    await store.append([makeRegistered(cid, { injuredAt: at(0) }), makeEvent('note', cid, { text: 'one' }, at(1))], NOW);
    await store.close();
    const side = new DatabaseSync(join(dir, 'goldenhour.db'));
    side.prepare('DELETE FROM events WHERE seq = 2').run();
    side.close();
    store = await openSqliteStore({ dataDir: dir });
    try {
      const r = await store.append([makeEvent('note', cid, { text: 'two' }, at(2))], NOW);
      assert.deepEqual(r.results.map((x) => x.seq), [2], 'max(seq) + 1');
      const v = await verifyCasualtyLog(store);
      assert.equal(v.ok, false);
      assert.ok(v.problems.some((p) => /deleted|edited/.test(p)), v.problems.join('; '));
    } finally {
      await store.close();
    }
  });

  it('migration 029: a note parses no state in the UPDATE triggers (digests compared instead); vitals and a decision rewrite what they move', async () => {
    const dir = join(root, `p${++n}`);
    const store = await openSqliteStore({ dataDir: dir });
    const side = new DatabaseSync(join(dir, 'goldenhour.db'));
    try {
      await store.migrate();
      side.exec('PRAGMA busy_timeout = 5000');
      const cid = '0192f3a4-5b6c-7d8e-9f01-000000000029';
      await store.append([makeRegistered(cid, { injuredAt: at(0), unitId: 'u-1' }), makeEvent('vitals', cid, { pulse: 120, rr: 14, avpu: 'A' }, at(1))], NOW);
      const row = () => side.prepare('SELECT derived_key, plan_key FROM casualties WHERE id = ?').get(cid) as { derived_key: string | null; plan_key: string | null };
      const planParts = () => (side.prepare('SELECT parts FROM casualty_plan WHERE id = ?').get(cid) as { parts: string }).parts;
      const keys = row();
      assert.ok(keys.derived_key && keys.plan_key, 'the append stores both digests');
      // Behind the store's back: a part of the stored state that the derived rows read changed (so a trigger that
      // compares the OLD state with the NEW one, which the store writes from its memory, sees a difference), and the
      // derived rows and the plan row made stale (so a trigger that runs rewrites them).
      side.prepare(`UPDATE casualties SET state = json_set(state, '$.position', json('{"mgrs":"elsewhere"}')) WHERE id = ?`).run(cid);
      side.prepare(`UPDATE casualty_facts SET unit_id = 'stale' WHERE id = ?`).run(cid);
      side.prepare(`UPDATE casualty_plan SET parts = '["stale"]' WHERE id = ?`).run(cid);
      for (let i = 0; i < 3; i++) await store.append([makeEvent('note', cid, { text: `note ${i}` }, at(2 + i))], NOW);
      assert.deepEqual(row(), keys, 'a note moves neither digest');
      assert.equal(planParts(), '["stale"]', 'three notes: no state parsed, the plan row not written');
      assert.equal((side.prepare('SELECT unit_id FROM casualty_facts WHERE id = ?').get(cid) as { unit_id: string }).unit_id, 'stale', 'three notes: the OLD state not compared, no derived row written');
      await store.append([makeEvent('vitals', cid, { pulse: 131, rr: 9, avpu: 'V' }, at(10))], NOW);
      assert.notEqual(row().plan_key, keys.plan_key, 'vitals are a planner\'s field');
      assert.equal(row().derived_key, keys.derived_key, 'and no derived row\'s');
      assert.match(planParts(), /"pulse":131/, 'vitals: the plan row rewritten from the state');
      await store.append([makeEvent('precedence', cid, { precedence: 'priority' }, at(12))], NOW);
      assert.notEqual(row().derived_key, keys.derived_key, 'a decision moves the derived rows\' digest');
      assert.equal((side.prepare('SELECT unit_id FROM casualty_facts WHERE id = ?').get(cid) as { unit_id: string }).unit_id, 'u-1', 'and rewrites them');
      side.prepare(`UPDATE casualty_plan SET parts = '["stale"]' WHERE id = ?`).run(cid);
      side.prepare('UPDATE casualties SET plan_key = NULL, derived_key = NULL WHERE id = ?').run(cid);
      assert.match(planParts(), /"pulse":131/, 'a row without a digest (an older writer) is parsed on every update');
    } finally {
      side.close();
      await store.close();
    }
  });

  it('a summary the store answered cannot be changed by its caller', async () => {
    const dir = join(root, `f${++n}`);
    const store = await openSqliteStore({ dataDir: dir });
    try {
      await store.migrate();
      const id = '0192f3a4-5b6c-7d8e-9f01-0000000000f1';
      await store.append([makeRegistered(id, { injuredAt: at(0) })], NOW);
      const r = await store.append([makeEvent('note', id, { text: 'one' }, at(1))], NOW);
      const answered = (await store.casualty(id))!;
      const tamper = (f: () => unknown) => {
        try {
          f();
        } catch {
          // refused (frozen): the point is what the store answers next
        }
      };
      tamper(() => answered.state.notes.push({ eventId: 'x', at: at(1), author: 'x', text: 'forged' }));
      tamper(() => (r.summaries![0]!.state.notes.length = 0));
      assert.deepEqual((await store.casualty(id))!.state.notes.map((x) => x.text), ['one']);
      await store.append([makeEvent('note', id, { text: 'two' }, at(2))], NOW);
      assert.deepEqual((await store.casualty(id))!.state.notes.map((x) => x.text), ['one', 'two']);
    } finally {
      await store.close();
    }
  });
});
