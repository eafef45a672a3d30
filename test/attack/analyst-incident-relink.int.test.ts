// An analyst's incident counts as of the hour (session 25's attack review, low): GET /api/incidents/:id/recorded
// answers the analyst as of the hour's start, but took the incident's casualties as they are linked NOW and only then
// refolded them as of the hour — so a casualty linked to another incident (or its link voided) within the hour left
// the first incident's count at once, and an analyst polling it timed the change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';
import { recordCasualty } from '../support/accounting.ts';

const HOUR = '2026-03-05T10:00:00.000Z';
const at = (min: number): string => new Date(Date.parse(HOUR) + min * 60_000).toISOString();

for (const db of ['sqlite', 'postgres'] as const)
  test(`an analyst's incident counts do not move when a casualty is linked elsewhere within the hour (${db})`, async () => {
    let clock = at(-30);
    const t = await authTestAppOn(db, { now: () => clock });
    const admin = await createUserAndLogin(t, 'admin');
    const analyst = await createUserAndLogin(t, 'analyst');
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await recordCasualty(t, admin, at(-50 - i)));
    const declare = async (inc: string, name: string) => {
      const r = await t.app.inject({ method: 'POST', url: `/api/incidents/${inc}/events`, headers: admin.headers, payload: { events: [{ type: 'incident.declared', at: at(-45), payload: { kind: 'strike', position: { lat: 48.6, lon: 38.0 }, radiusM: 250, unitId: 'a-coy', name } }] } });
      assert.equal(r.statusCode, 200, r.body);
    };
    const x = uuidv7();
    const y = uuidv7();
    await declare(x, 'X');
    await declare(y, 'Y');
    const link = async (id: string, incidentId: string) => {
      const r = await t.app.inject({ method: 'POST', url: `/api/casualties/${id}/events`, headers: admin.headers, payload: { events: [{ type: 'incident.linked', at: clock, payload: { incidentId } }] } });
      assert.equal(r.statusCode, 200, r.body);
    };
    for (const id of ids) await link(id, x);
    const counts = async (inc: string) => {
      const r = await t.app.inject({ method: 'GET', url: `/api/incidents/${inc}/recorded`, headers: analyst.headers });
      assert.equal(r.statusCode, 200, r.body);
      return (r.json() as { counts: unknown }).counts;
    };
    clock = at(5);
    const before = { x: await counts(x), y: await counts(y) };
    assert.equal((before.x as { casualties: unknown }).casualties, 7);
    clock = at(6);
    await link(ids[0]!, y);
    await link(ids[1]!, y);
    clock = at(7);
    assert.deepEqual({ x: await counts(x), y: await counts(y) }, before, 'as of 10:00 whatever was linked since');
    clock = at(61);
    assert.equal(((await counts(x)) as { casualties: unknown }).casualties, 5, 'at the next hour');
  });
