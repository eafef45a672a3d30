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

    test('login with a NUL in the username: 400, not 500 (and not a database error text)', async () => {
      const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `admin${NUL}`, password: 'whatever-long' } });
      assert.equal(r.statusCode, 400, r.body);
      assert.doesNotMatch(r.body, /invalid byte sequence|0x00/);
    });
  });
}
