// Issue 9 item 5: an administrator edits a user (role, units, facilities) and resets a password from the web app,
// through PATCH /api/users/:username: the password policy and the role's scope rules apply, and every change is audited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authTestApp, createUserAndLogin, TEST_PASSWORD } from '../../test/support/auth.ts';

test('an administrator changes a user\'s role, units and facilities; the change is audited and takes effect at once', async () => {
  const t = await authTestApp();
  try {
    const admin = await createUserAndLogin(t, 'admin');
    const medic = await createUserAndLogin(t, 'medic', { units: ['1-coy'] });
    const url = `/api/users/${medic.username}`;
    const r = await t.app.inject({ method: 'PATCH', url, headers: admin.headers, payload: { role: 'facility', units: [], facilities: ['role2-north'] } });
    assert.equal(r.statusCode, 200, r.body);
    const item = (r.json() as { item: { role: string; units: string[]; facilities: string[] } }).item;
    assert.deepEqual([item.role, item.units, item.facilities], ['facility', [], ['role2-north']]);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: medic.headers });
    assert.equal((me.json() as { user: { role: string } }).user.role, 'facility', 'the open session sees the new role');
    const entry = (await t.trust.audit.entries(0, 1000)).find((e) => e.action === 'user.updated' && e.target === medic.username);
    assert.ok(entry, 'the edit is audited');
    assert.equal(entry.actor, admin.username);
    // The scope rules of creation hold for an edit: a medic belongs to a unit.
    const bad = await t.app.inject({ method: 'PATCH', url, headers: admin.headers, payload: { role: 'medic', units: [] } });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal((await t.trust.auth.user(medic.username))!.role, 'facility', 'a refused edit changes nothing');
    const nobody = await t.app.inject({ method: 'PATCH', url: '/api/users/nobody-here', headers: admin.headers, payload: { role: 'analyst' } });
    assert.equal(nobody.statusCode, 404);
    const notAdmin = await t.app.inject({ method: 'PATCH', url, headers: medic.headers, payload: { role: 'admin' } });
    assert.equal(notAdmin.statusCode, 403);
  } finally {
    await t.close();
  }
});

test('a password reset follows the password policy, ends the user\'s sessions and is audited without the password', async () => {
  const t = await authTestApp();
  try {
    const admin = await createUserAndLogin(t, 'admin');
    const user = await createUserAndLogin(t, 'dispatcher');
    const url = `/api/users/${user.username}`;
    const weak = await t.app.inject({ method: 'PATCH', url, headers: admin.headers, payload: { password: 'password123' } });
    assert.equal(weak.statusCode, 400, weak.body);
    assert.match(weak.body, /common/);
    const fresh = 'violet-harbour-2026-kestrel';
    const r = await t.app.inject({ method: 'PATCH', url, headers: admin.headers, payload: { password: fresh } });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: user.headers })).statusCode, 401, 'the old session ends');
    const login = (password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password } });
    assert.equal((await login(TEST_PASSWORD)).statusCode, 401);
    assert.equal((await login(fresh)).statusCode, 200);
    const entries = (await t.trust.audit.entries(0, 1000)).filter((e) => e.target === user.username);
    assert.ok(entries.some((e) => e.action === 'user.password.reset' && e.actor === admin.username));
    assert.ok(!JSON.stringify(entries).includes(fresh), 'the audit never holds the password');
    // Disabling still works through the same route.
    const off = await t.app.inject({ method: 'PATCH', url, headers: admin.headers, payload: { disabled: true } });
    assert.equal((off.json() as { item: { disabled: boolean } }).item.disabled, true);
    const empty = await t.app.inject({ method: 'PATCH', url, headers: admin.headers, payload: {} });
    assert.equal(empty.statusCode, 400, 'an empty update is refused');
  } finally {
    await t.close();
  }
});
