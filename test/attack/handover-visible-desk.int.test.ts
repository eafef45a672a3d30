// Session 28: a code carried by a desk that sees the casualty already. The door read an arrival's hand-over code only
// when the casualty was outside the desk's scope (SYNC-22 admits it by the code); a desk that saw it — the casualty on
// its way there, set by a dispatcher — stored any code unread: its own device's forgery, another casualty's, a
// tampered one, a copy of one received at another facility (SYNC-23), all kept in the arrival's payload as if the
// medic had handed the casualty over. Now every code an arrival carries is verified as SYNC-22 has it, whoever sends
// it: a code that does not hold is refused (403, saying why) and nothing is stored; the desk records its arrival
// without a code, which it may (the casualty is on its way there). A genuine code is kept, and holds its reception
// (SYNC-24) as one admitted so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromQrText, toQrText } from '../../src/interop/handover/code.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';
import { ago, handoverScene } from '../support/handover.ts';

const tampered = (text: string): string => {
  const bytes = fromQrText(text);
  bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
  return toQrText(bytes);
};

for (const db of ['sqlite', 'postgres'] as const)
test(`SYNC-22 a desk that sees the casualty cannot store a code that does not hold (${db})`, async () => {
  const t = await authTestAppOn(db);
  const { send, get, signer, casualty, arrival } = handoverScene(t);
  const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const dispatcher = await createUserAndLogin(t, 'dispatcher', { units: ['a-coy'] });
  const clerk = await createUserAndLogin(t, 'facility', { facilities: ['r2-a'] });
  const other = await createUserAndLogin(t, 'facility', { facilities: ['r2-b'] });
  const medicKey = await signer(medic);
  const clerkKey = await signer(clerk);
  /** A casualty of the medic's on its way to r2-a, so the r2-a desk sees it without a code. */
  const onTheWay = async () => {
    const c = await casualty(medic, 'a-coy');
    assert.equal((await send(dispatcher, `/api/casualties/${c.id}/events`, { events: [{ type: 'destination', at: ago(2), payload: { facilityId: 'r2-a' } }] })).status, 200);
    assert.equal((await get(clerk, `/api/casualties/${c.id}`)).status, 200);
    return c;
  };
  const arrive = (cid: string, code?: string) => send(clerk, `/api/casualties/${cid}/events`, { events: [arrival('r2-a', code)] });
  const said = (a: { status: number; body: { error?: { message: string } } }) => [a.status, a.body.error?.message];

  const c = await onTheWay();
  const stored = (await t.store.eventsOf(c.id)).length;
  const another = await casualty(medic, 'a-coy');
  const bad: [string, string][] = [
    [await clerkKey.code(c.id, c.log), 'the hand-over code is not signed by anyone who wrote to this casualty'],
    [await medicKey.code(another.id, another.log), 'the hand-over code is of another casualty'],
    [tampered(await medicKey.code(c.id, c.log)), 'the hand-over code\'s signature does not verify'],
    [await medicKey.code(c.id, c.log, Date.now() - 73 * 3_600_000), 'the hand-over code was made more than 72 h ago'],
    ['GH:00', 'the hand-over code cannot be read'],
  ];
  for (const [code, why] of bad) assert.deepEqual(said(await arrive(c.id, code)), [403, `events.0: ${why}`], why);
  assert.equal((await t.store.eventsOf(c.id)).length, stored, 'nothing stored');

  // A code received at another facility first (its desk admitted by it), then shown here: refused, saying where.
  const d = await onTheWay();
  const code = await medicKey.code(d.id, d.log);
  assert.equal((await send(other, `/api/casualties/${d.id}/events`, { events: [arrival('r2-b', code)] })).status, 200);
  assert.deepEqual(said(await arrive(d.id, code)), [403, 'events.0: the hand-over code was already received at r2-b']);

  // The controls: the arrival without a code; a genuine code, kept, holding its reception against another desk.
  assert.equal((await arrive(c.id)).status, 200);
  const e = await onTheWay();
  const genuine = await medicKey.code(e.id, e.log);
  const arrived = arrival('r2-a', genuine);
  const ok = await send(clerk, `/api/casualties/${e.id}/events`, { events: [arrived] });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  const resent = await send(clerk, `/api/casualties/${e.id}/events`, { events: [arrived] });
  assert.deepEqual([resent.status, (resent.body.results as { duplicate: boolean }[])[0]?.duplicate], [200, true], 'a re-sent arrival is a duplicate');
  assert.deepEqual(said(await send(other, `/api/casualties/${e.id}/events`, { events: [arrival('r2-b', genuine)] })), [403, 'events.0: the hand-over code was already received at r2-a']);
});
