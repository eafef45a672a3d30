// Authentication and authorisation over real HTTP handling (fastify inject) on a real SQLite store + trust db.
// Every route: no token → 401, a role outside its policy → 403 (generated from the route table and the policy).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../core/index.ts';
import { CURSOR_TOKEN } from '../core/api.ts';
import { buildApp } from '../server/app.ts';
import { authTestApp, createUserAndLogin } from '../../test/support/auth.ts';
import type { AuthTestApp } from '../../test/support/auth.ts';
import { POLICY, ROLES } from './policy.ts';
import type { Role } from './policy.ts';
import { openStream, readStreamUntil } from '../../test/support/sse.ts';

let t: AuthTestApp;
const tokens = new Map<Role, { authorization: string }>();
before(async () => {
  t = await authTestApp();
  for (const role of ROLES) tokens.set(role, (await createUserAndLogin(t, role, role === 'medic' ? { units: ['1-coy'] } : role === 'facility' ? { facilities: ['role2-north'] } : {})).headers);
});
after(async () => t.close());

const H = (r: Role) => tokens.get(r)!;
const concrete = (url: string) => url.replace(':id', uuidv7());

test('auth is on by default: buildApp without auth options refuses to start', async () => {
  await assert.rejects(buildApp({ store: t.store } as never), /auth is required/);
});

test('every route declares an access class (fail closed)', () => {
  const missing = t.app.routeTable.filter((r) => r.access === undefined);
  assert.deepEqual(missing, []);
  assert.ok(t.app.routeTable.length >= 20, `${t.app.routeTable.length} routes`);
});

test('every protected route: no token → 401, forged token → 401, a role outside its policy → 403', async () => {
  let denials = 0;
  const routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/') && r.access !== 'public' && r.method !== 'HEAD');
  for (const r of routes) {
    const url = concrete(r.url);
    const method = r.method as 'GET';
    const none = await t.app.inject({ method, url, payload: method === 'GET' || method === 'DELETE' as string ? undefined : {} });
    assert.equal(none.statusCode, 401, `${r.method} ${r.url} without a token: ${none.body}`);
    const forged = await t.app.inject({ method, url, headers: { authorization: 'Bearer ghs_forgedforgedforgedforgedforged' } });
    assert.equal(forged.statusCode, 401, `${r.method} ${r.url} with a forged token`);
    denials += 2;
    const outsiders = ROLES.filter((role) => !POLICY[r.access!].includes(role));
    for (const role of outsiders) {
      const res = await t.app.inject({ method, url, headers: H(role), ...(method === 'GET' ? {} : { payload: {} }) });
      assert.equal(res.statusCode, 403, `${r.method} ${r.url} as ${role}: ${res.body}`);
      denials++;
    }
  }
  console.log(`# denial checks: ${denials} over ${routes.length} protected routes`);
});

const reg = (id: string, unitId: string, author: string) => ({
  id,
  casualtyId: id,
  type: 'registered',
  at: new Date(Date.now() - 3_600_000).toISOString(),
  recordedAt: new Date().toISOString(),
  deviceId: 'phone',
  author,
  payload: { injuredAt: new Date(Date.now() - 3_600_000).toISOString(), unitId, sex: 'unknown', status: 'military' },
});

test('row scope: a medic sees casualties of their unit and those they recorded, not others', async () => {
  const other = await createUserAndLogin(t, 'medic', { units: ['2-coy'] });
  const mine = uuidv7();
  const theirs = uuidv7();
  const admin = H('admin');
  let r = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: admin, payload: { events: [reg(mine, '1-coy', 'admin-x'), reg(theirs, '2-coy', 'admin-x')] } });
  assert.equal(r.statusCode, 200, r.body);
  r = await t.app.inject({ method: 'GET', url: `/api/casualties/${theirs}`, headers: H('medic') });
  assert.equal(r.statusCode, 404, 'another unit\'s casualty is not even acknowledged to exist');
  for (const sub of t.app.routeTable.filter((x) => x.method === 'GET' && x.url.startsWith('/api/casualties/:id'))) {
    r = await t.app.inject({ method: 'GET', url: sub.url.replace(':id', theirs), headers: H('medic') });
    assert.equal(r.statusCode, 404, `${sub.url} of another unit's casualty`);
  }
  r = await t.app.inject({ method: 'GET', url: `/api/casualties/${mine}`, headers: H('medic') });
  assert.equal(r.statusCode, 200);
  r = await t.app.inject({ method: 'GET', url: '/api/casualties', headers: H('medic') });
  const ids = (r.json() as { casualties: { id: string }[] }).casualties.map((c) => c.id);
  assert.ok(ids.includes(mine) && !ids.includes(theirs));
  r = await t.app.inject({ method: 'GET', url: '/api/events?after=0', headers: other.headers });
  assert.ok((r.json() as { events: { casualtyId: string }[] }).events.every((e) => e.casualtyId === theirs));
  r = await t.app.inject({ method: 'GET', url: '/api/sync/pull?after=0', headers: H('medic') });
  const page = r.json() as { events: { casualtyId: string }[]; next: string; more: boolean };
  assert.deepEqual([...new Set(page.events.map((e) => e.casualtyId))], [mine]);
  // Its cursor is a token that moved past the other unit's events (nothing more to read), not a count of them.
  assert.match(page.next, CURSOR_TOKEN);
  assert.equal(page.more, false);
  // Writing to another unit's casualty is refused, as to an unknown id (it does not exist for them); so is writing as
  // someone else.
  r = await t.app.inject({ method: 'POST', url: `/api/casualties/${theirs}/events`, headers: H('medic'), payload: { events: [{ type: 'note', at: new Date().toISOString(), payload: { text: 'x' } }] } });
  assert.equal(r.statusCode, 404);
  r = await t.app.inject({ method: 'POST', url: `/api/casualties/${mine}/events`, headers: H('medic'), payload: { events: [{ type: 'note', author: 'someone-else', at: new Date().toISOString(), payload: { text: 'x' } }] } });
  assert.equal(r.statusCode, 403);
  r = await t.app.inject({ method: 'POST', url: `/api/casualties/${mine}/events`, headers: H('medic'), payload: { events: [{ type: 'note', at: new Date().toISOString(), payload: { text: 'ok' } }] } });
  assert.equal(r.statusCode, 200, r.body);
});

test('SYNC-10 irreversible transitions are accepted only from the receiving facility', async () => {
  const cid = uuidv7();
  const now = new Date().toISOString();
  const ev = (type: string, payload: object, author: string) => ({ id: uuidv7(), casualtyId: cid, type, at: now, recordedAt: now, deviceId: 'x', author, payload });
  const medic = await createUserAndLogin(t, 'medic', { units: ['1-coy'] });
  let r = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: medic.headers, payload: { events: [reg(cid, '1-coy', medic.username)] } });
  assert.equal(r.statusCode, 200, r.body);
  r = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: medic.headers, payload: { events: [ev('arrival', { facilityId: 'role2-north' }, medic.username)] } });
  assert.equal(r.statusCode, 403, 'a medic cannot declare the handover');
  r = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: medic.headers, payload: { events: [ev('outcome', { outcome: 'returned-to-duty', facilityId: 'role2-north' }, medic.username)] } });
  assert.equal(r.statusCode, 403);
  const south = await createUserAndLogin(t, 'facility', { facilities: ['role2-south'] });
  r = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: south.headers, payload: { events: [ev('arrival', { facilityId: 'role2-north' }, south.username)] } });
  assert.equal(r.statusCode, 404, 'nor can another facility (the casualty does not exist for it)');
  const north = await createUserAndLogin(t, 'facility', { facilities: ['role2-north'] });
  r = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: north.headers, payload: { events: [ev('arrival', { facilityId: 'role2-north' }, north.username)] } });
  assert.equal(r.statusCode, 404, 'not even the named facility, for a patient not sent to it (issue 14 item 1): it does not exist for it');
  r = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: medic.headers, payload: { events: [ev('destination', { facilityId: 'role2-north' }, medic.username)] } });
  assert.equal(r.statusCode, 200, r.body);
  r = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: north.headers, payload: { events: [ev('arrival', { facilityId: 'role2-north' }, north.username)] } });
  assert.equal(r.statusCode, 200, r.body);
  const head = (await t.store.casualty(cid))!;
  assert.equal(head.stage, 'at-facility');
  assert.equal((await t.store.eventsOf(cid)).length, 3, 'nothing of the refused batches was stored');
});

test('analyst: only de-identified aggregates', async () => {
  let r = await t.app.inject({ method: 'GET', url: '/api/stats', headers: H('analyst') });
  assert.equal(r.statusCode, 200);
  assert.doesNotMatch(r.body, /[0-9a-f]{8}-[0-9a-f]{4}-/, 'no ids');
  r = await t.app.inject({ method: 'GET', url: '/api/casualties', headers: H('analyst') });
  assert.equal(r.statusCode, 403);
});

test('devices: enrolment code → credential; revocation cuts the phone off at once', async () => {
  const medic = await createUserAndLogin(t, 'medic', { units: ['1-coy'] });
  let r = await t.app.inject({ method: 'POST', url: '/api/devices', headers: H('admin'), payload: { username: medic.username, label: 'phone 7' } });
  assert.equal(r.statusCode, 201, r.body);
  const { code, deviceId } = r.json() as { code: string; deviceId: string };
  r = await t.app.inject({ method: 'POST', url: '/api/auth/enrol', payload: { code: code.toLowerCase() } });
  assert.equal(r.statusCode, 200, r.body);
  const dev = { authorization: `Bearer ${(r.json() as { token: string }).token}` };
  r = await t.app.inject({ method: 'POST', url: '/api/auth/enrol', payload: { code } });
  assert.equal(r.statusCode, 401, 'a code works once');
  r = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: dev });
  assert.equal((r.json() as { user: { deviceId: string } }).user.deviceId, deviceId);
  r = await t.app.inject({ method: 'DELETE', url: `/api/devices/${deviceId}`, headers: H('admin') });
  assert.equal(r.statusCode, 200);
  r = await t.app.inject({ method: 'GET', url: '/api/casualties', headers: dev });
  assert.equal(r.statusCode, 401, 'revoked: the next request is refused');
  assert.equal(r.headers['x-device-revoked'], 'true', 'issue 17: a revoked device is told so, to wipe itself');
  r = await t.app.inject({ method: 'GET', url: '/api/casualties', headers: { authorization: 'Bearer ghd_not-a-token-of-anyone' } });
  assert.equal(r.statusCode, 401);
  assert.equal(r.headers['x-device-revoked'], undefined, 'an unknown token is told nothing more');
});

test('sessions expire; logout ends a session; wrong passwords are refused', async () => {
  const u = await createUserAndLogin(t, 'dispatcher');
  await t.trust.sql.query(`UPDATE auth_sessions SET expires_at = '2000-01-01T00:00:00.000Z' WHERE username = $1`, [u.username]);
  t.trust.auth.forget(); // a change behind the service's back: its brief session cache is emptied by hand
  let r = await t.app.inject({ method: 'GET', url: '/api/casualties', headers: u.headers });
  assert.equal(r.statusCode, 401);
  r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'wrong password!' } });
  assert.equal(r.statusCode, 401);
  const v = await createUserAndLogin(t, 'dispatcher');
  r = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: v.headers });
  assert.equal(r.statusCode, 204);
  r = await t.app.inject({ method: 'GET', url: '/api/casualties', headers: v.headers });
  assert.equal(r.statusCode, 401);
});

test('every read of a casualty and every write is in the audit chain, which verifies', async () => {
  const medic = await createUserAndLogin(t, 'medic', { units: ['9-coy'] });
  const cid = uuidv7();
  await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: medic.headers, payload: { events: [reg(cid, '9-coy', medic.username)] } });
  await t.app.inject({ method: 'GET', url: `/api/casualties/${cid}`, headers: medic.headers });
  const entries = (await t.trust.audit.entries(0, 100_000)).filter((e) => e.actor === medic.username);
  // A stored write is audited by the casualty log, in the same transaction as the events (one fsync, issue 16).
  const writes = (await t.store.logAudit(0, 100_000)).filter((e) => e.actor === medic.username);
  assert.ok(writes.some((e) => e.action === 'POST /api/sync/push' && e.detail.ip !== undefined));
  assert.ok(entries.some((e) => e.action === 'GET /api/casualties/:id' && e.target === cid));
  const r = await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: H('admin') });
  assert.equal((r.json() as { ok: boolean }).ok, true);
});

test('security headers on every answer; rate limit answers 429', async () => {
  const r = await t.app.inject({ method: 'GET', url: '/api/health' });
  assert.match(String(r.headers['content-security-policy']), /frame-ancestors 'none'/);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.equal(r.headers['referrer-policy'], 'no-referrer');
  const limited = await authTestApp({ trustOptions: { rateLimit: { burst: 5, perSecond: 0.01 } } });
  try {
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await limited.app.inject({ method: 'GET', url: '/api/health' })).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 200, 200, 429, 429, 429]);
    assert.match(String((await limited.app.inject({ method: 'GET', url: '/api/health' })).headers['retry-after']), /^\d+$/);
  } finally {
    await limited.close();
  }
  const guarded = await authTestApp({ trustOptions: { rateLimit: { burst: 1000, perSecond: 1000 } } });
  try {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await guarded.app.inject({ method: 'POST', url: '/api/auth/enrol', payload: { code: `AAAA-BBBB-CC${String(i).padStart(2, '0')}` } })).statusCode);
    assert.deepEqual(codes.slice(0, 10), Array(10).fill(401));
    assert.deepEqual(codes.slice(10), [429, 429], 'guessing enrolment codes or passwords is throttled per address');
  } finally {
    await guarded.close();
  }
});

test('the live stream carries only the caller\'s scope (a medic sees their unit\'s events live)', async () => {
  const s = await authTestApp({ heartbeatMs: 100 });
  try {
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = s.app.server.address() as { port: number };
    const medic = await createUserAndLogin(s, 'medic', { units: ['1-coy'] });
    const admin = await createUserAndLogin(s, 'admin');
    const ac = new AbortController();
    const res = await openStream(`http://127.0.0.1:${addr.port}`, medic.token, { after: 0, signal: ac.signal });
    assert.equal(res.status, 200);
    const mine = uuidv7();
    const theirs = uuidv7();
    const r = await s.app.inject({ method: 'POST', url: '/api/sync/push', headers: admin.headers, payload: { events: [reg(theirs, '2-coy', admin.username), reg(mine, '1-coy', admin.username)] } });
    assert.equal(r.statusCode, 200, r.body);
    const text = await readStreamUntil(res, mine);
    ac.abort();
    assert.ok(text.includes(mine), 'own unit\'s casualty arrives live');
    assert.ok((await s.trust.audit.entries(0, 1000)).some((e) => e.action === 'GET /api/stream' && e.actor === medic.username), 'opening the stream is audited');
    assert.ok(!text.includes(theirs), 'another unit\'s does not');
  } finally {
    await s.close();
  }
});
