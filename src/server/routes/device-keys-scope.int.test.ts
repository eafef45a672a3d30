// device keys (session 22's attack review, low): GET /api/device-keys gave every clinical caller — a medic of any
// unit, a facility clerk — every device id with its user, the names that sign in and the `device:<id>` authors of
// every unit. A phone verifies a hand-over code offline by the signing device's id and key; the username is for those
// who see every casualty (administrators), who manage devices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authTestAppOn, createUserAndLogin } from '../../../test/support/auth.ts';

const KEY_A = 'MCowBQYDK2VwAyEA' + 'A'.repeat(43) + '=';
const KEY_B = 'MCowBQYDK2VwAyEA' + 'B'.repeat(43) + '=';

for (const db of ['sqlite', 'postgres'] as const)
  test(`device keys: ids and keys for every clinical caller, usernames only for those who see all (${db})`, async () => {
    const t = await authTestAppOn(db);
    const a = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
    const b = await createUserAndLogin(t, 'medic', { units: ['b-coy'] });
    for (const [m, publicKey] of [[a, KEY_A], [b, KEY_B]] as const) {
      const r = await t.app.inject({ method: 'POST', url: '/api/device-keys', headers: m.headers, payload: { publicKey } });
      assert.ok(r.statusCode === 201 || r.statusCode === 200, r.body);
    }
    const list = async (h: { authorization: string }) => {
      const r = await t.app.inject({ method: 'GET', url: '/api/device-keys', headers: h });
      assert.equal(r.statusCode, 200, r.body);
      return (r.json() as { items: { id: string; publicKey: string; username?: string }[] }).items;
    };
    const seenByB = await list(b.headers);
    assert.deepEqual(seenByB.map((k) => k.publicKey).sort(), [KEY_A, KEY_B], 'a medic still gets every key, to verify codes offline');
    assert.ok(seenByB.every((k) => typeof k.id === 'string' && k.id.length > 0));
    assert.deepEqual(seenByB.filter((k) => 'username' in k), [], 'no username to a medic');
    assert.doesNotMatch(JSON.stringify(seenByB), new RegExp(a.username), "another unit's medic's name is not in the answer");
    const admin = await createUserAndLogin(t, 'admin');
    assert.deepEqual((await list(admin.headers)).map((k) => k.username).sort(), [a.username, b.username].sort());
  });

// SYNC-23 offline: phones verify codes with the keys they pulled. A revoked device's key, or a disabled user's, is no
// longer listed, so a phone that synced since no longer verifies that phone's codes (kept apart, never sent, as a code
// from an unknown device). Before, every registered key was listed for good.
for (const db of ['sqlite', 'postgres'] as const)
  test(`device keys: a revoked device's and a disabled user's keys are not listed (${db})`, async () => {
    const t = await authTestAppOn(db);
    const admin = await createUserAndLogin(t, 'admin');
    const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
    const other = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
    let r = await t.app.inject({ method: 'POST', url: '/api/devices', headers: admin.headers, payload: { username: medic.username, label: 'phone' } });
    const { code, deviceId } = r.json() as { code: string; deviceId: string };
    r = await t.app.inject({ method: 'POST', url: '/api/auth/enrol', payload: { code } });
    const enrolled = { authorization: `Bearer ${(r.json() as { token: string }).token}` };
    for (const [h, publicKey] of [[enrolled, KEY_A], [other.headers, KEY_B]] as const)
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/device-keys', headers: h, payload: { publicKey } })).statusCode, 201);
    const keys = async () => ((await t.app.inject({ method: 'GET', url: '/api/device-keys', headers: medic.headers })).json() as { items: { publicKey: string }[] }).items.map((k) => k.publicKey).sort();
    assert.deepEqual(await keys(), [KEY_A, KEY_B]);
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/devices/${deviceId}`, headers: admin.headers })).statusCode, 200);
    assert.deepEqual(await keys(), [KEY_B]);
    assert.equal((await t.app.inject({ method: 'PATCH', url: `/api/users/${other.username}`, headers: admin.headers, payload: { disabled: true } })).statusCode, 200);
    assert.deepEqual(await keys(), []);
  });
