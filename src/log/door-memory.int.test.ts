// Issue 16: on PostgreSQL the door's read of the casualty comes from the store's memory of its own last write, so a
// single event is one round trip; a memory that another process made stale is caught by the append, whose refusal
// brings back the row that moved, and the door decides again from it (an authorisation never rests on a row another
// process had already replaced).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { uuidv7 } from '../core/index.ts';
import type { Principal } from '../auth/policy.ts';
import type { Store } from '../storage/port.ts';
import { openPostgresStore } from '../storage/postgres.ts';
import { catchUps } from '../storage/postgres-listen.ts';
import type { PgServer } from '../../test/support/postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { openCasualtyLog } from './service.ts';
import { LogError } from './errors.ts';

let server: PgServer | undefined;
before(async () => {
  server = await startPostgres({ fsyncOff: true });
});
after(async () => {
  await server?.stop();
});

// Every query of every pool in this process goes through Client#query: count them (as bench:scale-profile does).
let trips = 0;
let statements = 0;
const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: pg.Client, ...a: unknown[]) {
  trips++;
  const sql = typeof a[0] === 'string' ? a[0] : ((a[0] as { text?: string } | undefined)?.text ?? '');
  statements += sql.split(';').filter((s) => s.trim()).length;
  return query.apply(this, a);
};

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
const person = (username: string, role: Principal['role'], scope: { units?: string[]; facilities?: string[] }): Principal => ({
  username, role, units: scope.units ?? [], facilities: scope.facilities ?? [], deviceId: null, via: 'session',
});
const door = (store: Store, p: Principal | null) =>
  openCasualtyLog({ store, bus: { publish: () => undefined }, now: () => new Date().toISOString() }).as({
    actor: p?.username ?? 'test-process', deviceId: 'phone-1', principal: p, action: 'test', mayOpen: p === null,
  });
const note = (text: string) => ({ id: uuidv7(), type: 'note', at: ago(0), payload: { text } });

/** Resolves once this process's LISTEN catch-ups number more than `n`. */
async function caughtUpPast(n: number): Promise<void> {
  for (const deadline = Date.now() + 5000; catchUps.done <= n; await new Promise((ok) => setTimeout(ok, 10))) {
    if (Date.now() > deadline) throw new Error(`no catch-up past ${n} in 5 s`);
  }
}

/** Two stores on one new database (two server processes) and a casualty a medic of 1-coy registered through A. */
async function twoProcesses(body: (t: { a: Store; b: Store; cid: string; medic: ReturnType<typeof door> }) => Promise<void>): Promise<void> {
  const url = await server!.createDatabase();
  const [a, b] = [await openPostgresStore({ url, poolSize: 2 }), await openPostgresStore({ url, poolSize: 2 })];
  try {
    await a.migrate();
    const cid = uuidv7();
    const medic = door(a, person('medic-1', 'medic', { units: ['1-coy'] }));
    await medic.record([{ id: cid, type: 'registered', at: ago(30), payload: { injuredAt: ago(30), unitId: '1-coy' } }], { casualtyId: cid });
    await body({ a, b, cid, medic });
  } finally {
    await a.close();
    await b.close();
  }
}

describe('the door on PostgreSQL', () => {
  it('a single note to a casualty this process wrote last is one round trip of one statement, read and write together', async () => {
    const store = await openPostgresStore({ url: await server!.createDatabase(), poolSize: 2 });
    try {
      await store.migrate();
      const medic = door(store, person('medic-1', 'medic', { units: ['1-coy'] }));
      const cid = uuidv7();
      await medic.record([{ id: cid, type: 'registered', at: ago(30), payload: { injuredAt: ago(30), unitId: '1-coy' } }], { casualtyId: cid });
      await medic.record([note('first')], { casualtyId: cid });
      trips = 0;
      statements = 0;
      const r = await medic.record([note('second')], { casualtyId: cid });
      assert.equal(r.accepted, 1);
      assert.equal(trips, 1, 'the door reads the casualty from memory; the guarded append is the one round trip');
      assert.equal(statements, 1, 'guard, events, projection, head and wake-up in one statement (plans kept by PostgreSQL)');
      assert.equal((await store.casualty(cid))!.state.notes.at(-1)?.text, 'second');
    } finally {
      await store.close();
    }
  });

  it('after another process wrote the casualty, a note is two round trips: the refusal brings the row back, no read', async () => {
    await twoProcesses(async ({ a, b, cid, medic }) => {
      await door(b, null).record([note('from the other process')], { casualtyId: cid });
      const caught = catchUps.done;
      trips = 0;
      statements = 0;
      const stale = await medic.record([note('found the memory stale')], { casualtyId: cid });
      assert.equal(stale.accepted, 1);
      // The refusal also started this process's LISTEN (postgres-listen.ts): once it is up, its catch-up reads back the
      // remembered rows' last_seq in one statement and forgets only those that moved — none here (this process learnt
      // the row from the refusal, or wrote it since). Wait for it: its two round trips may land before or after the
      // write, on the listening connection and the pool, but none is the write's.
      await caughtUpPast(caught);
      // Before: refused (1), the projections re-read (2), the door's read from the database (3), the write (4). Now the
      // guarded write is refused with the moved row and the door decides again from it and writes (2); then the
      // LISTEN (3) and the catch-up's one read (4).
      assert.equal(trips, 4, 'the guarded write refused with the moved row; the door decides again and writes; LISTEN; its catch-up');
      assert.equal(statements, trips);
      // The row is still this process's memory: one round trip a write.
      for (let i = 0; i < 3; i++) {
        trips = 0;
        const r = await medic.record([note(`memory fresh ${i}`)], { casualtyId: cid });
        assert.equal(r.accepted, 1);
        assert.equal(trips, 1, `write ${i} after the catch-up: from memory, one round trip`);
      }
      const log = await a.eventsOf(cid);
      const texts = log.map((e) => (e.payload as { text?: string }).text ?? e.type);
      assert.deepEqual(texts, ['registered', 'from the other process', 'found the memory stale', 'memory fresh 0', 'memory fresh 1', 'memory fresh 2']);
    });
  });

  it('a casualty another process changed is decided from the database: let in when it came into scope, refused when it left', async () => {
    await twoProcesses(async ({ a, b, cid }) => {
      const nurse = door(a, person('nurse-1', 'facility', { facilities: ['r2-a'] }));
      const other = door(b, null);
      // Process A remembers the casualty with no destination; process B sends it to r2-a.
      await other.record([{ id: uuidv7(), type: 'destination', at: ago(5), payload: { facilityId: 'r2-a' } }], { casualtyId: cid });
      const inScope = await nurse.record([note('expected here')], { casualtyId: cid });
      assert.equal(inScope.accepted, 1, 'r2-a may write to a casualty on its way to it, though A remembered none');
      // A now remembers r2-a (its own commit); B sends the casualty elsewhere.
      await other.record([{ id: uuidv7(), type: 'destination', at: ago(4), payload: { facilityId: 'r2-b' } }], { casualtyId: cid });
      // Another nurse of r2-a (not an author of the casualty, who would keep seeing it) is refused: to it the casualty
      // does not exist any more (docs/security.md: as for an unknown id).
      const late = note('not ours any more');
      await assert.rejects(door(a, person('nurse-2', 'facility', { facilities: ['r2-a'] })).record([late], { casualtyId: cid }), (err: unknown) => err instanceof LogError && err.code === 'not_found');
      assert.equal(await a.getEvent(late.id), null, 'nothing stored');
      const log = await a.eventsAfter(0, 100);
      assert.deepEqual(log.map((e) => e.seq), log.map((_, i) => i + 1), 'gap-free');
    });
  });
});
