// Session 27, attacking what session 26 changed: the medic's one-tap Undo (a `void` of the event just recorded), the
// hand-over receipts (SYNC-24), device keys and the last administrator, as a medic of another unit, a colleague, a
// facility desk and an administrator. What holds, asserted: an undo cannot retract an event of another casualty or of
// a casualty the medic does not see (that casualty does not exist for it), nor an arrival (the receiving facility's,
// SYNC-10), nor a colleague's entry without a reason; a receipt is held only by an admitted arrival; and no input here
// answers 5xx or in another shape, on either database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';
import { ago, handoverScene } from '../support/handover.ts';
import type { Answer, Who } from '../support/handover.ts';

for (const db of ['sqlite', 'postgres'] as const)
test(`an undo retracts only what its medic may, and odd undos, codes and keys answer 4xx in one shape (${db})`, async () => {
  const t = await authTestAppOn(db);
  const { send, get, signer, casualty, arrival } = handoverScene(t);
  const admin = await createUserAndLogin(t, 'admin');
  const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const colleague = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const stranger = await createUserAndLogin(t, 'medic', { units: ['b-coy'] });
  const clerk = await createUserAndLogin(t, 'facility', { facilities: ['r2-a'] });
  const answers: Answer[] = [];
  const post = async (who: Who, url: string, payload: object): Promise<Answer> => {
    const a = await send(who, url, payload);
    answers.push(a);
    return a;
  };
  const undo = (who: Who, cid: string, target: unknown, extra: object = {}) =>
    post(who, `/api/casualties/${cid}/events`, { events: [{ id: uuidv7(), type: 'void', at: ago(0), payload: { target, reason: 'tapped in error', ...extra } }] });
  const said = (a: Answer) => [a.status, a.body.error?.message];

  const mine = await casualty(medic, 'a-coy');
  const theirs = await casualty(stranger, 'b-coy');
  const note = mine.log.find((e) => e.type === 'note')!;
  const registered = mine.log.find((e) => e.type === 'registered')!;
  const theirNote = theirs.log.find((e) => e.type === 'note')!;

  // Another unit's casualty does not exist for the medic: an undo of its event there is answered as the same undo sent
  // to an unknown casualty (the event is not that casualty's), and voids nothing.
  const guessed = uuidv7();
  const hiddenSaid = said(await undo(medic, theirs.id, theirNote.id));
  assert.deepEqual(hiddenSaid, said(await undo(medic, guessed, theirNote.id)));
  assert.equal(hiddenSaid[0], 404);
  // Its event named from the medic's own casualty is an event stored nowhere for the medic (session 28: it was a 400
  // where a made-up id is a 404, test/attack/event-id-oracle.int.test.ts): refused, nothing voided there.
  assert.deepEqual(said(await undo(medic, mine.id, theirNote.id)), said(await undo(medic, mine.id, uuidv7())));
  assert.equal((await t.store.eventsOf(theirs.id)).length, theirs.log.length);
  // A colleague's entry of the same unit: only with a reason (by design: shown beside the original, its author named;
  // the Undo's fixed reason is one); the registration never; a void never.
  assert.equal((await undo(colleague, mine.id, note.id, { reason: ' ' })).status, 400);
  assert.equal((await undo(colleague, mine.id, registered.id)).status, 400);
  const own = await undo(medic, mine.id, note.id);
  assert.equal(own.status, 200, JSON.stringify(own.body));
  const voidId = (await t.store.eventsOf(mine.id)).find((e) => e.type === 'void')!.id;
  assert.equal((await undo(medic, mine.id, voidId)).status, 400);

  // An arrival admitted by a code holds its receipt; the medic cannot undo it (the receiving facility's), the desk can,
  // and that frees the code (SYNC-24).
  const key = await signer(medic);
  const code = await key.code(mine.id, mine.log);
  const arrived = arrival('r2-a', code);
  assert.equal((await post(clerk, `/api/casualties/${mine.id}/events`, { events: [arrived] })).status, 200);
  assert.equal((await undo(medic, mine.id, arrived.id)).status, 403);
  assert.equal((await undo(clerk, mine.id, arrived.id)).status, 200);
  const receipts = await t.store.sql.all<{ n: number | string }>('SELECT COUNT(*) AS n FROM handover_receipts');
  assert.ok(Number(receipts[0]?.n) <= 1);

  // Odd undos, codes and keys: 4xx, never 5xx, every error in the one shape.
  const odd: unknown[] = ['', 'x', 'not-a-uuid', uuidv7(), 42, null, [note.id], { id: note.id }, note.id.toUpperCase(), `${note.id} `, '\u0000', '\ud800', 'a'.repeat(5000)];
  for (const target of odd) {
    await undo(medic, mine.id, target);
    await undo(medic, mine.id, note.id, { reason: target });
  }
  await undo(medic, mine.id, note.id, { reason: 'r'.repeat(100_000) });
  await undo(medic, mine.id, note.id, { reason: 'x', extra: 1 });
  const handovers: unknown[] = ['', 'GH:', 'GH:00', `GH:${'A'.repeat(5000)}`, code.toLowerCase(), `${code} `, code.slice(0, -4), `${code}${code}`, 'ГХ:', 42, null, {}, [code]];
  for (const h of handovers) {
    await post(clerk, `/api/casualties/${mine.id}/events`, { events: [{ ...arrival('r2-a'), payload: { facilityId: 'r2-a', handover: h } }] });
    await post(clerk, `/api/casualties/${uuidv7()}/events`, { events: [{ ...arrival('r2-a'), payload: { facilityId: 'r2-a', handover: h } }] });
  }
  for (const publicKey of ['', 'A'.repeat(40), 'A'.repeat(401), '////'.repeat(20), `${'A'.repeat(60)}===`, 42, null])
    await post(stranger, '/api/device-keys', { publicKey });
  // A garbage key registered (base64 of the right length, no key): a code naming its device does not verify (403).
  const garbage = await post(colleague, '/api/device-keys', { publicKey: 'A'.repeat(88) });
  assert.equal(garbage.status, 201);
  const forged = await signer(clerk);
  const unseen = await casualty(medic, 'a-coy');
  const byGarbage = await forged.code(unseen.id, unseen.log, Date.now(), { signer: (garbage.body.item as { id: string }).id });
  assert.deepEqual(said(await post(clerk, `/api/casualties/${unseen.id}/events`, { events: [arrival('r2-a', byGarbage)] })), [403, 'events.0: the hand-over code\'s signature does not verify']);
  // The last administrator, by every door of an edit.
  for (const patch of [{ disabled: true }, { role: 'medic', units: ['a-coy'] }, { disabled: true, password: 'another long passphrase' }]) {
    const r = await t.app.inject({ method: 'PATCH', url: `/api/users/${admin.username}`, headers: admin.headers, payload: patch });
    answers.push({ status: r.statusCode, body: JSON.parse(r.body) as Answer['body'] });
    assert.equal(r.statusCode, 409);
  }
  assert.equal((await get(admin, '/api/users')).status, 200);

  const bad = answers.filter((a) => a.status >= 500 || (a.status >= 400 && typeof a.body.error?.message !== 'string'));
  assert.deepEqual(bad, []);
  assert.ok(answers.length >= 76, `${answers.length} requests`);
});
