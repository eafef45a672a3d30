// Issue 16, migration 026's split append under a real crash: two stores (two pools and two append memories, as two
// processes have) append at once, so their appends commit without waiting for the WAL flush and are answered after
// a durable mark; a third store reads every cursor page and head meanwhile. The postmaster is SIGKILLed mid-load
// (fsync on; the WAL writer slowed so that committed-but-unmarked appends are still unflushed when it dies). After
// the restart: no event a cursor reader saw is missing or renumbered, every acknowledged event is stored, the log
// is gap-free. Appends that were committed but not yet marked may be lost and their numbers given again — which is
// safe only because no cursor passed them (docs/performance.md, "The head lock across the fsync").
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { uuidv7 } from '../core/index.ts';
import type { CasualtyEvent } from '../core/index.ts';
import type { Store } from './port.ts';
import { openPostgresStore } from './postgres.ts';
import { appendCounters } from './postgres-append.ts';
import type { PgServer } from '../../test/support/postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';

let server: PgServer | undefined;
before(async () => {
  server = await startPostgres(); // fsync on
});
after(async () => {
  await server?.stop();
});

const now = () => new Date().toISOString();
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
const registered = (cid: string): CasualtyEvent =>
  ({ id: cid, casualtyId: cid, type: 'registered', at: now(), recordedAt: now(), deviceId: 'd', author: 'a', payload: { injuredAt: now(), unitId: '1-coy' } }) as CasualtyEvent;
const note = (cid: string): CasualtyEvent =>
  ({ id: uuidv7(), casualtyId: cid, type: 'note', at: now(), recordedAt: now(), deviceId: 'd', author: 'a', payload: { text: 'crash' } }) as CasualtyEvent;

async function admin<T>(url: string, body: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await body(c);
  } finally {
    await c.end();
  }
}

/** Every (seq, id) of the whole log, read by a fresh store after the restart. */
async function wholeLog(url: string): Promise<Map<number, string>> {
  const store = await openPostgresStore({ url, poolSize: 2 });
  try {
    await store.migrate();
    const log = new Map<number, string>();
    for (let cursor = 0; ;) {
      const page = await store.eventsAfter(cursor, 1000);
      if (!page.length) return log;
      for (const e of page) log.set(e.seq, e.id);
      cursor = page[page.length - 1]!.seq;
    }
  } finally {
    await store.close();
  }
}

interface Cycle {
  acked: Set<string>;
  /** What the store's cursor reads returned (seq → id), and the highest head() it answered. */
  seen: Map<number, string>;
  headSeen: number;
  /** The control: what an uncapped cursor read of the events table returned (what reads did before 026). */
  rawSeen: Map<number, string>;
}

/** Two writing stores and a reading one on `url` until `acks` appends are acknowledged, then SIGKILL the postmaster. */
async function loadAndCrash(url: string, acks: number): Promise<Cycle> {
  const writers = [await openPostgresStore({ url, poolSize: 3 }), await openPostgresStore({ url, poolSize: 3 })];
  await writers[0]!.migrate();
  const reader = await openPostgresStore({ url, poolSize: 2 });
  const c: Cycle = { acked: new Set(), seen: new Map(), headSeen: 0, rawSeen: new Map() };
  let running = true;
  const cids: string[] = [];
  for (const w of writers) {
    const cid = uuidv7();
    await w.append([registered(cid)], now());
    c.acked.add(cid);
    cids.push(cid);
  }
  // Three appenders a store, each on the store's own casualty (no refusals: the split path, not the guard, is tested).
  const write = async (w: Store, cid: string) => {
    while (running) {
      const e = note(cid);
      try {
        await w.append([e], now());
      } catch {
        return; // the server went away: this one was never acknowledged
      }
      c.acked.add(e.id);
    }
  };
  const read = async () => {
    for (let cursor = 0; running;) {
      try {
        const [page, head] = await Promise.all([reader.eventsAfter(cursor, 500), reader.head()]);
        for (const e of page) c.seen.set(e.seq, e.id);
        if (page.length) cursor = page[page.length - 1]!.seq;
        c.headSeen = Math.max(c.headSeen, head);
      } catch {
        return;
      }
    }
  };
  const raw = new pg.Client({ connectionString: url });
  raw.on('error', () => undefined);
  await raw.connect();
  const readRaw = async () => {
    for (let cursor = 0; running;) {
      try {
        const page = (await raw.query('SELECT seq, id FROM events WHERE seq > $1 ORDER BY seq LIMIT 500', [cursor])).rows as { seq: string; id: string }[];
        for (const e of page) c.rawSeen.set(Number(e.seq), e.id);
        if (page.length) cursor = Number(page[page.length - 1]!.seq);
      } catch {
        return;
      }
    }
  };
  const loops = [...writers.flatMap((w, i) => [write(w, cids[i]!), write(w, cids[i]!), write(w, cids[i]!)]), read(), readRaw()];
  const split0 = appendCounters.split;
  for (const deadline = Date.now() + 60_000; c.acked.size < acks && Date.now() < deadline;) await sleep(20);
  assert.ok(appendCounters.split - split0 > 0, 'the two stores split their appends (commit without the flush, then the mark)');
  await server!.crashRestart();
  running = false;
  await Promise.all(loops);
  for (const s of [...writers, reader]) await s.close().catch(() => undefined);
  await raw.end().catch(() => undefined);
  return c;
}

describe('a crash between the split append\'s commit and its durable mark (PostgreSQL, migration 026)', () => {
  it('no cursor reader saw an event that is then missing or renumbered; every acknowledged event is stored', async () => {
    const url = await server!.createDatabase();
    await admin(url, async (a) => {
      // Committed appends stay unflushed until a mark's commit flushes them (or 10 s pass): a kill loses them.
      await a.query("ALTER SYSTEM SET wal_writer_delay = '10s'");
      await a.query('SELECT pg_reload_conf()');
    });
    const control: number[] = [];
    for (let cycle = 0; cycle < 3; cycle++) {
      const c = await loadAndCrash(url, 150 + 100 * cycle);
      const log = await wholeLog(url);
      const seqs = [...log.keys()].sort((x, y) => x - y);
      assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), 'the log is gap-free from 1');
      assert.equal(new Set(log.values()).size, log.size, 'no event stored twice');
      const stored = new Set(log.values());
      assert.deepEqual([...c.acked].filter((id) => !stored.has(id)), [], 'every acknowledged event is stored');
      const changed = [...c.seen].filter(([seq, id]) => log.get(seq) !== id);
      assert.deepEqual(changed, [], 'every event a cursor reader saw is stored under the same number');
      assert.ok(c.headSeen <= seqs.length, `a head a reader saw (${c.headSeen}) was not lost (${seqs.length} stored)`);
      control.push([...c.rawSeen].filter(([seq, id]) => log.get(seq) !== id).length);
      // The next cycle writes on: numbers above what survived are given again.
    }
    // Not asserted (a kill may land when every commit is already flushed), but shown: events an uncapped cursor read
    // saw that the crash then lost or renumbered — what the durable head keeps the store's readers from.
    console.log(`events an uncapped cursor read saw, then lost or renumbered by the crash, per cycle: ${control.join(', ')}`);
  });

  it('an append committed without its flush and not yet marked when PostgreSQL is killed: no cursor read saw it, and the number it had is given again', async () => {
    const url = await server!.createDatabase();
    await admin(url, async (a) => {
      await a.query("ALTER SYSTEM SET wal_writer_delay = '10s'");
      await a.query('SELECT pg_reload_conf()');
    });
    const store = await openPostgresStore({ url, poolSize: 2 });
    await store.migrate();
    const cid = uuidv7();
    await store.append([registered(cid)], now());
    const acked = (await store.append([note(cid)], now())).results.map((r) => r.id);
    // The state between the split append's commit and its mark: committed with synchronous_commit off (as 026's
    // CALL commits it), numbered 3 under the head lock, no mark raised; the process dies before its mark.
    const pendingId = uuidv7();
    await admin(url, async (c) => {
      await c.query('BEGIN');
      await c.query("SELECT set_config('gh.async_append', 'on', true), set_config('synchronous_commit', 'off', true)");
      const h = Number((await c.query('UPDATE event_head SET seq = seq + 1 WHERE one RETURNING seq')).rows[0].seq);
      assert.equal(h, 3);
      await c.query(
        `INSERT INTO events (seq, id, casualty_id, type, at, recorded_at, device_id, author, hlc, payload, received_at, clock)
         SELECT $1, $2, casualty_id, 'note', at, recorded_at, device_id, author, hlc, '{"text":"not yet flushed"}'::json, received_at, clock FROM events WHERE seq = 2`,
        [h, pendingId],
      );
      await c.query('UPDATE casualties SET last_seq = $1 WHERE id = $2', [h, cid]);
      await c.query('COMMIT');
    });
    const uncapped = await admin(url, async (c) => (await c.query('SELECT seq::int AS seq, id FROM events ORDER BY seq')).rows as { seq: number; id: string }[]);
    assert.deepEqual(uncapped.map((e) => e.seq), [1, 2, 3], 'committed: a read of the table sees it');
    assert.deepEqual((await store.eventsAfter(0, 10)).map((e) => e.seq), [1, 2], 'no cursor read of the store passes it');
    assert.equal(await store.head(), 2);
    await server!.crashRestart();
    await store.close().catch(() => undefined);

    const log = await wholeLog(url);
    assert.ok(acked.every((id) => [...log.values()].includes(id)), 'the acknowledged append survived');
    const after = await openPostgresStore({ url, poolSize: 2 });
    try {
      const next = await after.append([note(cid)], now());
      const whole = await wholeLog(url);
      assert.deepEqual([...whole.keys()].sort((x, y) => x - y), Array.from({ length: whole.size }, (_, i) => i + 1), 'gap-free');
      if (log.get(3) === undefined) {
        // The commit was lost with the WAL buffers: number 3 now names another event. A reader that had passed it
        // (the uncapped read above) would hold a cursor past an event it never saw; no store cursor did.
        assert.equal(next.head, 3);
        assert.notEqual(whole.get(3), pendingId, 'the number the lost append had is given to the next one');
      } else {
        // The WAL had reached the OS before the kill (it survives a process crash): the append stands, as committed.
        assert.equal(whole.get(3), pendingId);
        assert.equal(next.head, 4);
      }
      console.log(`the unmarked append was ${log.get(3) === undefined ? 'lost in the crash and its number given again' : 'kept (its WAL had reached the OS)'}`);
    } finally {
      await after.close();
    }
  });
});
