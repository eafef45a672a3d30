// SYNC-17/SYNC-22 with a captured phone: an administrator revokes the device (or disables its user) so that what it
// signs stops counting. Its key can still sign codes with any time in them, so every code it signs — made before the
// revocation or after — proves nothing from then on: a desk's arrival by such a code is refused (403, the same answer
// for a real casualty and a guessed one), and records relayed with it stay the desk's (a code that proves nothing is
// ignored). Before, the door read only the key, and the revoked phone's codes admitted and attributed for 72 h.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { exportPublicKey, newDeviceKeys, packHandover, toQrText } from '../../src/interop/handover/code.ts';
import type { StoredEvent } from '../../src/core/index.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';
import { ago, copiesOf, handoverScene, offlineCasualty } from '../support/handover.ts';
import type { Answer, Who } from '../support/handover.ts';

const shape = (a: Answer, id: string) => [a.status, a.body.error?.message.replaceAll(id, '<id>')];

for (const db of ['sqlite', 'postgres'] as const)
test(`SYNC-22 a revoked device's or a disabled user's hand-over codes prove nothing (${db})`, async () => {
  const t = await authTestAppOn(db);
  const { send, get, arrival } = handoverScene(t);
  const admin = await createUserAndLogin(t, 'admin');
  const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const clerk = await createUserAndLogin(t, 'facility', { facilities: ['r2-a'] });
  const call = async (method: 'PATCH' | 'DELETE', url: string, payload?: object) => {
    const r = await t.app.inject({ method, url, headers: admin.headers, ...(payload ? { payload } : {}) });
    assert.equal(r.statusCode, 200, r.body);
  };
  /** An enrolled phone of `user`: its credential, and its signing key registered with it. */
  const phone = async (user: { username: string }) => {
    let r = await t.app.inject({ method: 'POST', url: '/api/devices', headers: admin.headers, payload: { username: user.username, label: 'phone' } });
    const { code, deviceId } = r.json() as { code: string; deviceId: string };
    r = await t.app.inject({ method: 'POST', url: '/api/auth/enrol', payload: { code } });
    const who: Who = { username: user.username, headers: { authorization: `Bearer ${(r.json() as { token: string }).token}` } };
    const keys = await newDeviceKeys();
    assert.equal((await send(who, '/api/device-keys', { publicKey: await exportPublicKey(keys.publicKey) })).status, 201);
    const sign = async (casualtyId: string, events: StoredEvent[], clockMs = Date.now()) =>
      toQrText(await packHandover({ casualtyId, signer: deviceId, author: user.username, events, clockMs }, keys.privateKey));
    return { who, deviceId, sign };
  };
  const registered = async (who: Who) => {
    const id = uuidv7();
    assert.equal((await send(who, '/api/casualties', { id, injuredAt: ago(20), unitId: 'a-coy' })).status, 201);
    return { id, log: await t.store.eventsOf(id) };
  };
  const claim = (cid: string, code: string) => send(clerk, `/api/casualties/${cid}/events`, { events: [arrival('r2-a', code)] });
  const relay = async (c: { id: string; log: StoredEvent[] }, code: string) => {
    const r = await send(clerk, `/api/casualties/${c.id}/events`, { events: copiesOf(c.log), handovers: [code] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return (await t.store.eventsOf(c.id)).map((e) => e.author);
  };

  // Before the revocation the phone's code works: a relay is the medic's (the control).
  const captured = await phone(medic);
  const before = offlineCasualty(medic, captured.deviceId);
  assert.deepEqual(await relay(before, await captured.sign(before.id, before.log)), before.log.map(() => medic.username));
  const onServer = await registered(captured.who);
  const madeBefore = await captured.sign(onServer.id, onServer.log);

  await call('DELETE', `/api/devices/${captured.deviceId}`);
  // Its codes, made before the revocation or after (any time it likes): refused, alike for a real id and a guessed one.
  const guessed = uuidv7();
  const revoked = 'events.0: the hand-over code\'s device was revoked';
  assert.deepEqual(shape(await claim(onServer.id, madeBefore), onServer.id), [403, revoked]);
  assert.deepEqual(shape(await claim(onServer.id, await captured.sign(onServer.id, onServer.log, Date.now() - 60_000)), onServer.id), [403, revoked]);
  assert.deepEqual(shape(await claim(guessed, await captured.sign(guessed, onServer.log)), guessed), [403, revoked]);
  // Relayed records it signs stay the desk's.
  const after = offlineCasualty(medic, captured.deviceId);
  assert.deepEqual(await relay(after, await captured.sign(after.id, after.log)), after.log.map(() => clerk.username));
  assert.equal((await get(clerk, `/api/casualties/${onServer.id}`)).status, 404);

  // A disabled user's phone alike (the user of the key, whichever device).
  const other = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const second = await phone(other);
  const c = await registered(second.who);
  const code = await second.sign(c.id, c.log);
  await call('PATCH', `/api/users/${other.username}`, { disabled: true });
  const disabled = 'events.0: the hand-over code\'s signer is disabled';
  assert.deepEqual(shape(await claim(c.id, code), c.id), [403, disabled]);
  assert.deepEqual(shape(await claim(guessed, await second.sign(guessed, c.log)), guessed), [403, disabled]);
  const relayed = offlineCasualty(other, second.deviceId);
  assert.deepEqual(await relay(relayed, await second.sign(relayed.id, relayed.log)), relayed.log.map(() => clerk.username));
  // Enabled again, the user's codes count again (the standing is read at each use, not copied).
  await call('PATCH', `/api/users/${other.username}`, { disabled: false });
  assert.equal((await claim(c.id, code)).status, 200);
  assert.equal((await get(clerk, `/api/casualties/${c.id}`)).status, 200);
});
