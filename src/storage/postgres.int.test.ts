// The storage contract on a real PostgreSQL (a throwaway cluster from test/support/postgres.ts), plus what only
// PostgreSQL has: several processes (pools) appending at once while a reader pages by cursor.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CasualtyEvent, StoredEvent } from '../core/index.ts';
import { storeContract } from '../../test/support/store-contract.ts';
import { workforceContract } from '../../test/support/workforce-contract.ts';
import { readContract } from '../../test/support/read-contract.ts';
import { openPostgresStore } from './postgres.ts';
import { openStore } from './open.ts';
import { loadMigrations } from './common.ts';
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

storeContract('postgres', async () => {
  const store = await openPostgresStore({ url: await pg!.createDatabase(), poolSize: 4 });
  return { store, cleanup: () => store.close() };
});

workforceContract('postgres', async () => {
  const store = await openPostgresStore({ url: await pg!.createDatabase(), poolSize: 4 });
  return { store, cleanup: () => store.close() };
});

readContract('postgres', async () => {
  const store = await openPostgresStore({ url: await pg!.createDatabase(), poolSize: 4 });
  return { store, cleanup: () => store.close() };
});

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
