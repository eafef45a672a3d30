// SYNC-23 as an attacker at another facility would try it: a hand-over code names no receiver, so for 72 h staff of
// any facility holding it (a photo of the QR, a colleague's copy) could record the casualty's arrival at their own
// facility and read what follows. A code admits once: after an arrival by it is stored at one facility, the same
// code — or the same signed body with its signature re-encoded (ECDSA's s and n − s both verify) — is refused for an
// arrival anywhere else (403 naming where it was received). Before, every facility's desk was admitted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromQrText, SIGNATURE_BYTES, toQrText } from '../../src/interop/handover/code.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';
import { handoverScene } from '../support/handover.ts';

/** The same code with its signature's s replaced by n − s (P-256): a second text that verifies as well. */
const malleated = (text: string): string => {
  const bytes = fromQrText(text);
  const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
  const at = bytes.length - SIGNATURE_BYTES / 2;
  const s = BigInt(`0x${Buffer.from(bytes.subarray(at)).toString('hex')}`);
  bytes.set(Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex'), at);
  return toQrText(bytes);
};

for (const db of ['sqlite', 'postgres'] as const)
test(`SYNC-23 a hand-over code admits one facility: a second facility's desk holding it is refused (${db})`, async () => {
  const t = await authTestAppOn(db);
  const { send, get, signer, casualty, arrival } = handoverScene(t);
  const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const deskA = await createUserAndLogin(t, 'facility', { facilities: ['r2-a'] });
  const deskB = await createUserAndLogin(t, 'facility', { facilities: ['r2-b'] });
  const { id, log } = await casualty(medic, 'a-coy');
  const code = await (await signer(medic)).code(id, log);
  const copy = malleated(code);
  assert.notEqual(copy, code);

  // The receiving desk records the arrival: admitted.
  const ok = await send(deskA, `/api/casualties/${id}/events`, { events: [arrival('r2-a', code)] });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  // Another facility's desk with the same code, or with its re-encoded signature: refused, nothing stored.
  const used = 'events.0: the hand-over code was already received at r2-a';
  for (const c of [code, copy]) {
    const r = await send(deskB, `/api/casualties/${id}/events`, { events: [arrival('r2-b', c)] });
    assert.deepEqual([r.status, r.body.error?.message], [403, used]);
  }
  assert.equal((await get(deskB, `/api/casualties/${id}`)).status, 404);
  assert.equal((await t.store.eventsOf(id)).filter((e) => e.type === 'arrival').length, 1);
  // The receiving desk goes on as before (it sees the casualty; a re-send is a duplicate).
  assert.equal((await get(deskA, `/api/casualties/${id}`)).status, 200);

  // A second code of the same casualty, made by the medic for the second facility, admits it there: one use per code.
  const second = await (await signer(medic)).code(id, log);
  const r = await send(deskB, `/api/casualties/${id}/events`, { events: [arrival('r2-b', second)] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal((await get(deskB, `/api/casualties/${id}`)).status, 200);
});

// The same, with both desks sending at once (a photo of the code sent the moment the real desk sends): one facility is
// admitted, the other refused. Before, both were decided on the log as read before either stored its arrival: both
// admitted in 20 of 20 pairs on SQLite and 9 of 20 on PostgreSQL.
for (const db of ['sqlite', 'postgres'] as const)
test(`SYNC-23 two facilities' desks sending one code's arrival at once: one is admitted (${db})`, async () => {
  const t = await authTestAppOn(db);
  const { send, signer, casualty, arrival } = handoverScene(t);
  const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const desks = [await createUserAndLogin(t, 'facility', { facilities: ['r2-a'] }), await createUserAndLogin(t, 'facility', { facilities: ['r2-b'] })] as const;
  const phone = await signer(medic);
  const pairs = await Promise.all(Array.from({ length: 10 }, async () => {
    const { id, log } = await casualty(medic, 'a-coy');
    const code = await phone.code(id, log);
    return Promise.all(desks.map((d, i) => send(d, `/api/casualties/${id}/events`, { events: [arrival(['r2-a', 'r2-b'][i]!, code)] })));
  }));
  for (const answers of pairs) assert.deepEqual(answers.map((a) => a.status).sort(), [200, 403], JSON.stringify(answers.map((a) => a.body.error?.message)));
});
