// SYNC-22 as an attacker at a facility desk would try it: pull a casualty of another unit into its facility's scope by
// claiming its arrival. Without the medic's signed code, with a guessed or a known id, the arrival is answered as one
// to an unknown casualty (404, at once); with a code the desk signed itself, or another casualty's, a tampered, an old
// or an undated code, or at a facility it does not hold, it is refused and the casualty stays out of its scope. A bad
// code is refused alike whether the id exists or not (403): the answer tells nothing about the id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { fromQrText, newDeviceKeys, packHandover, toQrText } from '../../src/interop/handover/code.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';
import { handoverScene } from '../support/handover.ts';
import type { Answer } from '../support/handover.ts';

const HOUR = 3_600_000;
const tampered = (text: string): string => {
  const bytes = fromQrText(text);
  bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
  return toQrText(bytes);
};
/** The answer with the casualty's id written as `<id>`, to compare a known id's answer with an unknown one's. */
const shape = (a: Answer, id: string) => [a.status, a.body.error?.message.replaceAll(id, '<id>')];

for (const db of ['sqlite', 'postgres'] as const)
test(`SYNC-22 a facility cannot pull a casualty into its scope by claiming its arrival (${db})`, async () => {
  const t = await authTestAppOn(db);
  const { send, get, signer, casualty, arrival } = handoverScene(t);
  const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const clerk = await createUserAndLogin(t, 'facility', { facilities: ['r2-a'] });
  const { id, log } = await casualty(medic, 'a-coy');
  const guessed = uuidv7();
  const claim = (cid: string, handover?: string, facilityId = 'r2-a') => send(clerk, `/api/casualties/${cid}/events`, { events: [arrival(facilityId, handover)] });
  const unknown = `unknown casualty <id> (register it first, or include a registered event)`;

  // No code: a guessed id and a known one get the one answer of an unknown casualty.
  const started = Date.now();
  assert.deepEqual(shape(await claim(guessed), guessed), [404, unknown]);
  assert.deepEqual(shape(await claim(id), id), [404, unknown]);
  assert.ok(Date.now() - started < 10_000, 'answered, not held');

  // A code the desk's own device signed (it may sign anything): its device never wrote to the casualty.
  const own = await signer(clerk);
  assert.deepEqual(shape(await claim(id, await own.code(id, log)), id), [404, unknown]);
  assert.deepEqual(shape(await claim(guessed, await own.code(guessed, log)), guessed), [404, unknown]);

  // The medic's genuine code, misused: at a facility the desk does not hold; for another casualty.
  const medicKey = await signer(medic);
  const genuine = await medicKey.code(id, log);
  assert.deepEqual(shape(await claim(id, genuine, 'r2-b'), id), [404, unknown]);
  const other = await casualty(medic, 'a-coy');
  for (const cid of [other.id, guessed]) {
    const r = await claim(cid, genuine);
    assert.deepEqual([r.status, r.body.error?.message], [403, 'events.0: the hand-over code is of another casualty'], cid);
  }
  // Tampered, undated, made more than 72 h ago or over an hour ahead, unreadable: refused alike for a known id and a
  // guessed one (each code naming the id it is shown with).
  const bad = async (cid: string): Promise<[string, string][]> => [
    [tampered(await medicKey.code(cid, log)), 'the hand-over code\'s signature does not verify'],
    [await medicKey.code(cid, log, null), 'the hand-over code carries no time'],
    [await medicKey.code(cid, log, Date.now() - 73 * HOUR), 'the hand-over code was made more than 72 h ago'],
    [await medicKey.code(cid, log, Date.now() + 2 * HOUR), 'the hand-over code was made more than 60 min ahead of this server'],
    ['GH:00', 'the hand-over code cannot be read'],
  ];
  for (const cid of [id, guessed])
    for (const [code, why] of await bad(cid)) {
      const r = await claim(cid, code);
      assert.deepEqual([r.status, r.body.error?.message], [403, `events.0: ${why}`], why);
    }
  // A code signed by a device with no key on this server.
  const keys = await newDeviceKeys();
  const unregistered = async (cid: string) => toQrText(await packHandover({ casualtyId: cid, signer: 'web-nobody', author: medic.username, events: log, clockMs: Date.now() }, keys.privateKey));
  for (const cid of [id, guessed]) assert.deepEqual(shape(await claim(cid, await unregistered(cid)), cid), [403, 'events.0: the hand-over code\'s device has no key on this server']);

  // Nothing stored; the casualty is still not the clerk's.
  assert.equal((await t.store.eventsOf(id)).length, 2);
  assert.equal((await get(clerk, `/api/casualties/${id}`)).status, 404);
  assert.equal((await get(clerk, `/api/casualties/${guessed}`)).status, 404);
});
