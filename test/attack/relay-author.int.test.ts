// SYNC-17 as an attacker at a facility desk would try it: make the server store as a medic's something the medic's
// phone did not sign, by sending it with a hand-over code (`handovers`). Only a record the code signs, with the same id
// and the same content (casualty, type, time, payload), takes the code's author and device; anything else in the batch
// stays the desk's, as before: a record of its own beside the relayed ones, a signed id with another payload or time,
// a code the desk signed itself claiming the medic as its author or the medic's device as its signer, a tampered
// code, another casualty's code, an unreadable text. None of these is refused (the records are the desk's, which it
// may write); an event naming the medic as its author is refused as before (403).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import type { StoredEvent } from '../../src/core/index.ts';
import { fromQrText, toQrText } from '../../src/interop/handover/code.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';
import { ago, copiesOf, handoverScene, offlineCasualty } from '../support/handover.ts';

const tampered = (text: string): string => {
  const bytes = fromQrText(text);
  bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
  return toQrText(bytes);
};

for (const db of ['sqlite', 'postgres'] as const)
test(`SYNC-17 a desk cannot attribute to a medic anything the medic's phone did not sign (${db})`, async () => {
  const t = await authTestAppOn(db);
  const { send, signer } = handoverScene(t);
  const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const clerk = await createUserAndLogin(t, 'facility', { facilities: ['r2-a'] });
  const phone = await signer(medic);
  const desk = await signer(clerk);
  /** Sends `events` of casualty `id` as the clerk with these codes; answers each stored event's type and author. */
  const relay = async (id: string, events: object[], handovers: string[]) => {
    const r = await send(clerk, `/api/casualties/${id}/events`, { events, handovers });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return (await t.store.eventsOf(id)).map((e) => [e.type, e.author === medic.username ? 'medic' : e.author === clerk.username ? 'desk' : e.author]);
  };
  const signed = async () => {
    const c = offlineCasualty(medic, phone.device);
    return { ...c, code: await phone.code(c.id, c.log) };
  };

  // A record of the desk's own beside the relayed ones: the desk's.
  let c = await signed();
  const own = { id: uuidv7(), type: 'note', at: ago(1), payload: { text: 'dressing checked at the desk' } };
  assert.deepEqual(await relay(c.id, [...copiesOf(c.log), own], [c.code]), [['registered', 'medic'], ['tourniquet.applied', 'medic'], ['note', 'medic'], ['note', 'desk']]);

  // A signed id with another payload, or another time: the desk's (and the medic's own upload is then refused as
  // other content under its id, as any writer re-using an id is).
  c = await signed();
  const [reg, tq, note] = copiesOf(c.log) as [ReturnType<typeof copiesOf>[number], ReturnType<typeof copiesOf>[number], ReturnType<typeof copiesOf>[number]];
  const otherLimb = { ...tq, payload: { limb: 'right-leg', tqType: 'CAT' } };
  const otherTime = { ...note, at: ago(3), clock: { deviceAt: ago(3), offsetMs: 0, by: 'device' } };
  assert.deepEqual(await relay(c.id, [reg, otherLimb, otherTime], [c.code]), [['registered', 'medic'], ['tourniquet.applied', 'desk'], ['note', 'desk']]);

  // Codes that do not prove the medic's phone signed these records: all the desk's.
  const forged: [string, (x: Awaited<ReturnType<typeof signed>>) => Promise<string>][] = [
    ['signed by the desk, claiming the medic as author', (x) => desk.code(x.id, x.log, Date.now(), { author: medic.username })],
    ['signed by the desk, claiming the medic\'s device', (x) => desk.code(x.id, x.log, Date.now(), { author: medic.username, signer: phone.device })],
    ['tampered', async (x) => tampered(x.code)],
    ['another casualty\'s', async () => (await signed()).code],
    ['unreadable', async () => 'GH:00000000'],
  ];
  for (const [why, make] of forged) {
    c = await signed();
    const code = await make(c);
    assert.deepEqual(await relay(c.id, copiesOf(c.log), [code]), c.log.map((e) => [e.type, 'desk']), why);
  }

  // Naming the medic as the author is refused, as before: the server takes a writer's own identity only.
  c = await signed();
  const named = await send(clerk, `/api/casualties/${c.id}/events`, { events: c.log.map(({ seq: _s, receivedAt: _r, ...e }: StoredEvent) => e), handovers: [c.code] });
  assert.equal(named.status, 403, JSON.stringify(named.body));
  assert.deepEqual(await t.store.eventsOf(c.id), []);
});
