// Issue 16, migration 027 (PostgreSQL): how the statements inside an append's CALL are planned. auto_explain (a
// module PostgreSQL ships) is loaded on the store's one connection and sends each nested statement's plan back as a
// notice, with the planner settings it was made under. Every statement must be planned with generic plans (once
// per connection: custom plans were made again on every call, ~16 % of the backend's CPU an append), and the guard
// must read the batch's casualties and event ids by index, not by scanning the table, whatever its size.
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

/** Plans (auto_explain notices) of the statements run inside the store's CALLs, newest last. */
const plans: string[] = [];
const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
const watched = new WeakSet<object>();
(pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
  const sql = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string } | undefined)?.text ?? '');
  if (!sql.startsWith('CALL gh_append_durable') || watched.has(this)) return query.apply(this, args);
  watched.add(this);
  this.on('notice', (m: { message?: string }) => plans.push(m.message ?? ''));
  const setup = `LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on;
    SET auto_explain.log_level = notice; SET auto_explain.log_format = text; SET auto_explain.log_verbose = on;
    SET auto_explain.log_settings = on`;
  return (query.call(this, setup) as Promise<unknown>).then(() => query.apply(this, args));
};

const now = () => new Date().toISOString();
const event = (cid: string, type: string, payload: object, id = uuidv7()): CasualtyEvent =>
  ({ id, casualtyId: cid, type, at: now(), recordedAt: now(), deviceId: 'd', author: 'a', payload }) as CasualtyEvent;

describe('the append CALL\'s plans on PostgreSQL (migration 027)', () => {
  it('its statements are planned once per connection (generic plans) and the guard reads by index', async () => {
    const url = await server!.createDatabase();
    const store = await openPostgresStore({ url, poolSize: 1 });
    try {
      await store.migrate();
      const cids = Array.from({ length: 32 }, () => uuidv7());
      for (const cid of cids) await store.append([event(cid, 'registered', { injuredAt: now(), unitId: '1-coy' }, cid)], now());
      // Past the plan cache's first five custom plans on this connection.
      for (let i = 0; i < 40; i++) await store.append([event(cids[i % 32]!, 'note', { text: `warm ${i}` })], now());
      plans.length = 0;
      const last = event(cids[1]!, 'note', { text: 'watched' });
      const r = await store.append([last], now());
      assert.equal(r.accepted, 1);
      const inCall = plans.filter((p) => /Query Text:/.test(p) && !/Query Text: CALL/.test(p));
      assert.ok(inCall.length >= 5, `nested plans seen: ${inCall.length}`);
      // Made with generic plans: auto_explain lists the planner settings that differ from the defaults.
      const custom = inCall.filter((p) => !p.includes("plan_cache_mode = 'force_generic_plan'")).map((p) => p.split('\n').slice(1, 2).join(''));
      assert.deepEqual(custom, [], 'statements planned again on each call when the plan cache preferred custom plans');
      const scans = inCall.filter((p) => /Seq Scan on (public\.)?(casualties|events)\b/.test(p)).map((p) => p.split('\n').slice(1, 2).join(''));
      assert.deepEqual(scans, [], 'the guard scanned a table instead of reading by index');
      // The same answers as before: a refused id already stored (GH001 → the locked path answers it as a duplicate).
      const again = await store.append([last], now());
      assert.deepEqual([again.accepted, again.duplicates], [0, 1]);
    } finally {
      await store.close();
    }
  });

  it('a lone writer\'s note runs no trigger function: the incident check and the durable mark are decided without a call (migration 032)', async () => {
    const url = await server!.createDatabase();
    const store = await openPostgresStore({ url, poolSize: 1 });
    try {
      await store.migrate();
      const cid = uuidv7();
      await store.append([event(cid, 'registered', { injuredAt: now(), unitId: '1-coy' }, cid)], now());
      for (let i = 0; i < 3; i++) await store.append([event(cid, 'note', { text: `warm ${i}` })], now());
      plans.length = 0;
      const r = await store.append([event(cid, 'note', { text: 'watched' })], now());
      const inCall = plans.filter((p) => /Query Text:/.test(p) && !/Query Text: CALL/.test(p)).map((p) => /Query Text: ([^\n]*)/.exec(p)![1]!);
      assert.ok(inCall.length >= 5, `nested plans seen: ${inCall.length}`);
      // A trigger function's statements name the row it fired for (NEW): incident_access's check on every event,
      // event_head_durable's 'sync' mark on every lone append (before 032).
      assert.deepEqual(inCall.filter((q) => /\bNEW\./.test(q)), [], 'a trigger function ran inside the append');
      assert.equal(await store.head(), r.head, 'the durable head covers the lone append (its \'sync\' mark, written by the CALL)');
      assert.deepEqual((await store.eventsAfter(r.head - 1, 10)).map((e) => e.seq), [r.head]);
    } finally {
      await store.close();
    }
  });

  it('the CALL is parsed once per connection, not once per append (a named prepared statement, issue 16)', async () => {
    const url = await server!.createDatabase();
    const store = await openPostgresStore({ url, poolSize: 2 });
    // Every Parse message the driver sends for the append's CALL (an unnamed statement is parsed on every query).
    const conn = pg.Connection.prototype as unknown as { parse: (q: { text?: string }) => unknown };
    const parse = conn.parse;
    let parsed = 0;
    conn.parse = function (this: unknown, q: { text?: string }) {
      if (q.text?.startsWith('CALL gh_append_durable')) parsed++;
      return parse.call(this, q);
    };
    try {
      await store.migrate();
      const cid = uuidv7();
      await store.append([event(cid, 'registered', { injuredAt: now(), unitId: '1-coy' }, cid)], now());
      for (let i = 0; i < 20; i++) assert.equal((await store.append([event(cid, 'note', { text: `one ${i}` })], now())).accepted, 1);
      // Eight at a time as well: both connections of the pool write.
      for (let round = 0; round < 5; round++) {
        const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => store.append([event(cid, 'note', { text: `n ${round} ${i}` })], now())));
        for (const r of rs) assert.equal(r.accepted, 1);
      }
      assert.ok(parsed >= 1 && parsed <= 2, `the append CALL was parsed ${parsed} times for 61 appends (26 or more CALLs) on 2 connections`);
    } finally {
      conn.parse = parse;
      await store.close();
    }
  });
});
