// SYNC-22's "the device itself wrote to the casualty", with a device id that is the client's word. A session names the
// browser it runs in, and the first user to register a key under an unenrolled id holds it; so a facility clerk who
// knew a medic's browser id (it is on every event that browser wrote) signed in under it, registered a key first, and
// signed a code with it: the code "came from the device that wrote", and its arrival pulled the casualty into the
// clerk's facility. Now the device clause counts only for devices an administrator enrolled (the id is the server's,
// the credential the phone's); a browser's codes admit by their user (the key's registrant wrote to the casualty).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportPublicKey, newDeviceKeys, packHandover, toQrText } from '../../src/interop/handover/code.ts';
import { authTestAppOn, createUserAndLogin, TEST_PASSWORD } from '../support/auth.ts';
import { handoverScene } from '../support/handover.ts';
import type { Who } from '../support/handover.ts';

const unknown = 'unknown casualty <id> (register it first, or include a registered event)';

for (const db of ['sqlite', 'postgres'] as const)
test(`SYNC-22 a key squatted under a browser's id does not sign as the device that wrote (${db})`, async () => {
  const t = await authTestAppOn(db);
  const { send, get, signer, casualty, arrival } = handoverScene(t);
  const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const clerk = await createUserAndLogin(t, 'facility', { facilities: ['r2-a'] });
  /** `user` signed in again, naming the browser `deviceId` as the web app does. */
  const on = async (user: { username: string }, deviceId: string): Promise<Who> => {
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: TEST_PASSWORD, deviceId } });
    assert.equal(r.statusCode, 200, r.body);
    return { username: user.username, headers: { authorization: `Bearer ${(r.json() as { token: string }).token}` } };
  };
  const claim = (cid: string, code: string) => send(clerk, `/api/casualties/${cid}/events`, { events: [arrival('r2-a', code)] });

  // The medic's browser records a casualty before it registered its key (its first sync does).
  const browser = 'web-0a1b2c3d4e5f';
  const c = await casualty(await on(medic, browser), 'a-coy');
  assert.ok(c.log.every((e) => e.deviceId === browser));
  // The clerk signs in under that id, registers a key first, and signs a code as that device, under its own name.
  const squat = await signer(await on(clerk, browser));
  assert.equal(squat.device, browser);
  const r = await claim(c.id, await squat.code(c.id, c.log));
  assert.deepEqual([r.status, r.body.error?.message.replaceAll(c.id, '<id>')], [404, unknown]);
  assert.equal((await get(clerk, `/api/casualties/${c.id}`)).status, 404);
  assert.equal((await t.store.eventsOf(c.id)).length, c.log.length);

  // The controls. A browser's code admits by its user: the medic's own session registered the key and wrote.
  const own = await on(medic, 'web-99aa88bb77cc');
  const mine = await casualty(own, 'a-coy');
  const medicKey = await signer(own);
  assert.equal((await claim(mine.id, await medicKey.code(mine.id, mine.log))).status, 200);
  assert.equal((await get(clerk, `/api/casualties/${mine.id}`)).status, 200);
});

// Session 28: the squatted browser's own key. Its first sync's registration was refused (409: the id is another
// user's key), so its codes named a device whose key is the squatter's, did not verify, and its hand-overs were
// refused until an administrator enrolled it. Now the server registers the browser's key under a fresh id of its own
// for the caller, in that request (the app signs with it from then on), and its hand-over admits as any other.
for (const db of ['sqlite', 'postgres'] as const)
test(`SYNC-22 a browser whose id was squatted registers its key under a fresh id and hands over (${db})`, async () => {
  const t = await authTestAppOn(db);
  const { send, get, casualty, arrival } = handoverScene(t);
  const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const clerk = await createUserAndLogin(t, 'facility', { facilities: ['r2-a'] });
  const on = async (user: { username: string }, deviceId: string): Promise<Who> => {
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: TEST_PASSWORD, deviceId } });
    assert.equal(r.statusCode, 200, r.body);
    return { username: user.username, headers: { authorization: `Bearer ${(r.json() as { token: string }).token}` } };
  };
  const register = async (who: Who, keys: CryptoKeyPair) => send(who, '/api/device-keys', { publicKey: await exportPublicKey(keys.publicKey) });

  const browser = 'web-1f2e3d4c5b6a';
  const own = await on(medic, browser);
  const c = await casualty(own, 'a-coy');
  const squatter = await newDeviceKeys();
  assert.equal((await register(await on(clerk, browser), squatter)).status, 201);

  // The medic's browser registers its key at its first sync: a fresh id of the server's, the medic's.
  const keys = await newDeviceKeys();
  const r = await register(own, keys);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const fresh = (r.body.item as { id: string; username: string });
  assert.match(fresh.id, /^web-[0-9a-f]{12}$/);
  assert.notEqual(fresh.id, browser);
  assert.equal(fresh.username, medic.username);
  // Sent again (a sync retried before the app kept the new id): the same key, the same id, not another.
  const again = await register(own, keys);
  assert.deepEqual([again.status, (again.body.item as { id: string }).id], [200, fresh.id]);
  // The squatter's key stands under the old id; the clerk naming the fresh id gets a fresh one too, never the medic's.
  assert.equal((await t.store.getEntity('device-key', browser))?.username, clerk.username);
  const taken = await register(await on(clerk, fresh.id), await newDeviceKeys());
  assert.notEqual((taken.body.item as { id: string }).id, fresh.id);
  assert.equal((await t.store.getEntity('device-key', fresh.id))?.username, medic.username);

  // The hand-over: the medic's code, signed under the fresh id, admits the casualty to the clerk's facility.
  const code = toQrText(await packHandover({ casualtyId: c.id, signer: fresh.id, author: medic.username, events: c.log, clockMs: Date.now() }, keys.privateKey));
  const arrived = await send(clerk, `/api/casualties/${c.id}/events`, { events: [arrival('r2-a', code)] });
  assert.equal(arrived.status, 200, JSON.stringify(arrived.body));
  assert.equal((await get(clerk, `/api/casualties/${c.id}`)).status, 200);
});
