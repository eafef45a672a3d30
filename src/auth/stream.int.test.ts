// Issue 14 item 2: an open live stream lives only as long as the credential that opened it; the token never
// travels in the URL (a single-use ticket does); streams per credential are capped; security headers are sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServerResponse } from 'node:http';
import { authTestApp, createUserAndLogin } from '../../test/support/auth.ts';
import type { AuthTestApp } from '../../test/support/auth.ts';
import { openStream, readStreamUntil } from '../../test/support/sse.ts';
import { uuidv7 } from '../core/index.ts';
import { MAX_STREAMS_PER_CREDENTIAL } from './stream-access.ts';
import { STREAM_RECHECK_MS } from '../server/routes/events.ts';

/** Read the stream until it ends (or `ms` passes); returns the text and whether the server closed it. */
async function readUntilEnd(res: Response, ms: number): Promise<{ text: string; ended: boolean }> {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) {
      await reader.cancel();
      return { text, ended: false };
    }
    const r = await Promise.race([reader.read(), new Promise<'timeout'>((ok) => setTimeout(() => ok('timeout'), left))]);
    if (r === 'timeout') continue;
    if (r.done) return { text, ended: true };
    text += dec.decode(r.value, { stream: true });
  }
}

async function withServer(fn: (s: AuthTestApp, base: string) => Promise<void>): Promise<void> {
  const s = await authTestApp({ heartbeatMs: 200 });
  try {
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = s.app.server.address() as { port: number };
    await fn(s, `http://127.0.0.1:${port}`);
  } finally {
    await s.close();
  }
}

const revocations: [string, (s: AuthTestApp, who: { token: string; username: string }) => Promise<void>][] = [
  ['logout', async (s, who) => {
    const r = await s.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${who.token}` } });
    assert.equal(r.statusCode, 204);
  }],
  ['user disabled', (s, who) => s.trust.auth.setDisabled(who.username, true)],
  ['session expired', async (s, who) => {
    await s.trust.sql.query('UPDATE auth_sessions SET expires_at = $1 WHERE username = $2', ['2000-01-01T00:00:00.000Z', who.username]);
    s.trust.auth.forget(); // a change behind the service's back: its brief session cache is emptied by hand
  }],
];

for (const [name, revoke] of revocations) {
  test(`an open stream closes within seconds of ${name}, with a "closed" message`, async () => {
    await withServer(async (s, base) => {
      const medic = await createUserAndLogin(s, 'medic', { units: ['1-coy'] });
      const res = await openStream(base, medic.token, { after: 0 });
      assert.equal(res.status, 200);
      await revoke(s, medic);
      const started = Date.now();
      const { text, ended } = await readUntilEnd(res, 6000);
      assert.ok(ended, `the server ended the stream (got ${text.slice(-200)})`);
      assert.ok(Date.now() - started < 5000, 'within seconds');
      assert.match(text, /event: closed\ndata: \{"reason":/);
    });
  });
}

/** Make the credential check fail (the trust database away) until the returned function is called. */
function failChecks(s: AuthTestApp): { calls: () => number; restore: () => void } {
  const auth = s.trust.auth;
  const real = auth.authenticate;
  let n = 0;
  auth.authenticate = async () => {
    n++;
    throw new Error('trust database unavailable');
  };
  return { calls: () => n, restore: () => void (auth.authenticate = real) };
}

test('a credential check that fails is not a revocation: the stream rides it out, then ends without "closed" so the client reconnects', async () => {
  await withServer(async (s, base) => {
    const medic = await createUserAndLogin(s, 'medic', { units: ['1-coy'] });
    const res = await openStream(base, medic.token, { after: 0 });
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let text = '';
    let ended = false;
    const pump = (async () => {
      for (;;) {
        const r = await reader.read();
        if (r.done) return void (ended = true);
        text += dec.decode(r.value, { stream: true });
      }
    })().catch(() => undefined);
    const fault = failChecks(s);
    for (let i = 0; i < 400 && fault.calls() < 2 && !ended; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(!ended, 'a failed check does not end the stream at once');
    assert.ok(fault.calls() >= 2, 'the open stream re-checked its credential');
    assert.doesNotMatch(text, /event: closed/);
    fault.restore();
    // Still live: an event written now reaches it.
    const id = uuidv7();
    const at = new Date(Date.now() - 600_000).toISOString();
    const registered = { id, casualtyId: id, type: 'registered', at, recordedAt: at, deviceId: 'phone', author: medic.username, payload: { injuredAt: at, unitId: '1-coy', sex: 'unknown', status: 'military' } };
    const post = await s.app.inject({ method: 'POST', url: '/api/sync/push', headers: medic.headers, payload: { events: [registered] } });
    assert.equal(post.statusCode, 200, post.body);
    for (let i = 0; i < 400 && !text.includes(id); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(text, new RegExp(id));
    // Checks that keep failing past the grace end the stream, without "closed" (not a sign-out).
    const still = failChecks(s);
    for (let i = 0; i < 600 && !ended; i++) await new Promise((r) => setTimeout(r, 50));
    still.restore();
    assert.ok(ended, 'the stream ended after the grace');
    assert.doesNotMatch(text, /event: closed/);
    await pump;
  });
});

test('a medic moved out of a unit stops receiving its casualties on an already open stream (and keeps the stream)', async () => {
  // Attack review: the re-check compared user and role only, and the scope filter kept the principal of the opening,
  // so the stream went on delivering b-coy's casualties for as long as it stayed open.
  await withServer(async (s, base) => {
    const admin = await createUserAndLogin(s, 'admin');
    const medic = await createUserAndLogin(s, 'medic', { units: ['a-coy', 'b-coy'] });
    const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
    const res = await openStream(base, medic.token);
    assert.equal(res.status, 200);
    const moved = await s.app.inject({ method: 'PATCH', url: `/api/users/${medic.username}`, headers: admin.headers, payload: { units: ['a-coy'] } });
    assert.equal(moved.statusCode, 200, moved.body);
    // A page re-checks the credential when the last check is older than half the re-check interval.
    await new Promise((ok) => setTimeout(ok, STREAM_RECHECK_MS / 2 + 200));
    const [b, a] = [uuidv7(), uuidv7()];
    for (const [id, unitId] of [[b, 'b-coy'], [a, 'a-coy']] as const)
      assert.equal((await s.app.inject({ method: 'POST', url: '/api/casualties', headers: admin.headers, payload: { id, injuredAt: ago(5), unitId } })).statusCode, 201);
    const text = await readStreamUntil(res, a, 20_000);
    assert.ok(text.includes(a), 'the stream stays open and delivers the unit the medic keeps');
    assert.ok(!text.includes(b), 'nothing of the unit the medic left');
    assert.ok(!text.includes('event: closed'));
  });
});

test('an enrolled device\'s stream closes within seconds of the device\'s revocation', async () => {
  await withServer(async (s, base) => {
    await createUserAndLogin(s, 'medic', { units: ['1-coy'], username: 'medic-dev' });
    const { code, deviceId } = await s.trust.auth.createEnrolment('medic-dev', 'phone');
    const { token } = await s.trust.auth.enrol(code);
    const res = await openStream(base, token, { after: 0 });
    assert.equal(res.status, 200);
    await s.trust.auth.revokeDevice(deviceId);
    const { ended } = await readUntilEnd(res, 6000);
    assert.ok(ended);
  });
});

test('the bearer token is not accepted in the URL; a stream ticket is single-use; the stream carries the security headers', async () => {
  await withServer(async (s, base) => {
    const medic = await createUserAndLogin(s, 'medic', { units: ['1-coy'] });
    assert.notEqual((await fetch(`${base}/api/stream?after=0&access_token=${medic.token}`)).status, 200, 'token in the URL');
    const t = await fetch(`${base}/api/stream/ticket`, { method: 'POST', headers: medic.headers });
    const { ticket } = (await t.json()) as { ticket: string };
    assert.doesNotMatch(ticket, new RegExp(medic.token));
    const ac = new AbortController();
    const first = await fetch(`${base}/api/stream?ticket=${ticket}`, { signal: ac.signal });
    assert.equal(first.status, 200);
    assert.match(String(first.headers.get('content-security-policy')), /frame-ancestors 'none'/);
    assert.equal(first.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(first.headers.get('referrer-policy'), 'no-referrer');
    const again = await fetch(`${base}/api/stream?ticket=${ticket}`);
    assert.equal(again.status, 401, 'a used ticket opens nothing');
    ac.abort();
  });
});

test(`one credential holds at most ${MAX_STREAMS_PER_CREDENTIAL} streams at once (429 beyond); closing one frees its place`, async () => {
  await withServer(async (s, base) => {
    const medic = await createUserAndLogin(s, 'medic', { units: ['1-coy'] });
    const other = await createUserAndLogin(s, 'medic', { units: ['1-coy'] });
    const acs: AbortController[] = [];
    // The responses are kept: fetch cancels the body of a Response that is garbage-collected unread, which closed one
    // of these streams (and freed its place) in a loaded run of 108 s, so the fifth was let in.
    const held: Response[] = [];
    for (let i = 0; i < MAX_STREAMS_PER_CREDENTIAL; i++) {
      const ac = new AbortController();
      acs.push(ac);
      held.push(await openStream(base, medic.token, { signal: ac.signal }));
      assert.equal(held[i]!.status, 200);
    }
    const over = await openStream(base, medic.token);
    assert.equal(over.status, 429);
    assert.equal(((await over.json()) as { error: { code: string } }).error.code, 'rate_limited');
    const ac = new AbortController();
    assert.equal((await openStream(base, other.token, { signal: ac.signal })).status, 200, 'another credential is not affected');
    ac.abort();
    acs[0]!.abort();
    let status = 0;
    // By a deadline, not 50 rounds: the server learns of the closed stream when its socket closes, late under load.
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && status !== 200;) {
      await new Promise((r) => setTimeout(r, 50));
      const r = await openStream(base, medic.token, { signal: acs[1]!.signal });
      status = r.status;
      if (status !== 200) await r.body?.cancel();
    }
    assert.equal(status, 200, 'a freed place can be used again');
    for (const a of acs) a.abort();
    assert.equal(held.length, MAX_STREAMS_PER_CREDENTIAL); // held to here
  });
});

test('stream reads are audited as one entry per stream per interval, not one per stream per write (issue 16 item 4)', async () => {
  await withServer(async (s, base) => {
    const admin = await createUserAndLogin(s, 'admin');
    const watcher = await createUserAndLogin(s, 'dispatcher');
    const acs = [new AbortController(), new AbortController(), new AbortController()];
    const streams = await Promise.all(acs.map((ac) => openStream(base, watcher.token, { after: 0, signal: ac.signal })));
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const id = uuidv7();
      ids.push(id);
      const r = await s.app.inject({ method: 'POST', url: '/api/casualties', headers: admin.headers, payload: { id, injuredAt: new Date(Date.now() - 60_000).toISOString() } });
      assert.equal(r.statusCode, 201, r.body);
    }
    const last = ids[ids.length - 1]!;
    await Promise.all(streams.map((res) => readStreamUntil(res, last, 20_000)));
    for (const ac of acs) ac.abort();
    let reads: { detail: Record<string, unknown> }[] = [];
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((ok) => setTimeout(ok, 50))) {
      reads = (await s.trust.audit.entries(0, 10_000)).filter((e) => e.action === 'GET /api/stream' && e.actor === watcher.username);
      const named = reads.flatMap((e) => (e.detail.casualties as string[] | undefined) ?? []);
      if (named.filter((x) => x === last).length >= 3) break;
    }
    const pages = reads.filter((e) => e.detail.casualties !== undefined);
    assert.equal(reads.length - pages.length, 3, 'each opening is audited');
    assert.ok(pages.length <= 6, `${pages.length} audit entries for 3 streams × 10 writes`);
    for (const id of ids) assert.equal(pages.filter((e) => (e.detail.casualties as string[]).includes(id)).length, 3, 'every read named');
  });
});

/**
 * Count the encodings of the stream pages that name `needle` as they leave for the sockets: a string written is
 * encoded by that write (once per stream); a buffer written to several streams was encoded once.
 */
function watchEncodings(needle: string): { writes: () => number; encodings: () => number; restore: () => void } {
  const proto = ServerResponse.prototype as { write: (chunk: unknown, ...rest: unknown[]) => boolean };
  const real = proto.write;
  let writes = 0;
  let strings = 0;
  const buffers = new Set<unknown>();
  proto.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : '';
    if (text.includes('event: casualty-event') && text.includes(needle)) {
      writes++;
      if (typeof chunk === 'string') strings++;
      else buffers.add(chunk);
    }
    return real.call(this, chunk, ...rest);
  };
  return { writes: () => writes, encodings: () => strings + buffers.size, restore: () => void (proto.write = real) };
}

/** Collect a stream's text in the background; `beats()` counts its heartbeats. */
function collect(res: Response): { text: () => string; beats: () => number } {
  let text = '';
  const dec = new TextDecoder();
  void (async () => {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) text += dec.decode(chunk, { stream: true });
  })().catch(() => undefined);
  return { text: () => text, beats: () => text.split(': heartbeat').length - 1 };
}

const waitFor = async (what: string, ok: () => boolean, ms = 20_000) => {
  for (const deadline = Date.now() + ms; !ok(); await new Promise((r) => setTimeout(r, 20))) if (Date.now() > deadline) throw new Error(`timeout: ${what}`);
};

const registeredIn = (unitId: string, author: string) => {
  const id = uuidv7();
  const at = new Date(Date.now() - 600_000).toISOString();
  return { id, casualtyId: id, type: 'registered', at, recordedAt: at, deviceId: 'phone', author, payload: { injuredAt: at, unitId, sex: 'unknown', status: 'military' } };
};

/** Open streams at the head and wait until each has had two heartbeats: each has caught up and rides the hub. */
async function openCaughtUp(base: string, tokens: string[], signal: AbortSignal) {
  const streams: ReturnType<typeof collect>[] = [];
  for (const token of tokens) {
    const res = await openStream(base, token, { signal });
    assert.equal(res.status, 200);
    streams.push(collect(res));
  }
  await waitFor('heartbeats', () => streams.every((s) => s.beats() >= 2));
  return streams;
}

test('a page is encoded once for every stream that shows the same events, not once per stream (issue 16)', async () => {
  await withServer(async (s, base) => {
    const admin = await createUserAndLogin(s, 'admin');
    // Two people of the same unit: their streams show the same events, so they share the page's bytes.
    const a = await createUserAndLogin(s, 'dispatcher', { units: ['1-coy'] });
    const b = await createUserAndLogin(s, 'dispatcher', { units: ['1-coy'] });
    const ac = new AbortController();
    try {
      const streams = await openCaughtUp(base, [a.token, a.token, a.token, b.token, b.token, b.token], ac.signal);
      const e = registeredIn('1-coy', admin.username);
      const seen = watchEncodings(e.id);
      try {
        const r = await s.app.inject({ method: 'POST', url: '/api/sync/push', headers: admin.headers, payload: { events: [e] } });
        assert.equal(r.statusCode, 200, r.body);
        await waitFor('the event on every stream', () => streams.every((x) => x.text().includes(e.id)));
      } finally {
        seen.restore();
      }
      assert.equal(seen.writes(), 6, 'one write per stream');
      assert.equal(seen.encodings(), 1, `${seen.encodings()} encodings of one page for 6 streams at one cursor`);
    } finally {
      ac.abort();
    }
  });
});

test('streams of different scopes never share a page: a narrower stream receives no event outside its scope (issue 16)', async () => {
  await withServer(async (s, base) => {
    const admin = await createUserAndLogin(s, 'admin');
    const first = await createUserAndLogin(s, 'dispatcher', { units: ['1-coy'] });
    const second = await createUserAndLogin(s, 'dispatcher', { units: ['2-coy'] });
    const all = await createUserAndLogin(s, 'dispatcher');
    const ac = new AbortController();
    try {
      const [f1, f2, s1, a1] = await openCaughtUp(base, [first.token, first.token, second.token, all.token], ac.signal);
      // One push, one page: a casualty of each unit.
      const one = registeredIn('1-coy', admin.username);
      const two = registeredIn('2-coy', admin.username);
      const seen = watchEncodings('casualty-event');
      try {
        const r = await s.app.inject({ method: 'POST', url: '/api/sync/push', headers: admin.headers, payload: { events: [one, two] } });
        assert.equal(r.statusCode, 200, r.body);
        await waitFor('the page on every stream', () => f1!.text().includes(one.id) && f2!.text().includes(one.id) && s1!.text().includes(two.id) && a1!.text().includes(one.id) && a1!.text().includes(two.id));
        // Whatever came after the page (a late page would be a second write) has had time to arrive.
        await waitFor('two more heartbeats', () => [f1!, f2!, s1!, a1!].every((x) => x.beats() >= 4));
      } finally {
        seen.restore();
      }
      for (const x of [f1!, f2!]) assert.ok(!x.text().includes(two.id), '1-coy never receives 2-coy');
      assert.ok(!s1!.text().includes(one.id), '2-coy never receives 1-coy');
      assert.equal(seen.writes(), 4, 'one page, one write per stream');
      assert.equal(seen.encodings(), 3, 'three scopes shown, three encodings; the two 1-coy streams share one');
    } finally {
      ac.abort();
    }
  });
});
