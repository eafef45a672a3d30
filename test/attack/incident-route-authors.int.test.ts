// An incident route's answer named a hidden casualty's writers (session 29's attack review, low). POST
// /api/incidents/:id/events takes voids as well as incident events, and a void goes through the door as a casualty's
// event: a batch of voids already stored in a casualty's log outside the writer's scope is acknowledged as a duplicate
// (SYNC-1, storing nothing, as the casualty routes do). The route then answered `incident` folded from that stream's
// whole log, unscoped: its `authors` named everyone who wrote to the casualty — usernames and device ids, of every
// unit — and, re-sent, each new one as they wrote. A medic moved to another unit (or a desk whose casualty was
// diverted) holds such a void from when it saw the card. Now the answer's incident is read in the caller's scope.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';

type Who = { username: string; headers: { authorization: string } };

for (const db of ['sqlite', 'postgres'] as const)
  test(`the incident route does not name a hidden casualty's writers (${db})`, async () => {
    const t = await authTestAppOn(db);
    const admin = await createUserAndLogin(t, 'admin');
    const author = await createUserAndLogin(t, 'medic', { units: ['bde-3'] });
    const moved = await createUserAndLogin(t, 'medic', { units: ['bde-3'] });
    const later = await createUserAndLogin(t, 'medic', { units: ['bde-3'] });
    const post = (who: Who, url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: who.headers, payload });
    const id = uuidv7();
    const at = new Date(Date.now() - 600_000).toISOString();
    assert.equal((await post(author, '/api/casualties', { id, injuredAt: at, unitId: 'bde-3', position: { lat: 48.6, lon: 37.9 } })).statusCode, 201);
    const note = uuidv7();
    assert.equal((await post(author, `/api/casualties/${id}/events`, { events: [{ id: note, type: 'note', at, payload: { text: 'left leg' } }] })).statusCode, 200);
    const voided = await post(author, `/api/casualties/${id}/events`, { events: [{ type: 'void', at: new Date().toISOString(), payload: { target: note, reason: 'wrong card' } }] });
    assert.equal(voided.statusCode, 200, voided.body);
    // The colleague reads the card while in the unit, then is moved to another: the casualty no longer exists for them.
    const card = await t.app.inject({ method: 'GET', url: `/api/casualties/${id}`, headers: moved.headers });
    const { seq: _seq, receivedAt: _at, ...held } = (card.json() as { events: Record<string, unknown>[] }).events.find((e) => e.type === 'void')!;
    const edit = await t.app.inject({ method: 'PATCH', url: `/api/users/${moved.username}`, headers: admin.headers, payload: { units: ['bde-7'] } });
    assert.equal(edit.statusCode, 200, edit.body);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/casualties/${id}`, headers: moved.headers })).statusCode, 404);
    // Someone new writes to it, then the moved medic re-sends the void it holds, to the incident route.
    assert.equal((await post(later, `/api/casualties/${id}/events`, { events: [{ type: 'note', at: new Date().toISOString(), payload: { text: 'moved to R2' } }] })).statusCode, 200);
    const r = await post(moved, `/api/incidents/${id}/events`, { events: [held] });
    assert.equal(r.statusCode, 200, r.body); // a duplicate, whoever sends it (SYNC-1): stored nothing
    const body = r.json() as { accepted: number; incident: { authors: string[]; declared: boolean } };
    assert.equal(body.accepted, 0);
    assert.deepEqual(body.incident.authors, [], 'no writer of the hidden casualty is named');
    assert.equal(body.incident.declared, false);
    for (const name of [author.username, later.username]) assert.ok(!r.body.includes(name), `${name} is not in the answer`);
    assert.ok(!r.body.includes('device:'), 'no device id of its writers');
  });
