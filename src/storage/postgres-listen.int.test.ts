// Issue 16: two server processes on one PostgreSQL, appending to the same casualties. A process folds an append from
// its memory of the rows it last wrote; once another process has written one of them, that memory is stale. It
// used to learn that only from the guard refusing its write (a CALL that takes the head lock, then the door's
// decision taken again and the write sent once more). Migration 031's wake-up names the writer and the casualties,
// and the other process forgets those rows (postgres-listen.ts). Two stores = two processes (own pools, memories).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { uuidv7 } from '../core/index.ts';
import type { CasualtyEvent } from '../core/index.ts';
import { openPostgresStore } from './postgres.ts';
import { appendCounters } from './postgres-append.ts';
import { catchUps } from './postgres-listen.ts';
import { StaleReadError } from './common.ts';
import type { Store } from './port.ts';
import type { PgServer } from '../../test/support/postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';

let server: PgServer | undefined;
before(async () => {
  server = await startPostgres({ fsyncOff: true });
});
after(async () => {
  await server?.stop();
});

// Every query of every client in this process goes through Client#query: count them (as door-memory.int.test.ts).
let trips = 0;
const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: pg.Client, ...a: unknown[]) {
  trips++;
  return query.apply(this, a);
};

const now = () => new Date().toISOString();
const registered = (cid: string): CasualtyEvent =>
  ({ id: cid, casualtyId: cid, type: 'registered', at: now(), recordedAt: now(), deviceId: 'd', author: 'a', payload: { injuredAt: now(), unitId: '1-coy' } }) as CasualtyEvent;
const note = (cid: string, text: string): CasualtyEvent =>
  ({ id: uuidv7(), casualtyId: cid, type: 'note', at: now(), recordedAt: now(), deviceId: 'd', author: 'a', payload: { text } }) as CasualtyEvent;

/** The last_seq `store`'s door read gives for `cid` once it equals `want`, or the last one seen after 3 s. */
async function doorReadReaches(store: Store, cid: string, want: number): Promise<number> {
  let seen = -1;
  for (const deadline = Date.now() + 3000; Date.now() < deadline; await new Promise((ok) => setTimeout(ok, 20))) {
    seen = (await store.casualtyToWrite(cid)).summary?.lastSeq ?? -1;
    if (seen === want) break;
  }
  return seen;
}

/** Two stores (two processes) on a fresh migrated database, closed after `body`. */
async function twoStores(body: (a: Store, b: Store, url: string) => Promise<void>): Promise<void> {
  const url = await server!.createDatabase();
  const [a, b] = [await openPostgresStore({ url, poolSize: 2 }), await openPostgresStore({ url, poolSize: 2 })];
  try {
    await a.migrate();
    await body(a, b, url);
  } finally {
    await a.close();
    await b.close();
  }
}

/** Two migrated stores on a fresh database, each having seen the other append (so both split and listen). */
async function twoWriters(body: (a: Store, b: Store, x: string, url: string) => Promise<void>): Promise<void> {
  await twoStores(async (a, b, url) => {
    const [x, y] = [uuidv7(), uuidv7()];
    await a.append([registered(x)], now());
    await b.append([registered(y)], now());
    for (let round = 0; round < 2; round++) await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).append([note(i % 2 ? x : y, `n${i}`)], now())));
    await body(a, b, x, url);
  });
}

/** Resolves once this process's catch-ups number more than `n` (each LISTEN coming up runs one). */
async function caughtUpPast(n: number): Promise<void> {
  for (const deadline = Date.now() + 5000; catchUps.done <= n; await new Promise((ok) => setTimeout(ok, 10))) {
    if (Date.now() > deadline) throw new Error(`no catch-up past ${n} in 5 s`);
  }
}

/**
 * Process A remembers x and y (its own writes); process B writes y while A does not listen (A has seen no other
 * process yet); then A sees B's append (writing z) and its LISTEN comes up. `staleY`: A's door read of y from memory
 * before that, at the last_seq A wrote.
 */
async function missedWhileDeaf(body: (t: { a: Store; b: Store; x: string; y: string; yByB: number; staleY: Awaited<ReturnType<Store['casualtyToWrite']>>; url: string }) => Promise<void>): Promise<void> {
  await twoStores(async (a, b, url) => {
    const [x, y] = [uuidv7(), uuidv7()];
    await a.append([registered(x)], now());
    await a.append([registered(y)], now());
    await a.append([note(x, 'a writes x'), note(y, 'a writes y')], now());
    const staleY = await a.casualtyToWrite(y);
    assert.ok(staleY.check, "A's door reads y from its memory");
    const yByB = (await b.append([note(y, 'b writes y, unheard')], now())).head;
    const before = catchUps.done;
    await a.append([registered(uuidv7())], now()); // A sees the head moved past its own: another process appends
    await caughtUpPast(before);
    await body({ a, b, x, y, yByB, staleY, url });
  });
}

describe('the catch-up when the LISTEN comes up: only the remembered rows that moved are forgotten', () => {
  it('a remembered row nobody else wrote stays memory: its next write is one round trip, no read', async () => {
    await missedWhileDeaf(async ({ a, x }) => {
      const { doorMemory, doorReads, refused } = appendCounters;
      trips = 0;
      const read = await a.casualtyToWrite(x);
      assert.ok(read.check, "A's door reads x from its memory after the catch-up");
      const r = await a.append([note(x, 'a again')], now(), undefined, [read.check]);
      assert.equal(r.accepted, 1);
      assert.equal(trips, 1, 'the guarded append is the one round trip');
      assert.deepEqual([appendCounters.doorMemory - doorMemory, appendCounters.doorReads - doorReads, appendCounters.refused - refused], [1, 0, 0]);
    });
  });

  it('a row another process wrote while nobody listened is forgotten: read afresh, written after it, never refused', async () => {
    await missedWhileDeaf(async ({ a, y, yByB }) => {
      const { doorReads, refused } = appendCounters;
      const read = await a.casualtyToWrite(y);
      assert.equal(read.check, null, "A's door reads y from the database");
      assert.equal(read.summary?.lastSeq, yByB, "and sees B's write");
      const r = await a.append([note(y, 'a after b')], now(), undefined, []);
      assert.equal(r.accepted, 1);
      assert.deepEqual([appendCounters.doorReads - doorReads, appendCounters.refused - refused], [1, 0]);
      const texts = (await a.eventsOf(y)).map((e) => (e.payload as { text?: string }).text ?? e.type);
      assert.deepEqual(texts, ['registered', 'a writes y', 'b writes y, unheard', 'a after b']);
    });
  });

  it('a door read of that row from memory before the catch-up is refused as stale, nothing stored', async () => {
    await missedWhileDeaf(async ({ a, y, staleY }) => {
      const late = note(y, 'decided on a stale row');
      await assert.rejects(a.append([late], now(), undefined, [staleY.check!]), StaleReadError);
      assert.equal(await a.getEvent(late.id), null);
    });
  });
});

describe('the catch-up after the LISTEN connection broke', () => {
  it('the remembered rows stay memory, the one another process wrote meanwhile is read afresh', async () => {
    await missedWhileDeaf(async ({ a, b, x, y, yByB, url }) => {
      await a.append([note(x, 'a remembers x'), note(y, 'a remembers y')], now());
      const caught = catchUps.done;
      const forgetting = () => appendCounters.forgotten + catchUps.forgotten; // by a notification, or by the catch-up
      const forgot = forgetting();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const killed = await c.query("SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'");
        assert.equal(killed.rows.length, 1, "A's one listening connection");
      } finally {
        await c.end();
      }
      // Heard or missed (the write may reach A before the connection is gone, or after the new LISTEN's catch-up, as a
      // notification handled a moment later): either way A forgets y, not x — wait for that forgetting, not only the
      // catch-up (once the catch-up came first and y was read from memory before B's notification was handled).
      const r = await b.append([note(y, 'b writes y while A reconnects')], now());
      assert.ok(r.head > yByB);
      await caughtUpPast(caught);
      for (const deadline = Date.now() + 5000; forgetting() === forgot; await new Promise((ok) => setTimeout(ok, 10)))
        assert.ok(Date.now() < deadline, 'A forgets y within 5 s');
      const { doorMemory, doorReads } = appendCounters;
      trips = 0;
      const readX = await a.casualtyToWrite(x);
      assert.ok(readX.check, 'x from memory after the reconnect');
      assert.equal((await a.append([note(x, 'a again')], now(), undefined, [readX.check])).accepted, 1);
      assert.equal(trips, 1);
      const readY = await a.casualtyToWrite(y);
      assert.equal(readY.summary?.lastSeq, r.head, "y read afresh: B's write");
      assert.deepEqual([appendCounters.doorMemory - doorMemory, appendCounters.doorReads - doorReads], [1, 1]);
    });
  });
});

describe('two processes appending to the same casualties (migration 031)', () => {
  it("a write in process B makes process A forget that casualty: A's door reads B's row and its write is not refused", async () => {
    await twoWriters(async (a, b, x) => {
      await a.append([note(x, 'a remembers x')], now());
      const fromB = await b.append([note(x, 'b writes x')], now());
      assert.equal(await doorReadReaches(a, x, fromB.head), fromB.head, "A's door read shows B's write");
      const read = await a.casualtyToWrite(x);
      const refused = appendCounters.refused;
      const staleReads = appendCounters.staleReads;
      const r = await a.append([note(x, 'a again')], now(), undefined, read.check ? [read.check] : []);
      assert.equal(r.accepted, 1);
      assert.equal(appendCounters.refused - refused, 0, 'no guarded write refused');
      assert.equal(appendCounters.staleReads - staleReads, 0, 'no door decision taken again');
    });
  });

  it('a batch naming casualties past what a notification holds still commits, and the other process forgets all it remembers', async () => {
    await twoWriters(async (a, b, x) => {
      await a.append([note(x, 'a remembers x')], now());
      const many = Array.from({ length: 200 }, () => registered(uuidv7())); // 200 ids: ~7.6 KB of names
      const r = await b.append([...many, note(x, 'b writes x')], now());
      assert.equal(r.accepted, 201);
      assert.equal(await doorReadReaches(a, x, r.head), r.head, "A's door read shows B's write");
    });
  });

  it('a process that never sees another append opens no listening connection', async () => {
    const url = await server!.createDatabase();
    const a = await openPostgresStore({ url, poolSize: 2 });
    try {
      await a.migrate();
      const x = uuidv7();
      await a.append([registered(x)], now());
      for (let i = 0; i < 5; i++) await a.append([note(x, `n${i}`)], now());
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const r = await c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'");
        assert.equal((r.rows[0] as { n: number }).n, 0);
      } finally {
        await c.end();
      }
    } finally {
      await a.close();
    }
  });
});
