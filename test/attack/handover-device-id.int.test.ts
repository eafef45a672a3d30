// SYNC-22's "the device itself wrote to the casualty", with a device id that is the client's word. A session names the
// browser it runs in, and the first user to register a key under an unenrolled id holds it; so a facility clerk who
// knew a medic's browser id (it is on every event that browser wrote) signed in under it, registered a key first, and
// signed a code with it: the code "came from the device that wrote", and its arrival pulled the casualty into the
// clerk's facility. Now the device clause counts only for devices an administrator enrolled (the id is the server's,
// the credential the phone's); a browser's codes admit by their user (the key's registrant wrote to the casualty).
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
