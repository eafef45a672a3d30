// Head oracle, the scoped roles' half (attack probe of session 16; design: test/attack/README.md "head-oracle"). A
// medic of a-coy counted b-coy's writes one by one from global sequence numbers: the pull's `head` and `next`, the
// `head` of /api/events and /api/incidents and of every write's answer, and the `seq` of its own events (the gap
// between two is everyone else's writes in between). Scoped callers now get opaque cursors (AES-256-GCM over the
// seq, sealed for their user: src/auth/cursor-token.ts), `more` in place of `head`, events and acknowledgements
// without `seq`, and pages that scan on past what they may not see. Those who see every casualty keep numbers.
// Summaries carry `version` (the length of the casualty's own log) in place of `lastSeq`; the list pages by a token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { CURSOR_TOKEN } from '../../src/core/api.ts';
import { CasualtyReader } from '../../src/log/read.ts';
import { readScope } from '../../src/auth/policy.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';
import type { AuthTestApp } from '../support/auth.ts';
import { openStream, readStreamUntil } from '../support/sse.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
type Who = { headers: { authorization: string }; token: string; username: string };
type Page = { after?: unknown; events: Record<string, unknown>[]; next?: unknown; head?: unknown; more?: boolean };
type Ack = { results: Record<string, unknown>[]; head?: unknown; casualty?: Record<string, unknown> };

function scene(t: AuthTestApp) {
  const get = async (who: Who, url: string) => {
    const r = await t.app.inject({ method: 'GET', url, headers: who.headers });
    return { status: r.statusCode, body: r.json() as Page & { incidents?: unknown } };
  };
  const note = (text: string) => ({ type: 'note', at: ago(1), payload: { text } });
  const write = async (who: Who, id: string, n: number) =>
    (await t.app.inject({ method: 'POST', url: `/api/casualties/${id}/events`, headers: who.headers, payload: { events: Array.from({ length: n }, (_, i) => note(`n${i}`)) } })).json() as Ack;
  const register = async (who: Who, unitId: string) => {
    const id = uuidv7();
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/casualties', headers: who.headers, payload: { id, injuredAt: ago(5), unitId } })).statusCode, 201);
    return id;
  };
  /** Every page from the start with this limit: how many pages, and the events' ids. */
  const pullAll = async (who: Who, limit: number) => {
    const ids: string[] = [];
    let pages = 0;
    for (let after = ''; ; pages++) {
      const r = await get(who, `/api/sync/pull?limit=${limit}${after ? `&after=${after}` : ''}`);
      assert.equal(r.status, 200);
      ids.push(...r.body.events.map((e) => e.id as string));
      if (!r.body.more) return { pages: pages + 1, ids };
      after = r.body.next as string;
    }
  };
  return { get, write, register, pullAll };
}

for (const db of ['sqlite', 'postgres'] as const) {
  test(`${db}: a medic of a-coy is given no global number: tokens, \`more\`, events and acks without seq`, async () => {
    const t = await authTestAppOn(db);
    const { get, write, register, pullAll } = scene(t);
    const medicA = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
    const medicA2 = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
    const medicB = await createUserAndLogin(t, 'medic', { units: ['b-coy'] });
    const mine = await register(medicA, 'a-coy');
    const first = await get(medicA, '/api/sync/pull');
    assert.equal(first.status, 200);
    assert.equal('head' in first.body, false);
    assert.match(String(first.body.next), CURSOR_TOKEN);
    assert.equal(first.body.more, false);
    assert.deepEqual(first.body.events.map((e) => e.id), [mine]);
    assert.equal('seq' in first.body.events[0]!, false, 'an event without its global number');
    const cursor = first.body.next as string;
    // The same position twice looks different (a random nonce).
    assert.notEqual((await get(medicA, '/api/sync/pull')).body.next, cursor);

    const a1 = await write(medicA, mine, 1);
    const theirs = await register(medicB, 'b-coy');
    await write(medicB, theirs, 3);
    const a2 = await write(medicA, mine, 1);
    for (const ack of [a1, a2]) {
      assert.equal('head' in ack, false, 'a write answer without the head');
      assert.deepEqual(ack.results.map((r) => Object.keys(r).sort()), [['duplicate', 'id']]);
      assert.equal('lastSeq' in ack.casualty!, false, 'its summary without lastSeq');
    }
    // `version` counts the casualty's own log (what its card shows), not b-coy's writes in between.
    assert.deepEqual([a1.casualty!.version, a2.casualty!.version], [2, 3]);
    const push = (await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: medicA.headers, payload: { events: [{ id: uuidv7(), casualtyId: mine, type: 'note', at: ago(1), payload: { text: 'p' } }] } })).json() as Ack;
    assert.equal('head' in push, false);
    assert.deepEqual(push.results.map((r) => Object.keys(r).sort()), [['duplicate', 'id']]);

    // From its cursor: its own three events, no number, nothing more — whatever b-coy wrote in between.
    for (const url of [`/api/sync/pull?after=${cursor}`, `/api/events?after=${cursor}`]) {
      const r = await get(medicA, url);
      assert.equal(r.status, 200, url);
      assert.equal(r.body.events.length, 3, url);
      assert.equal(r.body.events.some((e) => 'seq' in e), false, url);
      assert.equal('head' in r.body, false, url);
      assert.equal(r.body.more, false, url);
      assert.match(String(r.body.next), CURSOR_TOKEN, url);
    }
    assert.equal('head' in (await get(medicA, '/api/incidents')).body, false, 'the incident list without the head');
    const card = (await get(medicA, `/api/casualties/${mine}`)).body as unknown as { casualty: Record<string, unknown>; events: Record<string, unknown>[] };
    assert.equal(card.events.length, 4);
    assert.equal(card.events.some((e) => 'seq' in e), false, 'the card\'s events without seq');
    assert.equal('lastSeq' in card.casualty, false);
    assert.equal(card.casualty.version, 4);

    // The casualty list: no head, a token to stream from and one to page on (`since`), a chosen number refused.
    const second = await register(medicA, 'a-coy');
    const list = async (q: string) => (await get(medicA, `/api/casualties${q}`)).body as unknown as { casualties: Record<string, unknown>[]; head?: unknown; cursor?: string; next?: string };
    const page1 = await list('?limit=1');
    assert.equal('head' in page1, false, 'the list without the head');
    assert.match(String(page1.cursor), CURSOR_TOKEN);
    assert.match(String(page1.next), CURSOR_TOKEN);
    assert.equal(page1.casualties.some((c) => 'lastSeq' in c), false, 'listed summaries without lastSeq');
    const page2 = await list(`?limit=1&since=${page1.next}`);
    assert.deepEqual([...page1.casualties, ...page2.casualties].map((c) => c.id).sort(), [mine, second].sort(), 'paged by the token');
    assert.equal((await get(medicA, '/api/casualties?since=3')).status, 400, 'a chosen number');
    assert.equal((await get(medicA2, `/api/casualties?since=${page1.next}`)).status, 400, 'another user\'s token');

    // A token opens only for its user, unchanged; numbers are refused (the pull: answered as from the start).
    assert.equal((await get(medicA2, `/api/sync/pull?after=${cursor}`)).status, 400, 'another user\'s cursor');
    const flipped = cursor.slice(0, 10) + (cursor[10] === 'A' ? 'B' : 'A') + cursor.slice(11);
    assert.equal((await get(medicA, `/api/sync/pull?after=${flipped}`)).status, 400, 'a tampered cursor');
    assert.equal((await get(medicA, '/api/events?after=3')).status, 400, 'a chosen number');
    const fromStart = (await get(medicA, '/api/sync/pull')).body.events.map((e) => e.id);
    for (const n of [1, 3, 6, 1000]) {
      const r = await get(medicA, `/api/sync/pull?after=${n}`);
      assert.equal(r.status, 200);
      assert.equal(r.body.after, 0);
      assert.deepEqual(r.body.events.map((e) => e.id), fromStart, `a phone's numeric cursor ${n} is answered from the start`);
    }

    // Pages count the caller's own events only: b-coy's 40 more writes add no page at limit 1.
    const before = await pullAll(medicA, 1);
    assert.equal(before.pages, 6, 'its 5 events, then the empty last page');
    await write(medicB, theirs, 40);
    assert.deepEqual(await pullAll(medicA, 1), before);

    // Those who see every casualty keep numbers.
    for (const who of [await createUserAndLogin(t, 'admin'), await createUserAndLogin(t, 'dispatcher', { units: [] })]) {
      const r = await get(who, '/api/sync/pull?after=0');
      assert.equal(typeof r.body.head, 'number');
      assert.equal(typeof (await get(who, '/api/casualties')).body.head, 'number');
      assert.equal(typeof ((await get(who, `/api/casualties/${mine}`)).body as unknown as { casualty: { lastSeq: unknown } }).casualty.lastSeq, 'number');
      assert.equal(typeof r.body.next, 'number');
      assert.equal(typeof r.body.events[0]!.seq, 'number');
      assert.equal(typeof (await write(who, mine, 1)).head, 'number');
      assert.equal((await get(who, `/api/sync/pull?after=${cursor}`)).status, 400, 'a token where a number goes');
    }
  });
}

test('a scoped page scans on to its budget and stops there, `more` set; the cursor moves past what it scanned', async () => {
  const t = await authTestAppOn('sqlite');
  const { write, register } = scene(t);
  const medicA = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const medicB = await createUserAndLogin(t, 'medic', { units: ['b-coy'] });
  const theirs = await register(medicB, 'b-coy');
  await write(medicB, theirs, 30);
  const mine = await register(medicA, 'a-coy');
  const principal = (await t.trust.auth.authenticate(medicA.token))!;
  const reader = new CasualtyReader({ store: t.store }, readScope(principal));
  const p1 = await reader.scopedPage(0, 10, 20);
  assert.deepEqual(p1, { events: [], next: 20, more: true });
  const p2 = await reader.scopedPage(p1.next, 10, 20);
  assert.deepEqual([p2.events.map((e) => e.id), p2.more], [[mine], false]);
  const full = await reader.scopedPage(0, 1, 1000);
  assert.deepEqual([full.events.map((e) => e.id), full.next, full.more], [[mine], 32, true], 'a full page says more, whatever follows');
});

test('a scoped stream: events without id or seq, one sealed `cursor` per page it was shown, resumed by Last-Event-ID', async () => {
  const t = await authTestAppOn('sqlite');
  const { write, register } = scene(t);
  const medicA = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const medicB = await createUserAndLogin(t, 'medic', { units: ['b-coy'] });
  const admin = await createUserAndLogin(t, 'admin');
  const mine = await register(medicA, 'a-coy');
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const ac = new AbortController();
  const text = await readStreamUntil(await openStream(base, medicA.token, { after: 0, signal: ac.signal }), 'event: cursor\ndata: {}\n\nevent: casualty-event');
  ac.abort();
  assert.doesNotMatch(text, /^id: \d+$/m, 'no numeric id');
  assert.doesNotMatch(text, /"seq"|"lastSeq"/, 'no seq in the events, no lastSeq in the summaries');
  assert.match(text, /event: casualty\ndata: .*"version":1/);
  const ids = [...text.matchAll(/^id: (\S+)$/gm)].map((m) => m[1]!);
  assert.ok(ids.length >= 1 && ids.every((x) => CURSOR_TOKEN.test(x)), text);

  // Others' writes move nothing on a scoped stream; its own do, and it resumes from its last cursor.
  const ac2 = new AbortController();
  const reading = readStreamUntil(await openStream(base, medicA.token, { signal: ac2.signal }), '"text":"n0"');
  const theirs = await register(medicB, 'b-coy');
  await write(medicB, theirs, 3);
  await write(medicA, mine, 1);
  const seen = await reading;
  ac2.abort();
  const resume = /^id: (\S+)$/m.exec(seen)![1]!;
  assert.equal((seen.match(/event: casualty-event/g) ?? []).length, 1, seen);
  // One at the opening, none for b-coy's four writes before a-coy's own.
  assert.equal((seen.split('event: casualty-event')[0]!.match(/event: cursor/g) ?? []).length, 1, seen);
  const ac3 = new AbortController();
  const again = await readStreamUntil(await openStream(base, medicA.token, { lastEventId: resume, signal: ac3.signal }), 'event: casualty-event\n');
  ac3.abort();
  assert.match(again, /"text":"n0"/, 'resumed from the cursor it was given at the start');
  // Another user's cursor, and a number chosen by a scoped caller, are refused.
  const medicA2 = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  assert.equal((await openStream(base, medicA2.token, { lastEventId: resume })).status, 400);
  assert.equal((await openStream(base, medicA.token, { after: 3 })).status, 400);
  // An administrator keeps numeric ids.
  const ac4 = new AbortController();
  const adminText = await readStreamUntil(await openStream(base, admin.token, { after: 0, signal: ac4.signal }), 'event: casualty-event');
  ac4.abort();
  assert.match(adminText, /^id: 1$/m);
});
