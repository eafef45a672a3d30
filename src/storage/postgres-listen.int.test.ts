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

/** Two migrated stores on a fresh database, each having seen the other append (so both split and listen). */
async function twoWriters(body: (a: Store, b: Store, x: string, url: string) => Promise<void>): Promise<void> {
  const url = await server!.createDatabase();
  const [a, b] = [await openPostgresStore({ url, poolSize: 2 }), await openPostgresStore({ url, poolSize: 2 })];
  try {
    await a.migrate();
    const [x, y] = [uuidv7(), uuidv7()];
    await a.append([registered(x)], now());
    await b.append([registered(y)], now());
    for (let round = 0; round < 2; round++) await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).append([note(i % 2 ? x : y, `n${i}`)], now())));
    await body(a, b, x, url);
  } finally {
    await a.close();
    await b.close();
  }
}

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
