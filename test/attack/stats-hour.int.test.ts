// /api/stats by the first request (session 23's attack review, low): the statistics were held for the hour they name
// but computed at the hour's first request in each process, so the caller chose that instant — the last second of one
// hour, then the first of the next: a write timed to the second showed — and two API processes on one PostgreSQL
// answered differently within the hour. Now they are counted as of the hour's start (what was received before it), in
// every scope: a function of the data, the same in every process whenever it is first asked.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { uuidv7 } from '../../src/core/index.ts';
import { TEST_PASSWORD, authTestApp, authTestAppOn, createUserAndLogin } from '../support/auth.ts';
import { startPostgres } from '../support/postgres.ts';

const HOUR = Date.parse('2026-03-05T10:00:00.000Z');
/** Minutes (and seconds) from 10:00. */
const at = (min: number, sec = 0): string => new Date(HOUR + min * 60_000 + sec * 1000).toISOString();
type Caller = { headers: { authorization: string } };
type Stats = { generatedAt: string; casualties: unknown; byOutcome: Record<string, unknown>; medianMinutesInjuryToArrival: number | null };

async function record(t: { app: FastifyInstance }, admin: Caller, injuredAt: string, unitId = 'a-coy'): Promise<string> {
  const id = uuidv7();
  const r = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: admin.headers, payload: { id, injuredAt, unitId } });
  assert.equal(r.statusCode, 201, r.body);
  return id;
}
async function append(t: { app: FastifyInstance }, admin: Caller, id: string, type: string, at: string, payload: object): Promise<void> {
  const r = await t.app.inject({ method: 'POST', url: `/api/casualties/${id}/events`, headers: admin.headers, payload: { events: [{ id: uuidv7(), type, at, payload }] } });
  assert.equal(r.statusCode, 200, r.body);
}
async function stats(t: { app: FastifyInstance }, who: Caller): Promise<Stats> {
  const r = await t.app.inject({ method: 'GET', url: '/api/stats', headers: who.headers });
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as Stats;
}

for (const db of ['sqlite', 'postgres'] as const)
test(`/api/stats is as of the hour's start however late in it first asked (${db})`, async () => {
  let clock = at(-50);
  const t = await authTestAppOn(db, { now: () => clock });
  const admin = await createUserAndLogin(t, 'admin');
  const analyst = await createUserAndLogin(t, 'analyst');
  const commander = await createUserAndLogin(t, 'commander', { units: ['a-coy'] });
  for (let i = 0; i < 6; i++) await record(t, admin, at(-60 - i));
  // Within the hour, before anyone asks: a seventh casualty.
  clock = at(30);
  await record(t, admin, at(25));
  // The hour's first request, at its last second: as of 10:00, not of 10:59:59.
  clock = at(59, 59);
  for (const who of [analyst, commander, admin]) {
    const s = await stats(t, who);
    assert.equal(s.generatedAt, '2026-03-05T10:00:00Z');
    assert.equal(s.casualties, 6, 'the hour first asked at its last second counted what was written within it');
  }
  // A write a second later, and one at the next hour's first instant: the first shows at 11:00, the second at 12:00.
  clock = at(59, 59.5);
  await record(t, admin, at(59));
  clock = at(60);
  await record(t, admin, at(59));
  for (const who of [analyst, commander, admin]) {
    const s = await stats(t, who);
    assert.equal(s.generatedAt, '2026-03-05T11:00:00Z');
    assert.equal(s.casualties, 8, 'a write at the hour\'s first instant showed in that hour');
  }
  clock = at(119, 59);
  assert.equal((await stats(t, analyst)).casualties, 8);
  clock = at(120);
  assert.equal((await stats(t, analyst)).casualties, 9);
});

test('two API processes on one PostgreSQL give the same /api/stats within the hour, whenever each is first asked', async () => {
  const pg = await startPostgres({ fsyncOff: true });
  let clock = at(-50);
  const now = () => clock;
  const a = await authTestApp({ databaseUrl: pg.url, now });
  const b = await authTestApp({ databaseUrl: pg.url, now });
  after(async () => {
    await a.close();
    await b.close();
    await pg.stop();
  });
  const admin = await createUserAndLogin(a, 'admin');
  const users = [await createUserAndLogin(a, 'analyst'), await createUserAndLogin(a, 'commander', { units: ['a-coy'] }), admin];
  const onB = async (u: { username: string }): Promise<Caller> => {
    const r = await b.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: TEST_PASSWORD } });
    assert.equal(r.statusCode, 200, r.body);
    return { headers: { authorization: `Bearer ${(r.json() as { token: string }).token}` } };
  };
  // Before the hour: six casualties of a-coy and six of b-coy, each arrived at a facility 30–80 minutes after injury.
  const ids: string[] = [];
  for (const unit of ['a-coy', 'b-coy'])
    for (let i = 0; i < 6; i++) {
      const id = await record(a, admin, at(-120), unit);
      await append(a, admin, id, 'arrival', at(-120 + 30 + 10 * i), { facilityId: 'role2-north' });
      ids.push(id);
    }
  // Process A is asked at 10:00:00 exactly: nothing yet written within the hour, its answer is the hour's.
  clock = at(0);
  const reference = [];
  for (const u of users) reference.push(await stats(a, u));
  assert.equal(reference[0]!.casualties, 12);
  assert.equal(reference[1]!.casualties, 6, 'the commander of a-coy counts a-coy\'s');
  assert.equal(reference[0]!.medianMinutesInjuryToArrival, 55);
  // Within the hour: five killed (a cell of 5), three new casualties arrived 5 minutes after injury (the median
  // moves), a triage, a b-coy casualty moved to a-coy (the commander's scope as of the hour).
  clock = at(20);
  for (const id of ids.slice(0, 5)) await append(a, admin, id, 'outcome', at(19), { outcome: 'killed-in-action' });
  for (let i = 0; i < 3; i++) {
    const id = await record(a, admin, at(10));
    await append(a, admin, id, 'arrival', at(15), { facilityId: 'role2-north' });
  }
  await append(a, admin, ids[6]!, 'triage', at(19), { triage: { system: 'NATO', category: 'T1' } });
  const card = async () => {
    const r = await a.app.inject({ method: 'GET', url: `/api/casualties/${ids[7]}`, headers: admin.headers });
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as { casualty: { unitId: string }; events: { id: string; type: string }[] };
  };
  await append(a, admin, ids[7]!, 'amend', at(19), { target: (await card()).events.find((e) => e.type === 'registered')!.id, changes: { unitId: 'a-coy' } });
  assert.equal((await card()).casualty.unitId, 'a-coy', 'the amendment moved the casualty');
  // Process B is first asked at 10:45, process A again: both answer the hour's figures.
  clock = at(45);
  for (const [i, u] of users.entries()) {
    assert.deepEqual(await stats(b, await onB(u)), reference[i], `process B, first asked at 10:45, answered otherwise (${i})`);
    assert.deepEqual(await stats(a, u), reference[i], `process A moved within the hour (${i})`);
  }
  // The next hour, in either process: everything received before it.
  clock = at(60);
  const next = await stats(b, await onB(users[0]!));
  assert.equal(next.casualties, 15);
  assert.equal(next.byOutcome['killed-in-action'], 5);
  assert.equal(next.medianMinutesInjuryToArrival, 50, 'three arrivals 5 minutes after injury move the median at the next hour');
  assert.deepEqual(await stats(a, users[0]!), next);
  assert.equal((await stats(a, users[1]!)).casualties, 10, 'a-coy\'s six, the three new and the one moved');
});
