// The PostgreSQL live bus LISTENs only while this process has a subscriber (issue 16): every append's CALL notifies
// the channel, and a listening connection nobody reads from costs a backend wake-up, a message and an event-loop turn
// per commit. Counted on the database: which connections' last statement is a LISTEN of the channel.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { PgServer } from '../../test/support/postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import type { LiveMessage } from '../storage/bus.ts';
import { CHANNEL, createPgBus } from './pg-bus.ts';
import { uuidv7 } from '../core/index.ts';
import type { CasualtyEvent } from '../core/index.ts';
import { openPostgresStore } from '../storage/postgres.ts';

let server: PgServer | undefined;
before(async () => {
  server = await startPostgres({ fsyncOff: true });
});
after(async () => {
  await server?.stop();
});

/** Connections of this database whose last statement LISTENed to the live channel (and did not UNLISTEN since). */
async function listeners(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query = $1`, [`LISTEN ${CHANNEL}`]);
    return r.rows[0]!.n;
  } finally {
    await c.end();
  }
}

const until = async (what: () => boolean | Promise<boolean>, ms = 5000): Promise<void> => {
  for (const end = Date.now() + ms; !(await what()); ) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('PostgreSQL live bus', () => {
  it('holds no LISTEN while nobody subscribes; a subscriber hears other processes, then the LISTEN is dropped', async () => {
    const url = await server!.createDatabase('bus_lazy');
    const bus = await createPgBus(url, { wakeEveryMs: 60_000, appendsAnnounced: true });
    const other = await createPgBus(url, { wakeEveryMs: 60_000, appendsAnnounced: true }); // another process
    try {
      assert.equal(await listeners(url), 0, 'no subscriber: no connection listens');
      const got: LiveMessage[] = [];
      const unsubscribe = bus.subscribe((m) => got.push(m));
      await until(() => bus.listening);
      assert.equal(await listeners(url), 1);
      // Once listening, a catch-up wake-up covers whatever was announced before the LISTEN took effect.
      assert.ok(got.some((m) => m.type === 'appended' && m.head === Number.MAX_SAFE_INTEGER));
      other.publish({ type: 'claims', claimId: 'c-1' });
      await until(() => got.some((m) => m.type === 'claims'));
      unsubscribe();
      await until(() => !bus.listening);
      assert.equal(await listeners(url), 0, 'the last subscriber gone: UNLISTEN');
      const before = got.length;
      other.publish({ type: 'claims', claimId: 'c-2' });
      // Subscribing again listens again, and hears what follows.
      const again: LiveMessage[] = [];
      bus.subscribe((m) => again.push(m));
      await until(() => bus.listening);
      other.publish({ type: 'claims', claimId: 'c-3' });
      await until(() => again.some((m) => m.type === 'claims' && m.claimId === 'c-3'));
      assert.equal(got.length, before, 'an unsubscribed listener hears nothing more');
    } finally {
      await bus.close();
      await other.close();
    }
  });

  it('a process whose store hears other writers and whose bus has a subscriber holds ONE listening connection (issue 16)', async () => {
    const url = await server!.createDatabase('bus_one_listen');
    const now = () => new Date().toISOString();
    const event = (cid: string, type: 'registered' | 'note', payload: object): CasualtyEvent =>
      ({ id: type === 'registered' ? cid : uuidv7(), casualtyId: cid, type, at: now(), recordedAt: now(), deviceId: 'd', author: 'a', payload }) as CasualtyEvent;
    const store = await openPostgresStore({ url, poolSize: 2 });
    const other = await openPostgresStore({ url, poolSize: 2 }); // another writer
    const bus = await createPgBus(url, { wakeEveryMs: 60_000, appendsAnnounced: true });
    try {
      await store.migrate();
      const [x, y] = [uuidv7(), uuidv7()];
      await store.append([event(x, 'registered', { injuredAt: now(), unitId: '1-coy' })], now());
      await other.append([event(y, 'registered', { injuredAt: now(), unitId: '1-coy' })], now());
      // Each has seen the other append: the store starts hearing others.
      for (let round = 0; round < 2; round++)
        await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? store : other).append([event(i % 2 ? x : y, 'note', { text: `n${i}` })], now())));
      const got: LiveMessage[] = [];
      bus.subscribe((m) => got.push(m));
      await until(() => bus.listening);
      // Both still hear over it: the store forgets the row the other wrote (its door read shows it), the bus wakes.
      await store.append([event(x, 'note', { text: 'store remembers x' })], now());
      const fromOther = await other.append([event(x, 'note', { text: 'other writes x' })], now());
      await until(async () => (await store.casualtyToWrite(x)).summary?.lastSeq === fromOther.head);
      await until(() => got.some((m) => m.type === 'appended' && m.head === fromOther.head));
      assert.equal(await listeners(url), 1, 'one LISTEN connection for the store and the bus');
    } finally {
      await bus.close();
      await store.close();
      await other.close();
    }
  });
});
