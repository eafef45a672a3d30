// Session 39's attack review (high): the live stream ignored slow clients. Its replay read and wrote page after page
// whether or not the client read them, and a live stream was written whatever it held unsent, so a client that opened
// `/api/stream?after=0` and never read made the server buffer the whole log (a medic, 4 streams over her casualty's
// 30,000 events: 492 MB → 1.55 GB). Now a replay reads its next page only once the client took the last, a stream
// holding more than its cap unsent is ended at a message's boundary (the client resumes from its cursor), and one user
// holds at most MAX_STREAMS_PER_USER streams over all their sessions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { uuidv7 } from '../../src/core/index.ts';
import { PAGE } from '../../src/server/stream-hub.ts';
import { MAX_STREAMS_PER_CREDENTIAL, MAX_STREAMS_PER_USER } from '../../src/auth/stream-access.ts';
import { at, makeEvent, makeRegistered } from '../support/events.ts';
import { sqliteTestApp } from '../support/test-app.ts';
import type { TestApp } from '../support/test-app.ts';
import { authTestApp, createUserAndLogin, TEST_PASSWORD } from '../support/auth.ts';
import { openStream } from '../support/sse.ts';

const NOTE = 'x'.repeat(1_900);
const MB = 1024 * 1024;

/** Wait for a condition (polled), failing with `what` after 60 s. */
async function until(what: string, ok: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 60_000; !ok();) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A casualty with `notes` notes of 1,900 characters, written straight to the store (the setup, not the attack). */
async function bigLog(t: TestApp, notes: number): Promise<number> {
  const cid = uuidv7();
  let head = (await t.store.append([makeRegistered(cid, { at: at(0) })], at(1))).head;
  for (let i = 0; i < notes; i += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, notes - i) }, (_, j) => makeEvent('note', cid, { text: NOTE }, at(1 + (i + j) / 1e4)));
    head = (await t.store.append(batch, at(2))).head;
  }
  return head;
}

interface Client {
  res: IncomingMessage;
  /** The server's side of this stream. */
  server: ServerResponse;
  text: () => string;
  /** Read from now on, one chunk a turn of the event loop; `sample` sees each chunk arrive. */
  readSlowly(sample?: () => void): void;
  ended: Promise<void>;
  close(): void;
}

/** Open the stream over a real socket and do not read it: the response is left paused (Node stops reading the socket). */
async function openUnread(t: TestApp, port: number, query: string, headers: Record<string, string> = {}): Promise<Client> {
  const served = new Promise<ServerResponse>((ok) => {
    const on = (req: IncomingMessage, res: ServerResponse) => {
      if (!req.url?.startsWith('/api/stream')) return;
      t.app.server.off('request', on);
      ok(res);
    };
    t.app.server.on('request', on);
  });
  const res = await new Promise<IncomingMessage>((ok, fail) => get({ host: '127.0.0.1', port, path: `/api/stream${query}`, headers }, ok).on('error', fail));
  assert.equal(res.statusCode, 200);
  let text = '';
  const ended = new Promise<void>((ok) => {
    res.on('end', ok);
    res.on('close', ok);
  });
  return {
    res,
    server: await served,
    text: () => text,
    readSlowly(sample) {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        sample?.();
        res.pause();
        setImmediate(() => res.resume());
      });
    },
    ended,
    close: () => res.destroy(),
  };
}

/** The sequence numbers of the casualty events in a stream's text, and its last whole message's id. */
function seqsOf(text: string): { seqs: number[]; lastId: string | undefined } {
  const seqs: number[] = [];
  let lastId: string | undefined;
  for (const block of text.split('\n\n').slice(0, -1)) {
    const id = /^id: (.*)$/m.exec(block)?.[1];
    if (id !== undefined) lastId = id;
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (/^event: casualty-event$/m.test(block)) seqs.push((JSON.parse(data!) as { seq: number }).seq);
  }
  return { seqs, lastId };
}

const oneToN = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function listening(options: Parameters<typeof sqliteTestApp>[0] = {}): Promise<{ t: TestApp; port: number }> {
  const t = await sqliteTestApp({ now: () => at(120), ...options });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { t, port: (t.app.server.address() as { port: number }).port };
}

test('a client that never reads a replay of a large log holds a page in the server, not the log; read slowly, it gets every event in order', async () => {
  const { t, port } = await listening();
  const clients: Client[] = [];
  try {
    const head = await bigLog(t, 5_000); // ~11 MB of events: more than the kernel's socket buffers hold
    const c = await openUnread(t, port, '?after=0');
    clients.push(c);
    // The replay stops once the client's socket is full (it waits for 'drain'), or — before the fix — goes on writing
    // the whole log into the server's memory.
    await until('the replay to wait for the client, or the server to buffer megabytes', () => c.server.listenerCount('drain') > 0 || c.server.writableLength > 4 * MB);
    const page = 2 * MB; // a page of 500 notes of 1,900 characters is ~1.1 MB
    assert.ok(c.server.writableLength < page, `the server holds ${(c.server.writableLength / MB).toFixed(1)} MB unsent for a client that does not read`);
    // Read slowly: the server never holds more than a page, and every event comes, in order, once.
    let most = 0;
    c.readSlowly(() => (most = Math.max(most, c.server.writableLength)));
    // Events written while the replay is under way come after it, with no gap.
    const cid = uuidv7();
    const live = await t.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, payload: { events: [makeRegistered(cid, { at: at(3) }), makeEvent('note', cid, { text: 'live' }, at(4))] } });
    assert.equal(live.statusCode, 200);
    await until('every event', () => seqsOf(c.text()).seqs.at(-1) === head + 2);
    assert.deepEqual(seqsOf(c.text()).seqs, oneToN(1, head + 2));
    assert.ok(most < page, `at most ${(most / MB).toFixed(1)} MB held while read slowly`);
    assert.ok(head > 10 * PAGE);
  } finally {
    for (const c of clients) c.close();
    await t.close();
  }
});

test('a live stream whose client stops reading is ended once it holds more than its cap; the client resumes from its cursor and misses nothing', async () => {
  const cap = 256 * 1024;
  const { t, port } = await listening({ streamBufferCap: cap });
  const clients: Client[] = [];
  try {
    const cid = uuidv7();
    const post = (events: unknown[]) => t.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, payload: { events } });
    assert.equal((await post([makeRegistered(cid, { at: at(0) })])).statusCode, 200);
    const c = await openUnread(t, port, '?after=0');
    clients.push(c);
    // ~8 MB written live while the client reads nothing: past the kernel's socket buffers and the cap.
    let n = 0;
    for (let b = 0; b < 16 && !c.server.writableEnded; b++) {
      const batch = Array.from({ length: 250 }, () => makeEvent('note', cid, { text: `${++n} ${NOTE}` }, at(1 + n / 1e4)));
      assert.equal((await post(batch)).statusCode, 200);
    }
    await until('the stream to end, or to hold far more than its cap', () => c.server.writableEnded || c.server.writableLength > 4 * cap);
    assert.ok(c.server.writableEnded, `the stream holding ${(c.server.writableLength / 1024).toFixed(0)} KiB unsent (cap ${cap / 1024}) was ended`);
    assert.ok(c.server.writableLength < cap + MB, 'it held no more than the cap and the page that passed it');
    // The client reads what was sent (whole messages), then reconnects from the last id it received.
    c.readSlowly();
    await c.ended;
    const first = seqsOf(c.text());
    assert.ok(first.lastId !== undefined && first.seqs.length > 0);
    const head = n + 1;
    const again = await openUnread(t, port, '', { 'last-event-id': first.lastId });
    clients.push(again);
    again.readSlowly();
    await until('the rest of the log', () => (seqsOf(again.text()).seqs.at(-1) ?? Number(first.lastId)) >= head);
    assert.deepEqual([...first.seqs, ...seqsOf(again.text()).seqs], oneToN(1, head), 'every event once, in order, across the reconnect');
  } finally {
    for (const c of clients) c.close();
    await t.close();
  }
});

test(`one user holds at most ${MAX_STREAMS_PER_USER} streams over all their sessions (429 beyond); another user is not affected`, async () => {
  const s = await authTestApp({ heartbeatMs: 60_000 });
  const acs: AbortController[] = [];
  const held: Response[] = [];
  try {
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(s.app.server.address() as { port: number }).port}`;
    const medic = await createUserAndLogin(s, 'medic', { units: ['1-coy'] });
    const sessions = [medic.token];
    while (sessions.length * MAX_STREAMS_PER_CREDENTIAL <= MAX_STREAMS_PER_USER) {
      const r = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: medic.username, password: TEST_PASSWORD } });
      sessions.push((r.json() as { token: string }).token);
    }
    const open = async (token: string) => {
      const ac = new AbortController();
      acs.push(ac);
      const r = await openStream(base, token, { signal: ac.signal });
      held.push(r);
      return r.status;
    };
    for (let i = 0; i < MAX_STREAMS_PER_USER; i++) assert.equal(await open(sessions[Math.floor(i / MAX_STREAMS_PER_CREDENTIAL)]!), 200);
    const fresh = sessions.at(-1)!; // a session that holds no stream yet
    const over = await openStream(base, fresh);
    assert.equal(over.status, 429, 'a further session of the same user is refused');
    assert.match(((await over.json()) as { error: { message: string } }).error.message, /this user already holds/);
    const other = await createUserAndLogin(s, 'medic', { units: ['1-coy'] });
    assert.equal(await open(other.token), 200, 'another user is not affected');
    acs[0]!.abort();
    let status = 0;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && status !== 200;) {
      await new Promise((r) => setTimeout(r, 50));
      const r = await openStream(base, fresh, { signal: acs.at(-1)!.signal });
      status = r.status;
      if (status !== 200) await r.body?.cancel();
    }
    assert.equal(status, 200, 'a freed place can be used by another session of the user');
    assert.ok(held.length > MAX_STREAMS_PER_USER); // held to here: fetch cancels a Response collected unread
  } finally {
    for (const a of acs) a.abort();
    await s.close();
  }
});
