// ATTACK PROBE (fails on purpose): a medic of a-coy counts b-coy's writes one by one from the log's global sequence
// numbers, which every cursor read gives it: `head` on /api/sync/pull, /api/events, /api/casualties, /api/incidents;
// `next` of a pull (SYNC-12 moves it past everything scanned, in scope or not); and the `seq` of its own events (the
// gap between two of them is everyone else's writes in between). Polling shows when b-coy records and how much (a
// mass-casualty incident elsewhere is a jump). Session 19 found more of the same number: the `head` of every write's
// answer (POST /api/casualties/:id/events, /api/sync/push), the casualty summary's `lastSeq` (the list, the card, the
// write's answer, the stream's `casualty` messages; the list's `since` keyset pages by it), the card's events' `seq`
// (the web timeline shows it as #N) and an incident picture's `lastSeq`. The analyst's half (/api/health, the stream's opening line) was fixed
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
  type Answer = { results: { seq: number }[]; head?: number; casualty?: { lastSeq?: number } };
  const write = async (who: typeof medicA, id: string, n: number) =>
    (await t.app.inject({ method: 'POST', url: `/api/casualties/${id}/events`, headers: who.headers, payload: { events: Array.from({ length: n }, (_, i) => note(`n${i}`)) } })).json() as Answer;
  const card = async () => (await t.app.inject({ method: 'GET', url: `/api/casualties/${mine}`, headers: medicA.headers })).json() as { casualty: { lastSeq?: number }; events: { seq?: number }[] };
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
  const a1 = await write(medicA, mine, 1);
  const card1 = await card();
  const theirs = uuidv7();
  await t.app.inject({ method: 'POST', url: '/api/casualties', headers: medicB.headers, payload: { id: theirs, injuredAt: ago(5), unitId: 'b-coy' } });
  await write(medicB, theirs, 3);
  const a2 = await write(medicA, mine, 1);
  const card2 = await card();
  const afterW = await channels();
  const leaks: string[] = [];
  for (const k of Object.keys(before) as (keyof typeof before)[])
    if (typeof before[k] === 'number' && typeof afterW[k] === 'number' && afterW[k] - before[k] === 6) leaks.push(`${k} ${before[k]} -> ${afterW[k]}`);
  // Between A's two writes, b-coy's 4: any number that moved by 5 counted them.
  const moved = (what: string, x: number | undefined, y: number | undefined) => {
    if (typeof x === 'number' && typeof y === 'number' && y - x === 5) leaks.push(`${what} ${x} -> ${y}: b-coy's 4 writes in between`);
  };
  moved('own events\' seq', a1.results[0]?.seq, a2.results[0]?.seq);
  moved('write answer head', a1.head, a2.head);
  moved('write answer casualty.lastSeq', a1.casualty?.lastSeq, a2.casualty?.lastSeq);
  moved('card casualty.lastSeq', card1.casualty.lastSeq, card2.casualty.lastSeq);
  moved('card events\' seq', card2.events.at(-2)?.seq, card2.events.at(-1)?.seq);
  assert.deepEqual(leaks, [], 'a-coy\'s medic counts b-coy\'s 4 events');
});
