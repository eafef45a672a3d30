// The storage contract on a real PostgreSQL (a throwaway cluster from test/support/postgres.ts), plus what only
// PostgreSQL has: several processes (pools) appending at once while a reader pages by cursor.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CasualtyEvent, StoredEvent } from '../core/index.ts';
import { storeContract } from '../../test/support/store-contract.ts';
import { workforceContract } from '../../test/support/workforce-contract.ts';
import { readContract } from '../../test/support/read-contract.ts';
import { derivedRowsContract } from '../../test/support/derived-rows-contract.ts';
import { openPostgresStore } from './postgres.ts';
import { appendBatch, appendMemory } from './postgres-append.ts';
import type { QueuedAppend } from './group-commit.ts';
import { project } from '../core/index.ts';
import { openStore } from './open.ts';
import { eventHash, loadMigrations, logAuditHash } from './common.ts';
import { PG_LIVE_CHANNEL } from './bus.ts';
import type { PgServer } from '../../test/support/postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { at, makeChain, makeEvent, makeRegistered } from '../../test/support/events.ts';
import { uuidv7 } from '../core/index.ts';
import pgClient from 'pg';

let pg: PgServer | undefined;
// Missing binaries make this throw: the suite fails with the harness's message, it never skips.
before(async () => {
  pg = await startPostgres({ fsyncOff: true });
});
after(async () => {
  await pg?.stop();
});

/** A store on a database of its own, as every contract suite wants it. */
async function freshStore() {
  const store = await openPostgresStore({ url: await pg!.createDatabase(), poolSize: 4 });
  return { store, cleanup: () => store.close() };
}

/** A migrated store on a database of its own and a raw client beside it (to read rows or listen behind the store's back). */
async function withStoreAndClient(body: (store: Awaited<ReturnType<typeof openPostgresStore>>, sql: pgClient.Client) => Promise<void>): Promise<void> {
  const url = await pg!.createDatabase();
  const store = await openPostgresStore({ url, poolSize: 2 });
  const sql = new pgClient.Client({ connectionString: url });
  await sql.connect();
  try {
    await store.migrate();
    await body(store, sql);
  } finally {
    await sql.end();
    await store.close();
  }
}

storeContract('postgres', freshStore);

workforceContract('postgres', freshStore);

readContract('postgres', freshStore);

derivedRowsContract('postgres', freshStore);

describe('PostgreSQL adapter', () => {
  it('appends that arrive together share one transaction (group commit, issue 16 item 1)', async () => {
    const url = await pg!.createDatabase();
    const store = await openPostgresStore({ url, poolSize: 4 });
    const probe = new pgClient.Client({ connectionString: url });
    await probe.connect();
    try {
      await store.migrate();
      const [c1, c2] = [uuidv7(), uuidv7()];
      await store.append([makeRegistered(c1), makeRegistered(c2)], '2026-03-01T12:00:00.000Z');
      // Every writing transaction takes one transaction id: count them (reading the counter takes none).
      const xid = async () => Number((await probe.query<{ x: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x')).rows[0]!.x);
      const before = await xid();
      const rs = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.append([makeEvent('note', i % 2 ? c1 : c2, { text: `n${i}` }, at(1 + i))], '2026-03-01T12:00:00.000Z')),
      );
      const transactions = (await xid()) - before;
      assert.equal(rs.reduce((a, r) => a + r.accepted, 0), 20);
      assert.ok(transactions >= 1 && transactions <= 3, `${transactions} transactions for 20 appends`);
      const seqs = rs.map((r) => r.results[0]!.seq).sort((a, b) => a - b);
      assert.deepEqual(seqs, seqs.map((_, i) => 3 + i));
    } finally {
      await probe.end();
      await store.close();
    }
  });

  it('concurrent appends from two pools never let a cursor reader skip an event', async () => {
    const url = await pg!.createDatabase();
    const a = await openPostgresStore({ url, poolSize: 4 });
    const b = await openPostgresStore({ url, poolSize: 4 });
    const reader = await openPostgresStore({ url, poolSize: 1 });
    try {
      await Promise.all([a.migrate(), b.migrate()]);
      const written: CasualtyEvent[] = [];
      let writing = true;
      const writer = async (s: typeof a, batches: number) => {
        const jobs: Promise<unknown>[] = [];
        for (let i = 0; i < batches; i++) {
          const chain = makeChain();
          const batch = chain.slice(0, 1 + (i % chain.length));
          written.push(...batch);
          // Several in flight per pool: transactions really overlap.
          jobs.push(s.append(batch, new Date().toISOString()));
          if (jobs.length >= 4) await Promise.all(jobs.splice(0));
        }
        await Promise.all(jobs);
      };
      const seen: StoredEvent[] = [];
      const read = async () => {
        let cursor = 0;
        for (;;) {
          // Decide "done" from a flag read BEFORE the query: an empty page only ends the loop when the query
          // started after every append had resolved.
          const finished = !writing;
          const page = await reader.eventsAfter(cursor, 50);
          if (page.length) {
            seen.push(...page);
            cursor = page[page.length - 1]!.seq;
          } else if (finished) return;
        }
      };
      const r = read();
      await Promise.all([writer(a, 60), writer(b, 60)]);
      writing = false;
      await r;
      const head = await reader.head();
      assert.equal(seen.length, written.length, 'the reader saw every event exactly once');
      assert.deepEqual(seen.map((e) => e.seq), Array.from({ length: head }, (_, i) => i + 1), 'seq has no gaps');
      assert.deepEqual(new Set(seen.map((e) => e.id)), new Set(written.map((e) => e.id)));
    } finally {
      await Promise.all([a.close(), b.close(), reader.close()]);
    }
  });

  it('concurrent re-submission of the same batch from two pools stores it once', async () => {
    const url = await pg!.createDatabase();
    const a = await openPostgresStore({ url });
    const b = await openPostgresStore({ url });
    try {
      await a.migrate();
      const chain = makeChain();
      const now = new Date().toISOString();
      const [ra, rb] = await Promise.all([a.append(chain, now), b.append(chain, now)]);
      assert.equal(ra.accepted + rb.accepted, chain.length);
      assert.deepEqual(ra.results.map((x) => x.seq), rb.results.map((x) => x.seq));
      assert.equal((await a.eventsAfter(0, 100)).length, chain.length);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('an append from the process that wrote last is one round trip: guard, write and commit together (issue 16)', async () => {
    const url = await pg!.createDatabase();
    const store = await openPostgresStore({ url, poolSize: 2 });
    const pool = new pgClient.Pool({ connectionString: url, max: 2 });
    try {
      await store.migrate();
      let trips = 0;
      const query = pool.query.bind(pool) as (...a: unknown[]) => Promise<unknown>;
      (pool as unknown as { query: typeof query }).query = (...a) => {
        trips++;
        return query(...a);
      };
      const memory = appendMemory();
      const cid = uuidv7();
      const now = '2026-03-01T12:00:00.000Z';
      const one = (events: CasualtyEvent[]): QueuedAppend[] => [{ events, now, audit: { actor: 'medic-1', deviceId: 'phone-1', action: 'test' } }];
      await appendBatch(pool, one([makeRegistered(cid)]), memory);
      trips = 0;
      const [r] = await appendBatch(pool, one([makeEvent('note', cid, { text: 'one trip' }, at(5))]), memory);
      assert.ok(r && !(r instanceof Error));
      assert.equal(trips, 1, 'one query for a single-event append to a casualty this process wrote last');
      assert.equal(r.results[0]!.seq, 2);
      assert.equal((await store.casualty(cid))!.state.notes.at(-1)?.text, 'one trip');
    } finally {
      await pool.end();
      await store.close();
    }
  });

  it('a process whose memory is stale is refused by the guard and retries: same log, same chain', async () => {
    const url = await pg!.createDatabase();
    const store = await openPostgresStore({ url, poolSize: 2 });
    const pool = new pgClient.Pool({ connectionString: url, max: 4 });
    try {
      await store.migrate();
      // Two "processes": each its own memory of its last commit, interleaving on the same casualties.
      const procs = [appendMemory(), appendMemory()];
      const cids = [uuidv7(), uuidv7()];
      const now = '2026-03-01T12:00:00.000Z';
      const item = (events: CasualtyEvent[], who: number): QueuedAppend => ({ events, now, audit: { actor: `p${who}`, deviceId: null, action: 'test' } });
      for (const c of cids) await appendBatch(pool, [item([makeRegistered(c)], 0)], procs[0]);
      const resent = makeEvent('note', cids[0]!, { text: 'resent' }, at(1));
      for (let i = 0; i < 40; i++) {
        const who = Math.floor(i / 3) % 2; // runs of three: the first of each run finds the other wrote since
        const events = i === 20 ? [resent] : [makeEvent('vitals', cids[i % 2]!, { pulse: 60 + i }, at(2 + i))];
        const [r] = await appendBatch(pool, [item(events, who)], procs[who]);
        assert.ok(!(r instanceof Error), String(r));
      }
      // A re-sent id is a duplicate, answered with its first seq, whichever process sees it.
      const [again] = await appendBatch(pool, [item([resent], 0)], procs[0]);
      assert.ok(again && !(again instanceof Error) && again.results[0]!.duplicate);
      for (const m of procs) assert.ok(m.counts.guarded > 0 && m.counts.refused > 0, JSON.stringify(m.counts));
      const log = await store.eventsAfter(0, 1000);
      assert.deepEqual(log.map((e) => e.seq), log.map((_, i) => i + 1), 'gap-free, one row per id');
      for (const c of cids) {
        const stored = (await store.casualty(c))!;
        const mine = log.filter((e) => e.casualtyId === c);
        assert.deepEqual(stored.state.vitals, project(c, mine, now).summary.state.vitals, 'the projection equals a refold');
        assert.equal(stored.lastSeq, mine.at(-1)!.seq);
      }
      const audit = await store.logAudit(0, 1000);
      assert.deepEqual(audit.map((a) => a.seq), audit.map((_, i) => i + 1));
      audit.forEach((a, i) => i > 0 && assert.equal(a.prevHash, audit[i - 1]!.hash, `audit entry ${a.seq} chains to the one before`));
      assert.deepEqual(audit.flatMap((a) => a.events.map(([id, seq]) => [id, seq])), log.map((e) => [e.id, e.seq]), 'every event audited once, in order');
    } finally {
      await pool.end();
      await store.close();
    }
  });

  it('another process writing other casualties in between refuses nothing: one round trip each, numbered from the locked head', async () => {
    const url = await pg!.createDatabase();
    const store = await openPostgresStore({ url, poolSize: 2 });
    const mine = new pgClient.Pool({ connectionString: url, max: 2 });
    const other = new pgClient.Pool({ connectionString: url, max: 2 });
    try {
      await store.migrate();
      const [a, b] = [appendMemory(), appendMemory()];
      const now = '2026-03-01T12:00:00.000Z';
      const item = (events: CasualtyEvent[], who: string): QueuedAppend => ({ events, now, audit: { actor: who, deviceId: null, action: 'test', detail: { who, ü: '✚ "q"' } } });
      const [ca, cb] = [uuidv7(), uuidv7()];
      await appendBatch(mine, [item([makeRegistered(ca)], 'a')], a);
      await appendBatch(other, [item([makeRegistered(cb)], 'b')], b);
      // The other process commits just before each of this one's writes: the log's head has always moved.
      let n = 0;
      let trips = 0;
      const query = mine.query.bind(mine) as (...q: unknown[]) => Promise<unknown>;
      (mine as unknown as { query: typeof query }).query = async (...q) => {
        trips++;
        await appendBatch(other, [item([makeEvent('note', cb, { text: `b${n++}` }, at(1 + n))], 'b')], b);
        return query(...q);
      };
      for (let i = 0; i < 6; i++) {
        const [r] = await appendBatch(mine, [item([makeEvent('note', ca, { text: `a${i}` }, at(1 + i))], 'a')], a);
        assert.ok(r && !(r instanceof Error), String(r));
        assert.equal(r.summaries?.[0]?.lastSeq, r.results[0]!.seq, 'the answer carries its own number');
      }
      assert.equal(trips, 6, 'one round trip per append');
      assert.deepEqual([a.counts.refused, a.counts.locked], [0, 0]);
      const log = await store.eventsAfter(0, 1000);
      assert.deepEqual(log.map((e) => e.seq), log.map((_, i) => i + 1), 'gap-free');
      assert.equal(log.filter((e) => e.casualtyId === ca).length, 7, 'the registration and six notes');
      for (const c of [ca, cb]) assert.equal((await store.casualty(c))!.lastSeq, log.filter((e) => e.casualtyId === c).at(-1)!.seq);
      const audit = await store.logAudit(0, 1000);
      assert.deepEqual(audit.flatMap((x) => x.events.map(([id, seq]) => [id, seq])), log.map((e) => [e.id, e.seq]), 'every event audited once, in order');
      // The hashes computed in the database are the ones the code computes, and chain from the head before.
      audit.forEach((x, i) => {
        assert.equal(x.hash, logAuditHash(x.prevHash, x), `audit entry ${x.seq}`);
        if (i > 0) assert.equal(x.prevHash, audit[i - 1]!.hash);
      });
      const byId = new Map(log.map((e) => [e.id, e]));
      for (const [id, , hash] of audit.flatMap((x) => x.events)) assert.equal(hash, eventHash(byId.get(id)!));
      assert.deepEqual(await store.logAuditHead().then((h) => [h.seq, h.hash]), [audit.at(-1)!.seq, audit.at(-1)!.hash]);
    } finally {
      await mine.end();
      await other.end();
      await store.close();
    }
  });

  it('an append announces itself on the live channel inside its transaction: once, with its head, after COMMIT', async () => {
    await withStoreAndClient(async (store, listener) => {
      const heard: { type: string; head: number }[] = [];
      listener.on('notification', (n) => n.channel === PG_LIVE_CHANNEL && heard.push(JSON.parse(n.payload!) as { type: string; head: number }));
      await listener.query(`LISTEN ${PG_LIVE_CHANNEL}`);
      const cid = uuidv7();
      const now = '2026-03-01T12:00:00.000Z';
      const seqs: number[] = [];
      for (const events of [[makeRegistered(cid)], [makeEvent('note', cid, { text: 'a' }, at(1))], [makeEvent('vitals', cid, { pulse: 90 }, at(2))]]) {
        const r = await store.append(events, now);
        seqs.push(r.head);
      }
      // A late event refolds and a correction goes the same way: every path announces.
      seqs.push((await store.append([makeEvent('note', cid, { text: 'late' }, at(0.5))], now)).head);
      for (const deadline = Date.now() + 30_000; heard.length < seqs.length && Date.now() < deadline; ) await new Promise((ok) => setTimeout(ok, 20));
      // Since 031 the guarded path's wake-up also names its writer and casualties (`w`, `c`: postgres-listen.ts).
      assert.deepEqual(heard.map(({ type, head }) => ({ type, head })), seqs.map((head) => ({ type: 'appended', head })));
      assert.deepEqual((heard[1] as { c?: string[] }).c, [cid]);
      assert.equal(await store.head(), seqs.at(-1));
    });
  });

  it('the derived rows follow the writer\'s digest of their inputs (migration 022): same digest none rewritten, new digest or none at all rewritten', async () => {
    await withStoreAndClient(async (store, sql) => {
      const cid = uuidv7();
      await store.append(makeChain(cid, { unitId: 'u-1', facilityId: 'r2-a' }).slice(0, 4), '2026-03-01T12:00:00.000Z');
      const keyOf = async () => ((await sql.query('SELECT derived_key FROM casualties WHERE id = $1', [cid])).rows[0] as { derived_key: string | null }).derived_key;
      const facts = async () => JSON.stringify((await sql.query('SELECT * FROM casualty_facts WHERE id = $1', [cid])).rows);
      const before = await keyOf();
      assert.ok(before, 'the append stores a digest');
      await store.append([makeEvent('note', cid, { text: 'a note' }, at(10))], '2026-03-01T12:00:00.000Z');
      assert.equal(await keyOf(), before, 'a note changes none of the derived inputs');
      await store.append([makeEvent('precedence', cid, { precedence: 'priority' }, at(11))], '2026-03-01T12:00:00.000Z');
      assert.notEqual(await keyOf(), before, 'a decision does');
      // A derived row gone stale behind the triggers' back shows which updates rewrite it.
      await sql.query("UPDATE casualty_facts SET unit_id = 'stale' WHERE id = $1", [cid]);
      const stale = await facts();
      await sql.query('UPDATE casualties SET updated_at = updated_at WHERE id = $1', [cid]);
      assert.equal(await facts(), stale, 'same digest, same columns: nothing rewritten');
      await sql.query('UPDATE casualties SET derived_key = NULL WHERE id = $1', [cid]);
      assert.notEqual(await facts(), stale, 'a digest dropped: rewritten');
      assert.match(await facts(), /"unit_id":"u-1"/);
      await sql.query("UPDATE casualty_facts SET unit_id = 'stale' WHERE id = $1", [cid]);
      await sql.query('UPDATE casualties SET updated_at = updated_at WHERE id = $1', [cid]);
      assert.match(await facts(), /"unit_id":"u-1"/, 'a row without a digest (an older writer) is rewritten on every update');
    });
  });

  it('the plan row is parsed from the state only when the writer\'s digest of its fields moved (migration 029): a note leaves it alone', async () => {
    await withStoreAndClient(async (store, sql) => {
      const cid = uuidv7();
      await store.append(makeChain(cid, { unitId: 'u-1', facilityId: 'r2-a' }).slice(0, 4), '2026-03-01T12:00:00.000Z');
      const keyOf = async () => ((await sql.query('SELECT plan_key FROM casualties WHERE id = $1', [cid])).rows[0] as { plan_key: string | null }).plan_key;
      const planRow = async () => JSON.stringify((await sql.query('SELECT * FROM casualty_plan WHERE id = $1', [cid])).rows);
      const key = await keyOf();
      assert.ok(key, 'the append stores a digest');
      // A plan row gone stale behind the trigger's back shows which writes parse the state again.
      await sql.query("UPDATE casualty_plan SET parts = '[\"stale\"]' WHERE id = $1", [cid]);
      const stale = await planRow();
      for (let i = 0; i < 3; i++) await store.append([makeEvent('note', cid, { text: `note ${i}` }, at(10 + i))], '2026-03-01T12:00:00.000Z');
      assert.equal(await keyOf(), key, 'a note changes none of the planner\'s fields');
      assert.equal(await planRow(), stale, 'three notes: the state not parsed, the plan row not written');
      await store.append([makeEvent('vitals', cid, { pulse: 131, rr: 9, avpu: 'V' }, at(20))], '2026-03-01T12:00:00.000Z');
      assert.notEqual(await keyOf(), key, 'vitals are a planner\'s field');
      assert.doesNotMatch(await planRow(), /stale/, 'vitals: the plan row rewritten from the state');
      assert.match(await planRow(), /pulse\\+":131/);
      await sql.query("UPDATE casualty_plan SET parts = '[\"stale\"]' WHERE id = $1", [cid]);
      await sql.query('UPDATE casualties SET plan_key = NULL WHERE id = $1', [cid]);
      assert.match(await planRow(), /pulse\\+":131/, 'a row without a digest (an older writer) is parsed on every update');
    });
  });

  it('openStore picks PostgreSQL when DATABASE_URL is set', async () => {
    const s = await openStore({ DATABASE_URL: await pg!.createDatabase(), DATA_DIR: '/nonexistent' });
    assert.equal(s.kind, 'postgres');
    assert.deepEqual(await s.migrate(), loadMigrations('postgres').map((m) => m.version));
    await s.close();
  });

  it('fails fast on a server that is not there', async () => {
    await assert.rejects(openPostgresStore({ url: 'postgres://postgres@127.0.0.1:1/none' }));
  });
});
