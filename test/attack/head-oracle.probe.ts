// ATTACK PROBE (fails on purpose): a medic of a-coy counts b-coy's writes one by one from the log's global sequence
// numbers, which every cursor read gives it: `head` on /api/sync/pull, /api/events, /api/casualties, /api/incidents;
// `next` of a pull (SYNC-12 moves it past everything scanned, in scope or not); and the `seq` of its own events (the
// gap between two of them is everyone else's writes in between). Polling shows when b-coy records and how much (a
// mass-casualty incident elsewhere is a jump). The analyst's half (/api/health, the stream's opening line) was fixed
// in session 18: src/auth/head-health.int.test.ts. The design for this half: test/attack/README.md. Run: node --test FILE.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { authTestApp, createUserAndLogin } from '../support/auth.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

test('a medic of a-coy cannot count b-coy\'s writes from cursors, heads or its own events\' seq', async () => {
  const t = await authTestApp();
  after(() => t.close());
  const medicA = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const medicB = await createUserAndLogin(t, 'medic', { units: ['b-coy'] });
  const get = async (url: string) => (await t.app.inject({ method: 'GET', url, headers: medicA.headers })).json() as { head?: number; next?: number };
  const mine = uuidv7();
  const note = (text: string) => ({ type: 'note', at: ago(1), payload: { text } });
  const write = async (who: typeof medicA, id: string, n: number) =>
    (await t.app.inject({ method: 'POST', url: `/api/casualties/${id}/events`, headers: who.headers, payload: { events: Array.from({ length: n }, (_, i) => note(`n${i}`)) } })).json() as { results: { seq: number }[] };
  await t.app.inject({ method: 'POST', url: '/api/casualties', headers: medicA.headers, payload: { id: mine, injuredAt: ago(5), unitId: 'a-coy' } });
  const cursor = (await get('/api/sync/pull?after=0')).next ?? 0;
  const channels = async () => ({
    'pull head': (await get(`/api/sync/pull?after=${cursor}`)).head,
    'pull next': (await get(`/api/sync/pull?after=${cursor}`)).next,
    'events head': (await get(`/api/events?after=${cursor}`)).head,
    'casualties head': (await get('/api/casualties')).head,
    'incidents head': (await get('/api/incidents')).head,
  });
  const before = await channels();
  const first = (await write(medicA, mine, 1)).results[0]!.seq;
  const theirs = uuidv7();
  await t.app.inject({ method: 'POST', url: '/api/casualties', headers: medicB.headers, payload: { id: theirs, injuredAt: ago(5), unitId: 'b-coy' } });
  await write(medicB, theirs, 3);
  const second = (await write(medicA, mine, 1)).results[0]!.seq;
  const afterW = await channels();
  const leaks: string[] = [];
  for (const k of Object.keys(before) as (keyof typeof before)[])
    if (typeof before[k] === 'number' && typeof afterW[k] === 'number' && afterW[k] - before[k] === 6) leaks.push(`${k} ${before[k]} -> ${afterW[k]}`);
  if (second - first === 5) leaks.push(`own events' seq ${first} -> ${second}: b-coy's 4 writes in between`);
  assert.deepEqual(leaks, [], 'a-coy\'s medic counts b-coy\'s 4 events');
});
