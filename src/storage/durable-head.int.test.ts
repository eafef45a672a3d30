// Issue 16, migration 026: a guarded append commits without waiting for the WAL flush (the head lock is released at
// once) and is answered only after a mark of this writer committed WITH the flush. A cursor reader reads no further
// than the durable head (the highest mark), so it never passes an append a crash could still lose and renumber.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { uuidv7 } from '../core/index.ts';
import type { CasualtyEvent } from '../core/index.ts';
import { openPostgresStore } from './postgres.ts';
import type { PgServer } from '../../test/support/postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';

let server: PgServer | undefined;
before(async () => {
  server = await startPostgres({ fsyncOff: true });
});
after(async () => {
  await server?.stop();
});

const now = () => new Date().toISOString();
const registered = (cid: string): CasualtyEvent =>
  ({ id: cid, casualtyId: cid, type: 'registered', at: now(), recordedAt: now(), deviceId: 'd', author: 'a', payload: { injuredAt: now(), unitId: '1-coy' } }) as CasualtyEvent;
const note = (cid: string, text: string): CasualtyEvent =>
  ({ id: uuidv7(), casualtyId: cid, type: 'note', at: now(), recordedAt: now(), deviceId: 'd', author: 'a', payload: { text } }) as CasualtyEvent;

/** A client of its own on the database (as another process would be) for `body`, closed after. */
async function asClient<T>(url: string, body: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await body(c);
  } finally {
    await c.end();
  }
}

/** A migrated store on a fresh database for `body`, closed after. */
/** How many append CALLs wait on a lock (the head held elsewhere): polled up to ~1 s until at least `n` do. */
async function lockWaits(url: string, n: number): Promise<number> {
  const count = async () => (await asClient(url, (c) => c.query(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'CALL gh_append_durable%'",
  ))).rows[0].n as number;
  for (let i = 0; i < 100 && (await count()) < n; i++) await new Promise((ok) => setTimeout(ok, 10));
  return count();
}

/**
 * The head held by `locker`: `x`'s first note waits in its CALL, then x's second note and a note to each of `zs`
 * are appended; how many CALLs wait at once, and every answer once the head is let go.
 */
async function appendsWhileHeadHeld(a: Awaited<ReturnType<typeof openPostgresStore>>, locker: pg.Client, url: string, x: string, zs: string[]) {
  await locker.query('BEGIN; SELECT seq FROM event_head WHERE one FOR UPDATE');
  const first = a.append([note(x, 'first')], now());
  assert.equal(await lockWaits(url, 1), 1);
  const later = [a.append([note(x, 'after first')], now()), ...zs.map((z) => a.append([note(z, 'beside')], now()))];
  const inFlight = await lockWaits(url, 2);
  await locker.query('ROLLBACK');
  return { inFlight, answers: await Promise.all([first, ...later]) };
}

async function withStore(body: (store: Awaited<ReturnType<typeof openPostgresStore>>, url: string) => Promise<void>): Promise<void> {
  const url = await server!.createDatabase();
  const store = await openPostgresStore({ url, poolSize: 2 });
  try {
    await store.migrate();
    await body(store, url);
  } finally {
    await store.close();
  }
}

/**
 * What an append looks like between its commit and its mark: the next event (a copy of `seq` 1 under a new id) and
 * the casualty's projection moved to it, committed as an append of 026 (gh.async_append set: no 'sync' mark).
 */
async function committedNotMarked(url: string, cid: string): Promise<number> {
  return asClient(url, async (c) => {
    await c.query('BEGIN');
    await c.query("SELECT set_config('gh.async_append', 'on', true)");
    const h = Number((await c.query('UPDATE event_head SET seq = seq + 1 WHERE one RETURNING seq')).rows[0].seq);
    await c.query(
      `INSERT INTO events (seq, id, casualty_id, type, at, recorded_at, device_id, author, hlc, payload, received_at, clock)
       SELECT $1, $2, casualty_id, 'note', at, recorded_at, device_id, author, hlc, '{"text":"not yet flushed"}'::json, received_at, clock FROM events WHERE seq = 1`,
      [h, uuidv7()],
    );
    await c.query('UPDATE casualties SET last_seq = $1 WHERE id = $2', [h, cid]);
    await c.query('COMMIT');
    return h;
  });
}

describe('the durable head on PostgreSQL (migration 026)', () => {
  it('an acknowledged append is under the durable head; one committed but not yet marked is read by no cursor', async () => {
    await withStore(async (store, url) => {
      const cid = uuidv7();
      await store.append([registered(cid)], now());
      const r = await store.append([note(cid, 'acknowledged')], now());
      assert.equal(await store.head(), r.head, 'answered after its mark: readers see it');
      assert.deepEqual((await store.eventsAfter(0, 10)).map((e) => e.seq), [1, 2]);
      assert.deepEqual((await store.casualties({ since: 1 })).map((c) => c.lastSeq), [2]);

      const pending = await committedNotMarked(url, cid);
      assert.equal(pending, 3);
      assert.equal(await store.head(), 2, 'the head a cursor may reach stops below the unflushed append');
      assert.deepEqual((await store.eventsAfter(0, 10)).map((e) => e.seq), [1, 2]);
      // The scoped read behind the live streams, sync pull and /api/events (it read past the mark before).
      const scoped = await store.eventsAfterIn(0, 10, { all: true });
      assert.deepEqual([scoped.events.map((e) => e.seq), scoped.next], [[1, 2], 2], 'the scoped cursor read stops below it as well');
      assert.deepEqual(await store.casualties({ since: 2 }), [], 'the casualty list since a cursor waits for it too');
      assert.equal((await store.casualty(cid))?.lastSeq, 3, 'a display may show it (no cursor passes it)');

      // The next append's mark covers everything numbered before it.
      const next = await store.append([note(cid, 'after')], now());
      assert.equal(next.head, 4);
      assert.equal(await store.head(), 4);
      assert.deepEqual((await store.eventsAfter(2, 10)).map((e) => e.seq), [3, 4]);
      assert.deepEqual((await store.eventsAfterIn(2, 10, { all: true })).events.map((e) => e.seq), [3, 4]);
    });
  });

  it('an append committed the old way (the database waits for its flush) moves the durable head in its own transaction', async () => {
    await withStore(async (store, url) => {
      const cid = uuidv7();
      await store.append([registered(cid)], now());
      // 025's statement, as a process of the previous version still sends it.
      await asClient(url, (c) =>
        c.query(
          `SELECT * FROM gh_append_batch($1::text[], $2::bigint[], $3::text[], '[]'::json, $4::json, '[]'::json, 'x')`,
          [[], [], [], JSON.stringify([{ o: 1, i: uuidv7(), c: cid, t: 'note', a: now(), r: now(), d: 'd', au: 'a', hl: null, p: '{"text":"old"}', rc: now(), k: null }])],
        ));
      assert.equal(await store.head(), 2);
      assert.deepEqual((await store.eventsAfter(1, 10)).map((e) => e.seq), [2]);
    });
  });

  it('two stores (two processes) split their appends and keep one durable head: each reads what the other acknowledged', async () => {
    const url = await server!.createDatabase();
    const [a, b] = [await openPostgresStore({ url, poolSize: 2 }), await openPostgresStore({ url, poolSize: 2 })];
    try {
      await a.migrate();
      const [x, y] = [uuidv7(), uuidv7()];
      await a.append([registered(x)], now());
      await b.append([registered(y)], now());
      // Rounds of appends from both at once: each store sees the other's numbers from its second batch on.
      let top = 0;
      for (let round = 0; round < 3; round++) {
        const writes = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).append([note(i % 2 ? x : y, `n${i}`)], now())));
        top = Math.max(top, ...writes.map((w) => w.head));
      }
      assert.equal(top, 62);
      const marks = await asClient(url, async (c) => (await c.query("SELECT seq FROM append_durable WHERE writer <> 'sync'")).rows);
      assert.ok(marks.length >= 1, 'each saw the other append: they released the head lock before the flush and marked');
      for (const s of [a, b]) {
        assert.equal(await s.head(), 62);
        assert.deepEqual((await s.eventsAfter(0, 100)).map((e) => e.seq), Array.from({ length: 62 }, (_, i) => i + 1), 'gap-free, in order');
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a second batch in flight (another process appending): it marks its own row, and the log stays gap-free and in order', async () => {
    const url = await server!.createDatabase();
    const [a, b] = [await openPostgresStore({ url, poolSize: 3, batchesInFlight: 2 }), await openPostgresStore({ url, poolSize: 2 })];
    const locker = new pg.Client({ connectionString: url });
    try {
      await a.migrate();
      await locker.connect();
      const [x, y, ...zs] = Array.from({ length: 6 }, () => uuidv7());
      await a.append([registered(x!)], now());
      await b.append([registered(y!)], now());
      for (const z of zs) await a.append([registered(z)], now()); // a numbered past its last head: it splits now
      // The head held elsewhere: a's first batch (x) waits in its CALL; the appends to other casualties that follow
      // go in a second batch at once (today's code held them until the first was answered), x's second one waits.
      const { inFlight, answers } = await appendsWhileHeadHeld(a, locker, url, x!, zs);
      assert.equal(inFlight, 2, 'two batches of one process in flight at once');
      const marks = (await asClient(url, (c) => c.query("SELECT writer FROM append_durable WHERE writer LIKE '%.2'"))).rows;
      assert.equal(marks.length, 1, 'the second batch raised a mark row of its own');
      const top = Math.max(...answers.map((w) => w.head));
      assert.equal(top, 12);
      for (const s of [a, b]) {
        assert.equal(await s.head(), 12, 'the durable head covers every acknowledged append');
        assert.deepEqual((await s.eventsAfter(0, 100)).map((e) => e.seq), Array.from({ length: 12 }, (_, i) => i + 1), 'gap-free, in order');
      }
      const xs = (await a.eventsAfter(0, 100)).filter((e) => e.casualtyId === x && e.type === 'note').map((e) => (e.payload as { text: string }).text);
      assert.deepEqual(xs, ['first', 'after first'], "one casualty's appends in the order they were made");
    } finally {
      await locker.end();
      await a.close();
      await b.close();
    }
  });

  it('pipelineAlone: a lone process with concurrent writers keeps a second batch in flight, split and marked, gap-free', async () => {
    const url = await server!.createDatabase();
    const a = await openPostgresStore({ url, poolSize: 3, batchesInFlight: 2, pipelineAlone: true });
    const locker = new pg.Client({ connectionString: url });
    try {
      await a.migrate();
      await locker.connect();
      const [x, ...zs] = Array.from({ length: 5 }, () => uuidv7());
      await a.append([registered(x!)], now());
      await Promise.all(zs.map((z) => a.append([registered(z)], now()))); // one batch of four: its writers are concurrent
      const { inFlight, answers } = await appendsWhileHeadHeld(a, locker, url, x!, zs);
      assert.equal(inFlight, 2, 'two batches of one lone process in flight at once');
      const marks = (await asClient(url, (c) => c.query('SELECT writer, seq FROM append_durable ORDER BY writer'))).rows as { writer: string; seq: string }[];
      assert.ok(marks.some((m) => m.writer.endsWith('.2')), 'the second batch raised a mark row of its own (it was split)');
      assert.equal(Math.max(...answers.map((w) => w.head)), 11);
      assert.equal(await a.head(), 11, 'the durable head covers every acknowledged append');
      assert.deepEqual((await a.eventsAfter(0, 100)).map((e) => e.seq), Array.from({ length: 11 }, (_, i) => i + 1), 'gap-free, in order');
      const xs = (await a.eventsAfter(0, 100)).filter((e) => e.casualtyId === x && e.type === 'note').map((e) => (e.payload as { text: string }).text);
      assert.deepEqual(xs, ['first', 'after first'], "one casualty's appends in the order they were made");
    } finally {
      await locker.end();
      await a.close();
    }
  });

  it('without pipelineAlone a lone process keeps one batch in flight, whatever batchesInFlight says', async () => {
    const url = await server!.createDatabase();
    const a = await openPostgresStore({ url, poolSize: 3, batchesInFlight: 2 });
    const locker = new pg.Client({ connectionString: url });
    try {
      await a.migrate();
      await locker.connect();
      const [x, ...zs] = Array.from({ length: 5 }, () => uuidv7());
      await a.append([registered(x!)], now());
      await Promise.all(zs.map((z) => a.append([registered(z)], now())));
      await locker.query('BEGIN; SELECT seq FROM event_head WHERE one FOR UPDATE');
      const all = [a.append([note(x!, 'first')], now())];
      await new Promise((ok) => setTimeout(ok, 100));
      all.push(...zs.map((z) => a.append([note(z, 'beside')], now())));
      await new Promise((ok) => setTimeout(ok, 200));
      const n = (await asClient(url, (c) => c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'CALL gh_append_durable%' AND state = 'active'"))).rows[0].n as number;
      await locker.query('ROLLBACK');
      await Promise.all(all);
      assert.equal(n, 1, 'one CALL in flight');
      const marks = (await asClient(url, (c) => c.query("SELECT writer FROM append_durable WHERE writer <> 'sync'"))).rows;
      assert.equal(marks.length, 0, 'nothing split: no writer row');
      assert.deepEqual((await a.eventsAfter(0, 100)).map((e) => e.seq), Array.from({ length: 10 }, (_, i) => i + 1));
    } finally {
      await locker.end();
      await a.close();
    }
  });
});
