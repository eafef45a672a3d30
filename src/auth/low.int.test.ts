// Issue 14, the Low items: password policy, private data files, enrolment of revoked devices and disabled users,
// the login throttle per account, a session's device bound to the credential, /api/stats per period,
// anonymous /api/health without the log head, the error shape for bad URLs and oversized headers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { uuidv7 } from '../core/index.ts';
import { authTestApp, createUserAndLogin, TEST_PASSWORD } from '../../test/support/auth.ts';
import { passwordProblem } from './password-policy.ts';
import { passwordHashing } from './crypto.ts';

test('password policy: common, repeated, run-like, username-containing and control-character passwords are refused', async () => {
  for (const p of ['password123', 'Password1!', 'qwertyuiop', '1234567890', 'aaaaaaaaaaaa', 'abcabcabcabc', 'abababababab', 'x\u0000yzzy-long-pass', 'tab\there-long-pass', 'medic-7-secret-pass'])
    assert.ok(passwordProblem(p, 'medic-7'), p);
  for (const p of [TEST_PASSWORD, 'change-me-now-please', 'Kv4521-bravo-nine'])
    assert.equal(passwordProblem(p, 'medic-7'), null, p);
  const t = await authTestApp();
  try {
    const admin = await createUserAndLogin(t, 'admin');
    const r = await t.app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: { username: 'weakling', password: 'password123', role: 'analyst' } });
    assert.equal(r.statusCode, 400, r.body);
    assert.match(r.body, /common/);
  } finally {
    await t.close();
  }
});

test('the data directory is 0700 and the database files 0600', async () => {
  const t = await authTestApp();
  try {
    assert.equal(statSync(t.dir).mode & 0o777, 0o700);
    for (const f of ['goldenhour.db', 'trust.db']) assert.equal(statSync(join(t.dir, f)).mode & 0o777, 0o600, f);
  } finally {
    await t.close();
  }
});

test('enrolment is refused for a revoked device and for a disabled user, even with a valid unused code', async () => {
  const t = await authTestApp();
  try {
    await createUserAndLogin(t, 'medic', { username: 'medic-a' });
    await createUserAndLogin(t, 'medic', { username: 'medic-b' });
    const a = await t.trust.auth.createEnrolment('medic-a', 'phone a');
    await t.trust.auth.revokeDevice(a.deviceId);
    const b = await t.trust.auth.createEnrolment('medic-b', 'phone b');
    await t.trust.auth.setDisabled('medic-b', true);
    for (const code of [a.code, b.code]) {
      const r = await t.app.inject({ method: 'POST', url: '/api/auth/enrol', payload: { code } });
      assert.equal(r.statusCode, 401, r.body);
    }
  } finally {
    await t.close();
  }
});

test('the login throttle is per account and address, under a per-account ceiling: a guesser locks out neither the others behind the same address nor the account\'s owner elsewhere', async () => {
  const t = await authTestApp({ trustOptions: { rateLimit: { burst: 1000, perSecond: 1000 } } });
  try {
    // Both buckets refill one try per 10 s, and a wrong password costs a hash (seconds each on a loaded machine): the
    // bounds below count what refilled while the test ran, so that they hold however slow the machine is.
    const t0 = performance.now();
    const refilled = (): number => Math.ceil(((performance.now() - t0) / 1000) * 0.1);
    await createUserAndLogin(t, 'medic', { username: 'victim' });
    await createUserAndLogin(t, 'medic', { username: 'colleague' });
    const guess = async (password: string, remoteAddress?: string): Promise<number> =>
      (await t.app.inject({ method: 'POST', url: '/api/auth/login', ...(remoteAddress ? { remoteAddress } : {}), payload: { username: 'victim', password } })).statusCode;
    let tries = 1; // the sign-in above
    const codes: number[] = [];
    while (codes.at(-1) !== 429 && codes.length <= 10 + refilled()) codes.push(await guess(`wrong guess ${codes.length}`));
    tries += codes.length;
    assert.equal(codes.at(-1), 429, `the guessed account is throttled after 10 tries from one address: ${codes}`);
    codes.push(await guess('wrong guess again'), await guess('and again')); // refused before any hash: no time to refill
    tries += 2;
    assert.deepEqual(codes.slice(-3), [429, 429, 429], `${codes}`);
    const other = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'colleague', password: TEST_PASSWORD } });
    assert.equal(other.statusCode, 200, 'a colleague at the same address still signs in');
    // Attack review: the guesses of someone else locked the owner out everywhere. From their own address they sign in.
    const owner = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.1.2.3', payload: { username: 'victim', password: TEST_PASSWORD } });
    tries++;
    assert.equal(owner.statusCode, 200, `the owner, right password, another address: ${owner.body}`);
    // Guessing spread over many addresses (ten at a time, each address new) meets the account's own ceiling (100
    // tries, then one per 10 s), whatever the address.
    const spread: number[] = [];
    for (let a = 0; !spread.includes(429) && tries <= 100 + refilled() + 10; a++) {
      spread.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => guess(`guess ${a}-${i}`, `198.51.100.${a}`)))));
      tries += 10;
    }
    assert.ok(spread.includes(429), `no refusal after ${tries} tries in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${spread}`);
    // A new address is refused too. On a loaded machine the last batch's hashes can take seconds, so the account's
    // bucket may have refilled a try (one per 10 s) since its refusal: those it refilled are let through, no more.
    const refused = performance.now();
    const more: number[] = [];
    do more.push(await guess(`one more guess ${more.length}`, '192.0.2.77'));
    while (more.at(-1) !== 429 && more.length <= Math.ceil((performance.now() - refused) / 10_000));
    assert.equal(more.at(-1), 429, `after ${spread.filter((c) => c === 401).length} wrong passwords from many addresses: ${more}`);
  } finally {
    await t.close();
  }
});

test('a flood of sign-ins: at most two password hashes at a time, a bounded line, the rest 503 with Retry-After (not queued, not 500) and audited as busy', async () => {
  const t = await authTestApp();
  const line = passwordHashing.waiting;
  passwordHashing.waiting = 4; // the server's 32 cost 34 hashes here: the same behaviour, quicker
  try {
    await createUserAndLogin(t, 'medic', { username: 'steady' });
    // Distinct unknown accounts, so the per-account throttle never answers first; each still costs a hash.
    const flood = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `nobody-${i}`, password: 'a wrong guess' } })));
    const busy = flood.filter((r) => r.statusCode === 503);
    assert.deepEqual([...new Set(flood.map((r) => r.statusCode))].sort(), [401, 503], 'every answer is a wrong password or busy');
    assert.ok(busy.length >= 1 && busy.length <= 20 - 6, `refused ${busy.length}`);
    for (const r of busy) {
      assert.equal(r.headers['retry-after'], '2');
      assert.equal(r.json().error.code, 'unavailable');
    }
    const audited = (await t.trust.audit.entries(0, 1000)).filter((e) => e.action === 'auth.login.busy');
    assert.equal(audited.length, busy.length, 'each refusal is audited as busy, not as a wrong password');
    const after = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'steady', password: TEST_PASSWORD } });
    assert.equal(after.statusCode, 200, 'the gate empties: the next sign-in goes through');
  } finally {
    passwordHashing.waiting = line;
    await t.close();
  }
});

test('a session cannot claim another user\'s (or a revoked) device', async () => {
  const t = await authTestApp();
  try {
    await createUserAndLogin(t, 'medic', { username: 'owner-1' });
    await createUserAndLogin(t, 'medic', { username: 'other-1' });
    const { deviceId } = await t.trust.auth.createEnrolment('owner-1', 'phone');
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'other-1', password: TEST_PASSWORD, deviceId } });
    assert.equal(r.statusCode, 403, r.body);
    const own = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'owner-1', password: TEST_PASSWORD, deviceId } });
    assert.equal(own.statusCode, 200, own.body);
    const browser = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'other-1', password: TEST_PASSWORD, deviceId: 'web-0a1b2c3d4e5f' } });
    assert.equal(browser.statusCode, 200, 'a browser\'s own id is fine');
  } finally {
    await t.close();
  }
});

test('/api/stats is computed once per period: an event recorded between two calls in the same hour does not show', async () => {
  let now = '2026-03-01T10:05:00.000Z';
  const t = await authTestApp({ now: () => now });
  try {
    const admin = await createUserAndLogin(t, 'admin');
    const analyst = await createUserAndLogin(t, 'analyst');
    const first = (await t.app.inject({ method: 'GET', url: '/api/stats', headers: analyst.headers })).json() as { casualties: unknown };
    const r = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: admin.headers, payload: { id: uuidv7(), injuredAt: '2026-03-01T10:00:00.000Z' } });
    assert.equal(r.statusCode, 201, r.body);
    now = '2026-03-01T10:40:00.000Z';
    const second = (await t.app.inject({ method: 'GET', url: '/api/stats', headers: analyst.headers })).json() as { casualties: unknown };
    assert.deepEqual(second, first, 'same period, same answer');
    now = '2026-03-01T11:01:00.000Z';
    const next = (await t.app.inject({ method: 'GET', url: '/api/stats', headers: analyst.headers })).json() as { casualties: unknown; generatedAt: string };
    assert.notDeepEqual(next.casualties, first.casualties, 'the next period counts it');
  } finally {
    await t.close();
  }
});

test('anonymous /api/health has no log head; signed in, it does', async () => {
  const t = await authTestApp();
  try {
    const anon = (await t.app.inject({ method: 'GET', url: '/api/health' })).json() as Record<string, unknown>;
    assert.equal(anon.ok, true);
    assert.equal('head' in anon, false);
    const admin = await createUserAndLogin(t, 'admin');
    const signed = (await t.app.inject({ method: 'GET', url: '/api/health', headers: admin.headers })).json() as Record<string, unknown>;
    assert.equal(typeof signed.head, 'number');
  } finally {
    await t.close();
  }
});

const raw = (port: number, path: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; body: string; type: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }));
    });
    req.on('error', reject);
    req.end();
  });

test('bad URLs and oversized headers get the documented error shape', async () => {
  const t = await authTestApp();
  try {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    for (const path of ['/api/casualties/%E0%A4%A', '/api/%zz', '/api/casualties?x=%E0%A4%A']) {
      const r = await raw(port, path);
      assert.ok(r.status === 400 || r.status === 404 || r.status === 401, `${path}: ${r.status}`);
      const body = JSON.parse(r.body) as { error: { code: string; message: string; issues: unknown[] } };
      assert.equal(typeof body.error.code, 'string', `${path}: ${r.body}`);
      assert.ok(Array.isArray(body.error.issues));
    }
    const big = await raw(port, '/api/health', { 'x-filler': 'x'.repeat(20_000) });
    assert.equal(big.status, 431);
    assert.match(big.type, /application\/json/);
    assert.equal((JSON.parse(big.body) as { error: { code: string } }).error.code, 'header_too_large');
  } finally {
    await t.close();
  }
});

test('`limit` counts what the caller may see: a medic asking for 2 gets their 2, even behind many of other units', async () => {
  const t = await authTestApp();
  try {
    const admin = await createUserAndLogin(t, 'admin');
    const medic = await createUserAndLogin(t, 'medic', { units: ['1-coy'] });
    const injuredAt = new Date(Date.now() - 60_000).toISOString();
    const mine: string[] = [];
    for (const unitId of [...Array(5).fill('2-coy'), '1-coy', '1-coy'] as string[]) {
      const id = uuidv7();
      if (unitId === '1-coy') mine.push(id);
      const r = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: admin.headers, payload: { id, injuredAt, unitId } });
      assert.equal(r.statusCode, 201, r.body);
    }
    const r = await t.app.inject({ method: 'GET', url: '/api/casualties?limit=2', headers: medic.headers });
    assert.deepEqual((r.json() as { casualties: { id: string }[] }).casualties.map((c) => c.id).sort(), [...mine].sort());
    const all = await t.app.inject({ method: 'GET', url: '/api/casualties?limit=3', headers: admin.headers });
    assert.equal((all.json() as { casualties: unknown[] }).casualties.length, 3, 'an unscoped caller is cut at the limit too');
  } finally {
    await t.close();
  }
});
