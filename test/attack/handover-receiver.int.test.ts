// SYNC-24 as staff of another facility would try it: a photo of a medic's code, taken on the way, sent as an arrival
// at their own facility. Until session 26 a code named no receiver: for 72 h the first desk of any facility holding it
// was admitted, and the real receiver then refused. A code made by a phone that knows where the casualty goes (its
// planned destination) names that facility in its signed part: only an arrival there is admitted (or at the
// destination the server now holds, a diversion the medic's phone never heard of); a desk elsewhere is refused (403
// naming the facility the code is for). A code without it (made before, or with no destination known) admits once, as
// SYNC-23 had it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';
import { ago, handoverScene } from '../support/handover.ts';

for (const db of ['sqlite', 'postgres'] as const)
test(`SYNC-24 a code naming its facility admits only that facility's desk (${db})`, async () => {
  const t = await authTestAppOn(db);
  const { send, get, signer, casualty, arrival } = handoverScene(t);
  const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const deskA = await createUserAndLogin(t, 'facility', { facilities: ['r2-a'] });
  const deskB = await createUserAndLogin(t, 'facility', { facilities: ['r2-b'] });
  const dispatcher = await createUserAndLogin(t, 'dispatcher');
  const phone = await signer(medic);
  const url = (id: string) => `/api/casualties/${id}/events`;

  // For r2-a: r2-b's desk is refused, nothing stored, the casualty still unknown to it; r2-a's desk is admitted.
  const { id, log } = await casualty(medic, 'a-coy');
  const forA = await phone.code(id, log, Date.now(), { facility: 'r2-a' });
  const refused = await send(deskB, url(id), { events: [arrival('r2-b', forA)] });
  assert.deepEqual([refused.status, refused.body.error?.message], [403, 'events.0: the hand-over code is for r2-a']);
  assert.equal((await get(deskB, `/api/casualties/${id}`)).status, 404);
  assert.equal((await t.store.eventsOf(id)).filter((e) => e.type === 'arrival').length, 0);
  const ok = await send(deskA, url(id), { events: [arrival('r2-a', forA)] });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));

  // A code without a facility (an older phone's, or one that knew no destination) admits once, wherever.
  const old = await casualty(medic, 'a-coy');
  const anywhere = await phone.code(old.id, old.log);
  assert.equal((await send(deskB, url(old.id), { events: [arrival('r2-b', anywhere)] })).status, 200);
  const second = await send(deskA, url(old.id), { events: [arrival('r2-a', anywhere)] });
  assert.deepEqual([second.status, second.body.error?.message], [403, 'events.0: the hand-over code was already received at r2-b']);

  // Diverted: the code names r2-a, the dispatcher has since sent the casualty to r2-b (the server knows, the medic's
  // phone did not): r2-b's desk is admitted.
  const diverted = await casualty(medic, 'a-coy');
  const planned = await phone.code(diverted.id, diverted.log, Date.now(), { facility: 'r2-a' });
  assert.equal((await send(dispatcher, url(diverted.id), { events: [{ type: 'destination', at: ago(2), payload: { facilityId: 'r2-b' } }] })).status, 200);
  const there = await send(deskB, url(diverted.id), { events: [arrival('r2-b', planned)] });
  assert.equal(there.status, 200, JSON.stringify(there.body));
});
