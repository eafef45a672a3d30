// ATTACK PROBE (fails on purpose): the log head (a global event count) goes to every signed-in caller whatever its
// scope: /api/health (public route, "signed in: also the log head"), and `head` on /api/sync/pull, /api/events,
// /api/casualties. An analyst, whose statistics are "computed once per hour: two calls an event apart cannot tell
// that event apart" (routes/auth.ts), and a medic of a-coy watch b-coy's activity event by event: polling the head
// shows when b-coy records and how much (a mass-casualty incident elsewhere is a jump). Run: node --test FILE.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { authTestApp, createUserAndLogin } from '../support/auth.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

test('callers outside b-coy cannot count b-coy\'s writes by polling the log head', async () => {
  const t = await authTestApp();
  after(() => t.close());
  const analyst = await createUserAndLogin(t, 'analyst');
  const medicA = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const medicB = await createUserAndLogin(t, 'medic', { units: ['b-coy'] });
  const head = async (url: string, h: { authorization: string }) => (t.app.inject({ method: 'GET', url, headers: h }).then((r) => (r.json() as { head?: number }).head));
  const before = { analyst: await head('/api/health', analyst.headers), medic: await head('/api/sync/pull', medicA.headers) };
  const id = uuidv7();
  await t.app.inject({ method: 'POST', url: '/api/casualties', headers: medicB.headers, payload: { id, injuredAt: ago(5), unitId: 'b-coy' } });
  await t.app.inject({ method: 'POST', url: `/api/casualties/${id}/events`, headers: medicB.headers, payload: { events: [1, 2, 3].map((i) => ({ type: 'note', at: ago(1), payload: { text: `n${i}` } })) } });
  const afterW = { analyst: await head('/api/health', analyst.headers), medic: await head('/api/sync/pull', medicA.headers) };
  assert.notEqual((afterW.analyst ?? 0) - (before.analyst ?? 0), 4, `analyst sees b-coy's 4 events: head ${before.analyst} -> ${afterW.analyst}`);
  assert.notEqual((afterW.medic ?? 0) - (before.medic ?? 0), 4, `a-coy medic sees b-coy's 4 events: head ${before.medic} -> ${afterW.medic}`);
});
