// Issue 14 item 4: text the two databases treat differently (NUL, lone surrogates) is refused with 400 at the
// boundary, on every route, on SQLite and on PostgreSQL alike: in path ids, the query, the body and the login.
// Before, SQLite stored a NUL in deviceId or hlc that PostgreSQL then refused with a 500 on every push.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../core/index.ts';
import { authTestApp, createUserAndLogin } from '../../test/support/auth.ts';
import type { AuthTestApp } from '../../test/support/auth.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import type { PgServer } from '../../test/support/postgres.ts';
import { makeRegistered } from '../../test/support/events.ts';
import { processLog } from '../log/service.ts';

const NUL = '\u0000';
const LONE = '\ud800';

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`unstorable text is refused at the boundary (${db})`, () => {
    let pgServer: PgServer | null = null;
    let t: AuthTestApp;
    let admin: { authorization: string };
    before(async () => {
      if (db === 'postgres') pgServer = await startPostgres({ fsyncOff: true });
      t = await authTestApp(pgServer ? { databaseUrl: pgServer.url } : {});
      admin = (await createUserAndLogin(t, 'admin')).headers;
    });
    after(async () => {
      await t.close();
      await pgServer?.stop();
    });
    const headBefore = () => t.store.head();

    test('every route: a NUL in a path id, the query or the body → 400 with the error shape, never 5xx', async () => {
      const routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && r.method !== 'OPTIONS');
      assert.ok(routes.length > 30);
      const head = await headBefore();
      for (const r of routes) {
        const base = r.url.replace(':id', encodeURIComponent(uuidv7()));
        const tries: { url: string; payload?: object }[] = [{ url: `${base}?after=1${encodeURIComponent(NUL)}` }];
        if (r.url.includes(':id')) tries.push({ url: r.url.replace(':id', encodeURIComponent(`x${NUL}y`)) });
        if (r.method === 'POST' || r.method === 'PATCH')
          tries.push({ url: base, payload: { username: `a${NUL}b`, password: 'x'.repeat(12), code: `AB${NUL}CD-EFGH`, name: `n${NUL}`, events: [{ note: NUL }] } });
        for (const x of tries) {
          const res = await t.app.inject({ method: r.method as 'GET', url: x.url, headers: admin, ...(x.payload ? { payload: x.payload } : {}) });
          assert.equal(res.statusCode, 400, `${r.method} ${x.url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
          const body = res.json() as { error: { code: string; issues: { message: string }[] } };
          assert.equal(body.error?.code, 'bad_request', `${r.method} ${x.url}: ${res.body.slice(0, 300)}`);
          assert.match(body.error.issues[0]!.message, /NUL/);
        }
      }
      assert.equal(await t.store.head(), head, 'nothing stored');
    });

    test('an event with a NUL in deviceId or hlc, or a lone surrogate in a note, is refused by push and by the events route', async () => {
      const cid = uuidv7();
      const cases = [
        makeRegistered(cid, { deviceId: `phone${NUL}1`, author: 'x' }),
        makeRegistered(cid, { hlc: `0000000001:0000${NUL}`, author: 'x' }),
        { ...makeRegistered(cid, { author: 'x' }), payload: { ...makeRegistered(cid).payload, name: `Ivan${LONE}` } },
      ];
      for (const e of cases) {
        const push = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: admin, payload: { events: [e] } });
        assert.equal(push.statusCode, 400, push.body);
        const own = await t.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, headers: admin, payload: { events: [e] } });
        assert.equal(own.statusCode, 400, own.body);
      }
      assert.equal(await t.store.casualty(cid), null);
    });

    test('JSON nested deeper than 32 levels: 400 naming where, by the events route and push alike; a NUL below level 64 is found too', async () => {
      // An amend's `changes` are stored as sent: nested 1000 deep, SQLite answered 500 where PostgreSQL stored it (a
      // field box then refused the relay's push with 500 for ever); 8000 deep, both answered 500 (stack overflow).
      const cid = uuidv7();
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/casualties', headers: admin, payload: { id: cid, injuredAt: new Date(Date.now() - 20 * 60_000).toISOString() } })).statusCode, 201);
      const nest = (n: number, leaf: string) => '{"a":'.repeat(n) + leaf + '}'.repeat(n);
      const amend = (changes: string) => `{"events":[{"type":"amend","at":"${new Date(Date.now() - 60_000).toISOString()}","payload":{"target":"${cid}","reason":"r","changes":${changes}}}]}`;
      const head = await t.store.head();
      for (const [changes, why] of [[nest(1000, '1'), /nested deeper than 32/], [nest(8000, '1'), /nested deeper than 32/], [nest(70, String.raw`"x\u0000"`), /nested deeper than 32/]] as const) {
        for (const url of [`/api/casualties/${cid}/events`, '/api/sync/push']) {
          const payload = url === '/api/sync/push' ? amend(changes).replace('"type":"amend"', `"casualtyId":"${cid}","type":"amend"`) : amend(changes);
          const r = await t.app.inject({ method: 'POST', url, headers: { ...admin, 'content-type': 'application/json' }, payload });
          assert.equal(r.statusCode, 400, `${url}: ${r.statusCode} ${r.body.slice(0, 200)}`);
          assert.match((r.json() as { error: { issues: { path: string; message: string }[] } }).error.issues[0]!.message, why);
        }
      }
      // The door refuses it too, for writers that are not HTTP (the upstream loop's pulls, import, the TAK bridge).
      const deep = JSON.parse(nest(40, '1')) as object;
      await assert.rejects(processLog({ store: t.store, bus: { publish: () => undefined } }, 'test').record([{ casualtyId: cid, type: 'amend', at: new Date().toISOString(), payload: { target: cid, reason: 'r', changes: deep } }]), /nested deeper than 32/);
      assert.equal(await t.store.head(), head, 'nothing stored');
    });

    test('login with a NUL in the username: 400, not 500 (and not a database error text)', async () => {
      const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `admin${NUL}`, password: 'whatever-long' } });
      assert.equal(r.statusCode, 400, r.body);
      assert.doesNotMatch(r.body, /invalid byte sequence|0x00/);
    });
  });
}
