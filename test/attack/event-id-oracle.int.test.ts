// Session 28: an event id outside the writer's scope does not exist for it. A void or an amend names its target by
// event id; the door answered 400 ("unknown event of this casualty") for a target stored in a casualty the writer
// cannot see and 404 ("correction target not here (yet)") for an id stored nowhere, so a medic probing from its own
// casualty learnt whether an id it held was a real event of another unit. Now a target in a stream hidden from the
// writer is answered as one stored nowhere, by every door (the casualty's events and the sync push) and for a target
// sent to the writer's own casualty, to a hidden casualty or to an unknown one; a target in a stream the writer does
// see is still refused as another casualty's (400: it will never become this one's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';
import { ago, handoverScene } from '../support/handover.ts';
import type { Answer, Who } from '../support/handover.ts';

for (const db of ['sqlite', 'postgres'] as const)
test(`an event id outside the writer's scope answers as one stored nowhere (${db})`, async () => {
  const t = await authTestAppOn(db);
  const { send, casualty } = handoverScene(t);
  const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const stranger = await createUserAndLogin(t, 'medic', { units: ['b-coy'] });
  const mine = await casualty(medic, 'a-coy');
  const alsoMine = await casualty(medic, 'a-coy');
  const theirs = await casualty(stranger, 'b-coy');
  const theirNote = theirs.log.find((e) => e.type === 'note')!.id;
  const myOtherNote = alsoMine.log.find((e) => e.type === 'note')!.id;
  const said = (a: Answer, ...ids: string[]) => [a.status, ids.reduce((m, id, i) => m?.replaceAll(id, `<${i}>`), a.body.error?.message)];
  const correction = (kind: 'void' | 'amend', target: string) =>
    kind === 'void'
      ? { id: uuidv7(), type: 'void', at: ago(0), payload: { target, reason: 'wrong casualty' } }
      : { id: uuidv7(), type: 'amend', at: ago(0), payload: { target, changes: { text: 'x' }, reason: 'typo' } };
  const byEvents = (who: Who, cid: string, e: object) => send(who, `/api/casualties/${cid}/events`, { events: [e] });
  const byPush = (who: Who, cid: string, e: object) => send(who, '/api/sync/push', { events: [{ ...e, casualtyId: cid }] });

  for (const door of [byEvents, byPush])
    for (const kind of ['void', 'amend'] as const)
      for (const cid of [mine.id, theirs.id, uuidv7()]) {
        const guessed = uuidv7();
        const real = said(await door(medic, cid, correction(kind, theirNote)), cid, theirNote);
        const none = said(await door(medic, cid, correction(kind, guessed)), cid, guessed);
        assert.deepEqual(real, none, `${door.name} ${kind} sent to ${cid === mine.id ? 'its own' : cid === theirs.id ? 'a hidden' : 'an unknown'} casualty`);
      }
  // A target the medic sees, of another casualty: refused as that (it will never be this casualty's).
  const r = await byEvents(medic, mine.id, correction('void', myOtherNote));
  assert.deepEqual(said(r), [400, 'invalid event batch: events.0.payload.target: unknown event of this casualty']);
  // Nothing was voided or amended anywhere.
  assert.equal((await t.store.eventsOf(theirs.id)).length, theirs.log.length);
  assert.equal((await t.store.eventsOf(mine.id)).length, mine.log.length);
});
