// Signing out with a device credential (session 49's attack review, low): `POST /api/auth/logout` with a `ghd_…`
// credential answered 204 "signed out" and the credential went on working — logout ends sessions only. A device's
// credential is ended by revoking the device (an administrator: its key's codes then stop counting, SYNC-23), so the
// logout now says so (409) instead of claiming it signed out; a session's logout is unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';

for (const db of ['sqlite', 'postgres'] as const)
  test(`a device credential is not "signed out": logout says it is ended by revoking the device (${db})`, async () => {
    const t = await authTestAppOn(db);
    const admin = await createUserAndLogin(t, 'admin');
    const medic = await createUserAndLogin(t, 'medic');
    let r = await t.app.inject({ method: 'POST', url: '/api/devices', headers: admin.headers, payload: { username: medic.username, label: 'phone' } });
    const { code, deviceId } = r.json() as { code: string; deviceId: string };
    r = await t.app.inject({ method: 'POST', url: '/api/auth/enrol', payload: { code } });
    const phone = { authorization: `Bearer ${(r.json() as { token: string }).token}` };
    assert.match(phone.authorization, /^Bearer ghd_/);
    const me = async (headers: object) => (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: headers as Record<string, string> })).statusCode;

    r = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: phone, payload: {} });
    assert.equal(r.statusCode, 409, r.body);
    const { error } = r.json() as { error: { code: string; message: string } };
    assert.equal(error.code, 'conflict');
    assert.match(error.message, /device credential is ended only by revoking the device/);
    assert.equal(await me(phone), 200, 'nothing changed: the answer says so');
    // Revoking ends it.
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/devices/${deviceId}`, headers: admin.headers })).statusCode, 200);
    assert.equal(await me(phone), 401);
    // A session's logout ends the session, as before.
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: medic.headers, payload: {} })).statusCode, 204);
    assert.equal(await me(medic.headers), 401);
  });
