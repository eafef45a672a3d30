// A device's signing key on the audit (session 26's attack review, low; the test failed on main, SQLite and
// PostgreSQL): `POST /api/device-keys` stored the key on the `entities` chain with no writer — the entry's actor was
// `unknown`, its action `append` — and only the request's access entry, written apart after the commit, named the
// caller. A hand-over code is verified by that key (SYNC-22): who registered which key is what an investigation of a
// forged hand-over needs, so it is chained with the key, as every other entity write is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';

const KEY = 'MCowBQYDK2VwAyEA' + 'K'.repeat(43) + '=';

for (const db of ['sqlite', 'postgres'] as const)
  test(`a device key's registration is chained with its writer (${db})`, async () => {
    const t = await authTestAppOn(db);
    const admin = await createUserAndLogin(t, 'admin');
    const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
    const r = await t.app.inject({ method: 'POST', url: '/api/device-keys', headers: medic.headers, payload: { publicKey: KEY } });
    assert.equal(r.statusCode, 201, r.body);
    const { id } = (r.json() as { item: { id: string } }).item;
    const [last] = await t.app.ctx.store.sql.all<{ actor: string; action: string; items: string }>(
      "SELECT actor, action, items FROM fact_audit WHERE stream = 'entities' ORDER BY seq DESC LIMIT 1",
    );
    assert.deepEqual([last?.actor, last?.action, (JSON.parse(last!.items) as string[][])[0]![0]], [medic.username, 'POST /api/device-keys', `device-key/${id}`]);
    const v = (await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: admin.headers })).json() as { ok: boolean };
    assert.equal(v.ok, true);
  });
