// The live stream: replay from a cursor, then live events in order, no gaps or duplicates; entity changes too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { uuidv7 } from '../core/index.ts';
import { at, makeEvent, makeRegistered } from '../../test/support/events.ts';
import type { TestApp } from '../../test/support/test-app.ts';
import { sqliteTestApp } from '../../test/support/test-app.ts';
import type { Store } from '../storage/port.ts';

let t: TestApp;
before(async () => {
  t = await sqliteTestApp({ now: () => at(120), heartbeatMs: 50 });
});
after(async () => {
  await t.close();
});

interface Sse {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** Open /api/stream through inject() (no socket) and collect parsed SSE messages as they arrive. */
async function open(query: string, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method: 'GET', url: `/api/stream${query}`, headers, payloadAsStream: true });
  const stream = res.stream() as Readable;
  const messages: Sse[] = [];
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buf += chunk;
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const m: Sse = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) m.comment = line.slice(1).trim();
        const [k, ...rest] = line.split(': ');
        const v = rest.join(': ');
        if (k === 'id') m.id = v;
        else if (k === 'event') m.event = v;
        else if (k === 'data') m.data = v;
      }
      messages.push(m);
    }
  });
  const until = async (pred: (ms: Sse[]) => boolean, ms = 20_000) => { // generous: 2 busy cores, other suites beside
    const end = Date.now() + ms;
    while (!pred(messages)) {
      if (Date.now() > end) throw new Error(`timeout; got ${JSON.stringify(messages)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { res, messages, until, close: () => stream.destroy() };
}

const post = (id: string, events: unknown[]) => t.app.inject({ method: 'POST', url: `/api/casualties/${id}/events`, payload: { events } });
const events = (ms: Sse[]) => ms.filter((m) => m.event === 'casualty-event').map((m) => JSON.parse(m.data!) as { seq: number; id: string; type: string });

test('replays from ?after=, then delivers new events live, in order, once each', async () => {
  const id = uuidv7();
  assert.equal((await post(id, [makeRegistered(id), makeEvent('note', id, { text: 'one' }, at(1))])).statusCode, 200);
  const s = await open('?after=0');
  assert.equal(s.res.statusCode, 200);
  assert.match(String(s.res.headers['content-type']), /text\/event-stream/);
  await s.until((ms) => events(ms).length === 2);
  // live, including concurrent appends
  await Promise.all(Array.from({ length: 10 }, (_, i) => post(id, [makeEvent('note', id, { text: `live ${i}` }, at(2 + i))])));
  await s.until((ms) => events(ms).length === 12);
  const got = events(s.messages);
  const seqs = got.map((e) => e.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'in sequence order');
  assert.equal(new Set(seqs).size, seqs.length, 'no duplicates');
  assert.deepEqual(seqs, Array.from({ length: 12 }, (_, i) => seqs[0]! + i), 'no gaps');
  assert.deepEqual(s.messages.filter((m) => m.event === 'casualty-event').map((m) => Number(m.id)), seqs, 'id: <seq>');
  // a duplicate post is not streamed again
  await post(id, [got[0]]);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(events(s.messages).length, 12);
  // heartbeats arrive as comments
  await s.until((ms) => ms.some((m) => m.comment?.startsWith('heartbeat')));
  s.close();
});

test('resumes from Last-Event-ID and streams entity changes', async () => {
  const id = uuidv7();
  await post(id, [makeRegistered(id)]);
  const mark = (JSON.parse((await t.app.inject('/api/health')).body) as { head: number }).head;
  await post(id, [makeEvent('note', id, { text: 'after the mark' }, at(3))]);
  const s = await open('', { 'last-event-id': String(mark) });
  await s.until((ms) => events(ms).length === 1);
  assert.equal(events(s.messages)[0]!.seq, mark + 1);
  const v = await t.app.inject({ method: 'POST', url: '/api/vehicles', payload: { id: 'amb-stream', kind: 'ambulance', litter: 2, seated: 1 } });
  assert.equal(v.statusCode, 201);
  await s.until((ms) => ms.some((m) => m.event === 'entity'));
  const ent = JSON.parse(s.messages.find((m) => m.event === 'entity')!.data!) as { kind: string; value: { id: string } };
  assert.equal(ent.kind, 'vehicle');
  assert.equal(ent.value.id, 'amb-stream');
  s.close();
});

test('without a cursor the stream starts at the head (live only); a bad cursor → 400', async () => {
  const id = uuidv7();
  await post(id, [makeRegistered(id)]);
  const s = await open('');
  await new Promise((r) => setTimeout(r, 50));
  await post(id, [makeEvent('note', id, { text: 'new' }, at(4))]);
  await s.until((ms) => events(ms).length === 1);
  assert.equal(events(s.messages)[0]!.type, 'note');
  s.close();
  const bad = await t.app.inject('/api/stream?after=x');
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.issues[0].path, 'query.after');
  const badHeader = await t.app.inject({ url: '/api/stream', headers: { 'last-event-id': 'abc' } });
  assert.equal(badHeader.statusCode, 400);
});

test('HEAD /api/stream answers the stream\'s head and ends: no live stream held open (and no stream slot) for a request that reads no body', async () => {
  const head = t.app.inject({ method: 'HEAD', url: '/api/stream' });
  const res = await Promise.race([head, new Promise<null>((r) => setTimeout(() => r(null), 5_000).unref())]);
  assert.ok(res, 'the HEAD request ends (before: it held a stream open until the client hung up)');
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/event-stream/);
  assert.equal(res.body, '');
  assert.equal((await t.app.inject({ method: 'HEAD', url: '/api/stream?after=x' })).statusCode, 400, 'checked as a GET is');
});

test('with the events of a casualty the stream sends its folded summary once per page, before them (a live store needs no list re-read)', async () => {
  const id = uuidv7();
  const s = await open('');
  await new Promise((r) => setTimeout(r, 50));
  await post(id, [makeRegistered(id), makeEvent('precedence', id, { precedence: 'priority' }, at(1)), makeEvent('note', id, { text: 'x' }, at(2))]);
  await s.until((ms) => ms.filter((m) => m.event === 'casualty-event').length === 3);
  const summaries = s.messages.filter((m) => m.event === 'casualty').map((m) => JSON.parse(m.data!) as { id: string; precedence: string; lastSeq: number; state: { eventCount: number } });
  assert.equal(summaries.length, 1, 'one summary for three events of one casualty');
  assert.equal(summaries[0]!.id, id);
  assert.equal(summaries[0]!.precedence, 'priority');
  assert.equal(summaries[0]!.state.eventCount, 3);
  assert.equal(summaries[0]!.lastSeq, Math.max(...events(s.messages).map((e) => e.seq)));
  // it comes before its events: the client's cursor, moved by each event's id, never passes a summary not yet sent
  const iSummary = s.messages.findIndex((m) => m.event === 'casualty');
  assert.equal(s.messages.slice(0, iSummary).filter((m) => m.event === 'casualty-event').length, 0);
  s.close();
});

/** Counts the hub's reads of the log: it reads through the door's reader, which reads by cursor with eventsAfterIn. */
function countLogReads(store: Store): { readonly reads: number; restore(): void } {
  const original = store.eventsAfterIn;
  let reads = 0;
  store.eventsAfterIn = (after, limit, scope) => {
    reads++;
    return original.call(store, after, limit, scope);
  };
  return { get reads() { return reads; }, restore: () => void (store.eventsAfterIn = original) };
}

test('one read of the log per write, shared by every open stream (issue 16 item 4)', async () => {
  const cid = uuidv7();
  assert.equal((await post(cid, [makeRegistered(cid, { at: at(0) })])).statusCode, 200);
  const counted = countLogReads(t.store);
  const streams = [];
  try {
    for (let i = 0; i < 6; i++) streams.push(await open(''));
    // Each stream reads once on its own to catch up, then rides the shared read; a heartbeat after that says so.
    const caught = Date.now() + 20_000;
    while (counted.reads < 6 && Date.now() < caught) await new Promise((r) => setTimeout(r, 10));
    for (const s of streams) {
      const n = s.messages.length;
      await s.until((ms) => ms.length > n && ms.slice(n).some((m) => m.comment?.startsWith('heartbeat')), 20_000);
    }
    const before = counted.reads;
    const note = makeEvent('note', cid, { text: 'one write' }, at(5));
    assert.equal((await post(cid, [note])).statusCode, 200);
    for (const s of streams) await s.until((ms) => events(ms).some((e) => e.id === note.id), 20_000);
    assert.ok(counted.reads - before <= 2, `${counted.reads - before} reads of the log for one write to 6 streams`);
  } finally {
    counted.restore();
    for (const s of streams) s.close();
  }
});

test('writes that follow one another closely share one fan-out: fewer reads and socket writes than writes (issue 16, mixed run)', async () => {
  // A fan-out costs a socket write per stream whatever it carries; each commit used to wake one (200 streams ×
  // every commit in the mixed run). With a long spacing, five writes one after another reach the stream in at most
  // two pages: the first at once, the rest together.
  const spaced = await sqliteTestApp({ now: () => at(120), heartbeatMs: 50, fanOutEveryMs: 2_000 });
  const counted = countLogReads(spaced.store);
  const res = await spaced.app.inject({ method: 'GET', url: '/api/stream', payloadAsStream: true });
  const stream = res.stream() as Readable;
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  try {
    while (!text.includes('heartbeat')) await new Promise((r) => setTimeout(r, 10)); // caught up: rides the hub
    const cid = uuidv7();
    const notes = [makeRegistered(cid, { at: at(0) }), ...Array.from({ length: 5 }, (_, i) => makeEvent('note', cid, { text: `n${i}` }, at(i + 1)))];
    const before = counted.reads;
    for (const e of notes) assert.equal((await spaced.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, payload: { events: [e] } })).statusCode, 200);
    const ids = () => [...text.matchAll(/event: casualty-event\ndata: (.*)\n/g)].map((m) => (JSON.parse(m[1]!) as { id: string }).id);
    for (const end = Date.now() + 20_000; ids().length < notes.length && Date.now() < end; ) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(ids(), notes.map((e) => e.id), 'every write once, in order');
    assert.ok(counted.reads - before <= 2, `${counted.reads - before} reads of the log (fan-outs) for ${notes.length} writes one after another`);
  } finally {
    counted.restore();
    stream.destroy();
    await spaced.close();
  }
});

test('a burst of writes reaches the streams in one fan-out once its writers are through, not one at its first commit (issue 16, mixed run)', async () => {
  // The mixed run's 25 notes of a second commit in several transactions; the first commit's fan-out (200 socket
  // writes) ran between the burst's later writers, and the rest waited for the next window. The test stands in for
  // a writer still in the door (its request read, its append not yet announced) with the door's own count.
  const app = await sqliteTestApp({ now: () => at(120), heartbeatMs: 50, fanOutEveryMs: 10_000 });
  const counted = countLogReads(app.store);
  const res = await app.app.inject({ method: 'GET', url: '/api/stream', payloadAsStream: true });
  const stream = res.stream() as Readable;
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  const ids = () => [...text.matchAll(/event: casualty-event\ndata: (.*)\n/g)].map((m) => (JSON.parse(m[1]!) as { id: string }).id);
  const turns = async (n: number) => {
    for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
  };
  try {
    while (!text.includes('heartbeat')) await new Promise((r) => setTimeout(r, 10)); // caught up: rides the hub
    const cid = uuidv7();
    const first = [makeRegistered(cid, { at: at(0) }), makeEvent('note', cid, { text: 'first' }, at(1))];
    const second = makeEvent('note', cid, { text: 'second' }, at(2));
    const before = counted.reads;
    app.app.ctx.writes?.begin(); // another writer of the burst, still in the door
    assert.equal((await app.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, payload: { events: first } })).statusCode, 200);
    await turns(20);
    assert.equal(counted.reads - before, 0, 'no fan-out while a write of the burst is in flight');
    assert.equal((await app.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, payload: { events: [second] } })).statusCode, 200);
    app.app.ctx.writes?.end();
    for (const end = Date.now() + 20_000; ids().length < 3 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(ids(), [...first, second].map((e) => e.id), 'every write once, in order');
    assert.equal(counted.reads - before, 1, 'one read of the log (one fan-out) for the burst');
  } finally {
    counted.restore();
    stream.destroy();
    await app.close();
  }
});

test('writers that never leave the door idle do not hold the streams back longer than the fan-out window', async () => {
  const app = await sqliteTestApp({ now: () => at(120), heartbeatMs: 50, fanOutEveryMs: 100 });
  const res = await app.app.inject({ method: 'GET', url: '/api/stream', payloadAsStream: true });
  const stream = res.stream() as Readable;
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  try {
    while (!text.includes('heartbeat')) await new Promise((r) => setTimeout(r, 10));
    const cid = uuidv7();
    app.app.ctx.writes?.begin(); // a write in flight for the whole test
    assert.equal((await app.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, payload: { events: [makeRegistered(cid, { at: at(0) })] } })).statusCode, 200);
    for (const end = Date.now() + 20_000; !text.includes('event: casualty-event') && Date.now() < end; ) await new Promise((r) => setTimeout(r, 10));
    assert.ok(text.includes('event: casualty-event'), 'delivered while another write is still in flight');
    assert.equal(app.app.ctx.writes?.count ?? 1, 1);
  } finally {
    app.app.ctx.writes?.end();
    stream.destroy();
    await app.close();
  }
});
