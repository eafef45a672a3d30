// SYNC-24: two API processes on one PostgreSQL, a photo of the medic's code sent to the second the moment the real
// desk sends to the first. Each process took arrivals by code one at a time (SYNC-23), but only its own: both read the
// log before either stored its arrival, and both facilities were admitted. The code's reception is now a fact the
// database holds, written in the arrival's transaction: one facility is admitted, the other refused naming where the
// code was received, and exactly one arrival is stored. (SQLite cannot race so: its store holds the database file
// under a process lock, a second process cannot open it: src/storage/sqlite.int.test.ts.)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { readHandover } from '../../src/interop/handover/proof.ts';
import { authTestApp, authTestAppOn, createUserAndLogin } from '../support/auth.ts';
import { startPostgres } from '../support/postgres.ts';
import { ago, handoverScene } from '../support/handover.ts';

test('SYNC-24 two server processes on one PostgreSQL: a code admits one facility, the other desk is told where it was received', async () => {
  const pg = await startPostgres({ fsyncOff: true });
  const one = await authTestApp({ databaseUrl: pg.url });
  const two = await authTestApp({ databaseUrl: pg.url });
  after(async () => {
    await one.close();
    await two.close();
    await pg.stop();
  });
  const [a, b] = [handoverScene(one), handoverScene(two)];
  const medic = await createUserAndLogin(one, 'medic', { units: ['a-coy'] });
  const deskA = await createUserAndLogin(one, 'facility', { facilities: ['r2-a'] });
  const deskB = await createUserAndLogin(two, 'facility', { facilities: ['r2-b'] });
  const phone = await a.signer(medic);
  const both: string[] = [];
  for (let round = 0; round < 4; round++) {
    const rounds = await Promise.all(Array.from({ length: 6 }, async () => {
      const { id, log } = await a.casualty(medic, 'a-coy');
      const code = await phone.code(id, log);
      const answers = await Promise.all([
        a.send(deskA, `/api/casualties/${id}/events`, { events: [a.arrival('r2-a', code)] }),
        b.send(deskB, `/api/casualties/${id}/events`, { events: [b.arrival('r2-b', code)] }),
      ]);
      return { id, answers };
    }));
    for (const { id, answers } of rounds) {
      const arrivals = (await one.store.eventsOf(id)).filter((e) => e.type === 'arrival');
      if (answers.every((x) => x.status === 200)) both.push(id);
      else {
        assert.deepEqual(answers.map((x) => x.status).sort(), [200, 403], JSON.stringify(answers.map((x) => x.body)));
        const at = answers[0]!.status === 200 ? 'r2-a' : 'r2-b';
        const refused = answers.find((x) => x.status === 403)!;
        assert.equal(refused.body.error?.message, `events.0: the hand-over code was already received at ${at}`);
        assert.deepEqual(arrivals.map((e) => (e.payload as { facilityId: string }).facilityId), [at]);
      }
    }
  }
  assert.equal(both.length, 0, `both facilities admitted for ${both.length} of 24 codes`);
});

// The door's part: a batch whose code the database holds as received elsewhere (here planted, as another process's
// commit between this door's read and its append would leave it) is decided again from the database, and answered as
// SYNC-23 answers a second facility (403 naming where), nothing stored; writers whose batches share its transaction
// (PostgreSQL's group commit refuses the whole transaction) are decided again and stored.
for (const db of ['sqlite', 'postgres'] as const)
test(`SYNC-24 a code the database holds as received elsewhere: the desk is refused, other writers go on (${db})`, async () => {
  const t = await authTestAppOn(db);
  const { send, signer, casualty, arrival } = handoverScene(t);
  const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const desk = await createUserAndLogin(t, 'facility', { facilities: ['r2-b'] });
  const { id, log } = await casualty(medic, 'a-coy');
  const code = await (await signer(medic)).code(id, log);
  const held = await readHandover(code);
  await t.store.sql.run('INSERT INTO handover_receipts (code_id, casualty_id, facility_id, event_id) VALUES (?, ?, ?, ?)', [held.id, id, 'r2-a', uuidv7()]);
  const note = () => send(medic, `/api/casualties/${id}/events`, { events: [{ id: uuidv7(), type: 'note', at: ago(1), payload: { text: 'obs' } }] });
  const [refused, ...notes] = await Promise.all([send(desk, `/api/casualties/${id}/events`, { events: [arrival('r2-b', code)] }), note(), note(), note()]);
  assert.deepEqual([refused.status, refused.body.error?.message], [403, 'events.0: the hand-over code was already received at r2-a']);
  assert.deepEqual(notes.map((n) => n.status), [200, 200, 200]);
  assert.deepEqual((await t.store.eventsOf(id)).map((e) => e.type), ['registered', 'note', 'note', 'note', 'note']);
});
