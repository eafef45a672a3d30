// analyst live (session 22's attack review): the analyst's de-identified figures were cached per state of the log, so
// an analyst polling `?unit=a-coy` saw each casualty of the unit counted the minute it was recorded (and, through
// `byOutcome`, each death), while `generatedAt` named the hour. Now every analyst figure is answered as of the start
// of the hour (what was received before it): the same answer for any filter all hour, whatever is written meanwhile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../core/index.ts';
import { authTestAppOn, createUserAndLogin } from '../../test/support/auth.ts';
import { recordCasualty, recordOutcome } from '../../test/support/accounting.ts';

const HOUR = '2026-03-05T10:00:00.000Z';
const at = (min: number): string => new Date(Date.parse(HOUR) + min * 60_000).toISOString();

for (const db of ['sqlite', 'postgres'] as const)
test(`an analyst's figures do not move within the hour, for any filter (${db})`, async () => {
  let clock = at(-30);
  const t = await authTestAppOn(db, { now: () => clock });
  const admin = await createUserAndLogin(t, 'admin');
  const analyst = await createUserAndLogin(t, 'analyst');
  // Before the hour: six casualties of a-coy, one killed in action.
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) ids.push(await recordCasualty(t, admin, at(-50 - i)));
  await recordOutcome(t, admin, ids[0]!, at(-40), 'killed-in-action');
  const inc = uuidv7();
  const declared = await t.app.inject({ method: 'POST', url: `/api/incidents/${inc}/events`, headers: admin.headers, payload: { events: [{ type: 'incident.declared', at: at(-45), payload: { kind: 'strike', position: { lat: 48.601234, lon: 38.004321 }, radiusM: 250, unitId: 'a-coy', name: 'School 12' } }] } });
  assert.equal(declared.statusCode, 200, declared.body);
  const link = (id: string) => t.app.inject({ method: 'POST', url: `/api/casualties/${id}/events`, headers: admin.headers, payload: { events: [{ type: 'incident.linked', at: clock, payload: { incidentId: inc } }] } });
  for (const id of ids) assert.equal((await link(id)).statusCode, 200);

  const get = async (url: string) => {
    const r = await t.app.inject({ method: 'GET', url, headers: analyst.headers });
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as Record<string, unknown> & { generatedAt: string; deidentified: { casualties: unknown } };
  };
  const filters = ['/api/accounting/recorded?unit=a-coy', '/api/accounting/recorded', '/api/accounting/recorded?unit=a-coy&status=military'];
  clock = at(5);
  const first = await get(filters[0]!);
  assert.equal(first.deidentified.casualties, 6);
  assert.equal(first.generatedAt, '2026-03-05T10:00:00Z', 'generatedAt names the instant the figures are as of');
  const incident = async () => (await get(`/api/incidents/${inc}/recorded`)) as unknown as { counts: { casualties: unknown; killedAtScene: unknown }; window: { radiusM: number; from: string } };
  const incBefore = await incident();
  assert.equal(incBefore.counts.casualties, 6);
  const answers = await Promise.all(filters.map(get));

  // Within the hour: three casualties of a-coy recorded, linked to the incident; three killed, three died of wounds.
  for (const min of [10, 20, 30]) {
    clock = at(min);
    const id = await recordCasualty(t, admin, at(min - 5));
    assert.equal((await link(id)).statusCode, 200);
    await recordOutcome(t, admin, ids[min / 10]!, clock, 'killed-in-action');
    await recordOutcome(t, admin, min === 30 ? id : ids[min / 10 + 3]!, clock, 'died-of-wounds');
    clock = at(min + 1);
    assert.deepEqual(await Promise.all(filters.map(get)), answers, `the figures moved with the writes at 10:${min}`);
    // A new filter each poll is no fresh read: it is summed from the same hour's figures.
    assert.deepEqual(await get(`${filters[0]}&to=2099-01-${String(min / 10).padStart(2, '0')}`), first, 'a new filter read the live figures');
    assert.deepEqual((await incident()).counts, incBefore.counts, 'the incident\'s counts moved');
  }
  // The next hour: everything received before it.
  clock = at(61);
  const next = await get(filters[0]!);
  assert.equal(next.deidentified.casualties, 9);
  assert.equal(next.generatedAt, '2026-03-05T11:00:00Z');
  assert.equal((await incident()).counts.casualties, 9);
  assert.equal((await incident()).counts.killedAtScene, '<5', 'four killed: one before the hour, three within it');
});

for (const db of ['sqlite', 'postgres'] as const)
test(`an analyst reads an incident's window by cell and day, not its exact place, radius and times (${db})`, async () => {
  let clock = at(-30);
  const t = await authTestAppOn(db, { now: () => clock });
  const admin = await createUserAndLogin(t, 'admin');
  const analyst = await createUserAndLogin(t, 'analyst');
  const inc = uuidv7();
  const declared = await t.app.inject({ method: 'POST', url: `/api/incidents/${inc}/events`, headers: admin.headers, payload: { events: [{ type: 'incident.declared', at: at(-45), payload: { kind: 'strike', position: { lat: 48.601234, lon: 38.004321 }, radiusM: 250, unitId: 'a-coy', name: 'School 12' } }] } });
  assert.equal(declared.statusCode, 200, declared.body);
  clock = at(90);
  const r = await t.app.inject({ method: 'GET', url: `/api/incidents/${inc}/recorded`, headers: analyst.headers });
  assert.equal(r.statusCode, 200, r.body);
  const body = r.json() as { incident: { declaredAt: string | null }; window: { lat: number; lon: number; radiusM: number; from: string; to: string } };
  assert.deepEqual(body.window, { lat: 48.6, lon: 38, radiusM: 2000, from: '2026-03-05T00:00:00.000Z', to: '2026-03-05T23:59:59.999Z' });
  assert.equal(body.incident.declaredAt, '2026-03-05T00:00:00.000Z', 'declared: the day only');
  const a = await t.app.inject({ method: 'GET', url: `/api/incidents/${inc}/recorded`, headers: admin.headers });
  assert.equal((a.json() as typeof body).window.radiusM, 250, 'those who see casualties read the incident as it is');
});
