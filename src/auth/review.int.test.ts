// Regression tests for holes found in the security review: each fails without its fix.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../core/index.ts';
import { authTestApp, createUserAndLogin } from '../../test/support/auth.ts';
import type { AuthTestApp } from '../../test/support/auth.ts';
import { openStream, readStreamUntil } from '../../test/support/sse.ts';

let t: AuthTestApp;
before(async () => {
  t = await authTestApp();
});
after(async () => t.close());

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

test('percent-encoded paths get the same policy: /%61pi/… is /api/… (no token → 401, wrong role → 403)', async () => {
  const medic = await createUserAndLogin(t, 'medic', { units: ['1-coy'] });
  for (const url of ['/%61pi/casualties', '/%61pi/users', '/%61pi/export/casualties.csv', '/%61pi/audit/verify', '/api/%63asualties']) {
    const r = await t.app.inject({ method: 'GET', url });
    assert.equal(r.statusCode, 401, `${url}: ${r.body.slice(0, 100)}`);
  }
  for (const url of ['/%61pi/users', '/%61pi/export/events.csv']) {
    const r = await t.app.inject({ method: 'GET', url, headers: medic.headers });
    assert.equal(r.statusCode, 403, `${url} as a medic`);
  }
  const r = await t.app.inject({ method: 'POST', url: '/%61pi/casualties', payload: { injuredAt: ago(5) } });
  assert.equal(r.statusCode, 401);
  assert.equal((await t.store.casualties({})).length, 0, 'nothing stored');
});

test('SYNC-10: a medic cannot amend or void the receiving facility\'s arrival or outcome; the facility can', async () => {
  const medic = await createUserAndLogin(t, 'medic', { units: ['1-coy'] });
  const north = await createUserAndLogin(t, 'facility', { facilities: ['role2-north'] });
  const south = await createUserAndLogin(t, 'facility', { facilities: ['role2-south'] });
  const cid = uuidv7();
  let r = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: medic.headers, payload: { id: cid, injuredAt: ago(60), unitId: '1-coy' } });
  assert.equal(r.statusCode, 201, r.body);
  r = await t.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, headers: medic.headers, payload: { events: [{ type: 'destination', at: ago(30), payload: { facilityId: 'role2-north' } }] } });
  assert.equal(r.statusCode, 200, r.body);
  const arrival = uuidv7();
  const outcome = uuidv7();
  r = await t.app.inject({
    method: 'POST',
    url: `/api/casualties/${cid}/events`,
    headers: north.headers,
    payload: { events: [{ id: arrival, type: 'arrival', at: ago(10), payload: { facilityId: 'role2-north' } }, { id: outcome, type: 'outcome', at: ago(5), payload: { outcome: 'returned-to-duty', facilityId: 'role2-north' } }] },
  });
  assert.equal(r.statusCode, 200, r.body);
  const before = (await t.store.eventsOf(cid)).length;
  const corrections = [
    { type: 'void', at: ago(1), payload: { target: arrival, reason: 'not true' } },
    { type: 'void', at: ago(1), payload: { target: outcome, reason: 'not true' } },
    { type: 'amend', at: ago(1), payload: { target: outcome, changes: { outcome: 'died-of-wounds' }, reason: 'x' } },
    { type: 'amend', at: ago(1), payload: { target: arrival, changes: { facilityId: 'role2-south' }, reason: 'x' } },
  ];
  // The medic may see the casualty: refused (403). Another facility may not: to it the casualty and its events do not
  // exist, so it is answered as an unknown id's correction of an event stored nowhere (404), never 403
  // (docs/security.md; test/attack/event-id-oracle.int.test.ts).
  for (const [who, h, status] of [['medic', medic.headers, 403], ['another facility', south.headers, 404]] as const)
    for (const e of corrections) {
      r = await t.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, headers: h, payload: { events: [e] } });
      assert.equal(r.statusCode, status, `${who}: ${e.type} of ${e.payload.target === arrival ? 'arrival' : 'outcome'}: ${r.body}`);
      r = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: h, payload: { events: [{ ...e, id: uuidv7(), casualtyId: cid }] } });
      assert.equal(r.statusCode, status, `${who} via sync push: ${e.type}: ${r.body}`);
    }
  // Nor may the receiving facility hand its arrival to another facility by amendment.
  r = await t.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, headers: north.headers, payload: { events: [corrections[3]] } });
  assert.equal(r.statusCode, 403, r.body);
  assert.equal((await t.store.eventsOf(cid)).length, before, 'nothing of the refused corrections was stored');
  assert.equal((await t.store.casualty(cid))!.state.outcome?.outcome, 'returned-to-duty');
  // The receiving facility corrects its own record; a medic still corrects ordinary observations.
  const fix = uuidv7();
  r = await t.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, headers: north.headers, payload: { events: [{ ...corrections[2], id: fix }] } });
  assert.equal(r.statusCode, 200, r.body);
  // …and nobody else undoes that correction by voiding the amend.
  r = await t.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, headers: medic.headers, payload: { events: [{ type: 'void', at: ago(1), payload: { target: fix, reason: 'x' } }] } });
  assert.equal(r.statusCode, 403, r.body);
  assert.equal((await t.store.casualty(cid))!.state.outcome?.outcome, 'died-of-wounds');
  const note = uuidv7();
  r = await t.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, headers: medic.headers, payload: { events: [{ id: note, type: 'note', at: ago(2), payload: { text: 'x' } }, { type: 'void', at: ago(1), payload: { target: note, reason: 'typo' } }] } });
  assert.equal(r.statusCode, 200, r.body);
});

test('a bearer token that opens nothing counts against the address rate limit (no fresh bucket per random token)', async () => {
  const limited = await authTestApp({ trustOptions: { rateLimit: { burst: 5, perSecond: 0.01 } } });
  try {
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) {
      const forged = `ghs_forged${i}forgedforgedforgedforged`;
      codes.push((await limited.app.inject({ method: 'GET', url: '/api/casualties', headers: { authorization: `Bearer ${forged}` } })).statusCode);
    }
    assert.deepEqual(codes, [401, 401, 401, 401, 401, 429, 429, 429]);
    // On a public route (attack review) and on no route at all, too: 200/404 there had a fresh bucket per token.
    for (const url of ['/api/health', '/api/no-such-route']) {
      const from = url === '/api/health' ? '203.0.113.7' : '203.0.113.8';
      const answers: number[] = [];
      for (let i = 0; i < 8; i++)
        answers.push((await limited.app.inject({ method: 'GET', url, remoteAddress: from, headers: { authorization: `Bearer ghs_random${i}randomrandomrandom` } })).statusCode);
      assert.deepEqual(answers.slice(5), [429, 429, 429], `${url}: ${answers}`);
    }
  } finally {
    await limited.close();
  }
  const guarded = await authTestApp({ trustOptions: { rateLimit: { burst: 1000, perSecond: 1000 } } });
  try {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++)
      codes.push((await guarded.app.inject({ method: 'POST', url: '/api/auth/%65nrol', payload: { code: `AAAA-BBBB-CC${String(i).padStart(2, '0')}` } })).statusCode);
    assert.deepEqual(codes.slice(10), [429, 429], 'guessing codes through a percent-encoded path is throttled too');
  } finally {
    await guarded.close();
  }
});

test('the server has connection and request timeouts, and the SSE stream outlives the idle timeout', async () => {
  assert.ok(Number(t.app.initialConfig.connectionTimeout) > 0, 'connectionTimeout');
  assert.ok(t.app.server.requestTimeout > 0 && t.app.server.requestTimeout <= 300_000, 'requestTimeout');
  const s = await authTestApp({ heartbeatMs: 100 });
  try {
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    s.app.server.setTimeout(400); // idle timeout far shorter than the stream's life: the heartbeat keeps it open
    const medic = await createUserAndLogin(s, 'medic', { units: ['1-coy'] });
    const { port } = s.app.server.address() as { port: number };
    const ac = new AbortController();
    const res = await openStream(`http://127.0.0.1:${port}`, medic.token, { after: 0, signal: ac.signal });
    assert.equal(res.status, 200);
    const started = Date.now();
    let beats = 0;
    const dec = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      beats += (dec.decode(chunk).match(/: heartbeat/g) ?? []).length;
      if (Date.now() - started > 1200) break;
    }
    ac.abort();
    assert.ok(Date.now() - started > 1200 && beats >= 5, `stream stayed open (${beats} heartbeats)`);
  } finally {
    await s.close();
  }
});

test('HEAD (answered by the GET handler) gets the same row scope: another unit\'s casualty is 404, not 200', async () => {
  const admin = await createUserAndLogin(t, 'admin');
  const outsider = await createUserAndLogin(t, 'medic', { units: ['2-coy'] });
  const cid = uuidv7();
  const r = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: admin.headers, payload: { id: cid, injuredAt: ago(30), unitId: '1-coy' } });
  assert.equal(r.statusCode, 201, r.body);
  for (const sub of t.app.routeTable.filter((x) => x.method === 'GET' && x.url.startsWith('/api/casualties/:id'))) {
    const url = sub.url.replace(':id', cid);
    assert.equal((await t.app.inject({ method: 'HEAD', url, headers: outsider.headers })).statusCode, 404, `HEAD ${sub.url} of another unit's casualty`);
    assert.equal((await t.app.inject({ method: 'HEAD', url, headers: admin.headers })).statusCode, 200, `HEAD ${sub.url} in scope`);
  }
});

test('what the live stream sends is audited: each page names the casualties read (not only the opening)', async () => {
  const s = await authTestApp({ heartbeatMs: 100 });
  try {
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = s.app.server.address() as { port: number };
    const medic = await createUserAndLogin(s, 'medic', { units: ['1-coy'] });
    const admin = await createUserAndLogin(s, 'admin');
    const ac = new AbortController();
    const res = await openStream(`http://127.0.0.1:${port}`, medic.token, { after: 0, signal: ac.signal });
    assert.equal(res.status, 200);
    const mine = uuidv7();
    const theirs = uuidv7();
    for (const [id, unitId] of [[theirs, '2-coy'], [mine, '1-coy']] as const) {
      const r = await s.app.inject({ method: 'POST', url: '/api/casualties', headers: admin.headers, payload: { id, injuredAt: ago(30), unitId } });
      assert.equal(r.statusCode, 201, r.body);
    }
    const text = await readStreamUntil(res, mine);
    ac.abort();
    assert.ok(text.includes(mine));
    // A stream's reads are written as one entry per interval, and when it closes (issue 16 item 4): wait for it.
    let named: string[] = [];
    for (const deadline = Date.now() + 20_000; !named.includes(mine) && Date.now() < deadline; await new Promise((ok) => setTimeout(ok, 50))) {
      const reads = (await s.trust.audit.entries(0, 1000)).filter((e) => e.action === 'GET /api/stream' && e.actor === medic.username);
      named = reads.flatMap((e) => (e.detail.casualties as string[] | undefined) ?? []);
    }
    assert.ok(named.includes(mine), 'the casualty sent on the stream is in the audit');
    assert.ok(!named.includes(theirs), 'what was filtered out was not read');
  } finally {
    await s.close();
  }
});

test('regression: facility staff update only their own facility; a unit-scoped dispatcher\'s plan and evacuations hold only their units', async () => {
  const admin = await createUserAndLogin(t, 'admin');
  const fac = await createUserAndLogin(t, 'facility', { facilities: ['r2-own'] });
  const disp = await createUserAndLogin(t, 'dispatcher', { units: ['1-coy'] });
  for (const id of ['r2-own', 'r2-other']) {
    const r = await t.app.inject({ method: 'POST', url: '/api/facilities', headers: admin.headers, payload: { id, name: id, role: 'R2', position: { lat: 48.527, lon: 37.707 }, beds: 10, surgicalTables: 2 } });
    assert.equal(r.statusCode, 201, r.body);
  }
  let r = await t.app.inject({ method: 'PATCH', url: '/api/facilities/r2-other', headers: fac.headers, payload: { bedsAvailable: 0 } });
  assert.equal(r.statusCode, 403, 'another facility');
  r = await t.app.inject({ method: 'POST', url: '/api/vehicles', headers: fac.headers, payload: { id: 'amb-x', kind: 'ambulance', litter: 2, seated: 2, medic: true, speedKmh: 45, position: { lat: 48.586, lon: 37.835 } } });
  assert.equal(r.statusCode, 403, 'other entities');
  r = await t.app.inject({ method: 'PATCH', url: '/api/facilities/r2-own', headers: fac.headers, payload: { bedsAvailable: 3 } });
  assert.equal(r.statusCode, 200, r.body);
  r = await t.app.inject({ method: 'PATCH', url: '/api/facilities/r2-own', headers: fac.headers, payload: { tablesAvailable: 1, status: 'compromised', intake: 'advisory', updatedAt: new Date().toISOString() } });
  assert.equal(r.statusCode, 200, r.body);
  // Attack review: the clerk could rewrite what the planner trusts (R2 -> R3, capabilities, place, unit, name).
  for (const change of [{ role: 'R3' }, { capabilities: ['neurosurgery'] }, { position: { lat: 50.45, lon: 30.52 } }, { unitId: '2-coy' }, { name: 'Kyiv R3' }, { beds: 500, bedsAvailable: 400 }]) {
    r = await t.app.inject({ method: 'PATCH', url: '/api/facilities/r2-own', headers: fac.headers, payload: change });
    assert.equal(r.statusCode, 403, `${JSON.stringify(change)} -> ${r.statusCode} ${r.body}`);
  }
  const own = (await t.app.inject({ method: 'GET', url: '/api/facilities', headers: admin.headers })).json() as { items: { id: string; role: string; beds: number; status: string }[] };
  assert.deepEqual(own.items.filter((f) => f.id === 'r2-own').map((f) => [f.role, f.beds, f.status]), [['R2', 10, 'compromised']]);
  r = await t.app.inject({ method: 'POST', url: '/api/vehicles', headers: admin.headers, payload: { id: 'amb-1', kind: 'ambulance', litter: 2, seated: 2, medic: true, speedKmh: 45, position: { lat: 48.586, lon: 37.835 } } });
  assert.equal(r.statusCode, 201, r.body);
  const ids: string[] = [];
  for (const unitId of ['1-coy', '2-coy']) {
    const id = uuidv7();
    ids.push(id);
    r = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: admin.headers, payload: { id, injuredAt: ago(10), unitId, position: { lat: 48.6, lon: 38.0 } } });
    assert.equal(r.statusCode, 201, r.body);
    r = await t.app.inject({ method: 'POST', url: `/api/casualties/${id}/events`, headers: admin.headers, payload: { events: [{ type: 'evac.requested', at: ago(9), payload: { nineLine: { location: { lat: 48.6, lon: 38.0 }, callSign: 'S1', patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } } } }] } });
    assert.equal(r.statusCode, 200, r.body);
  }
  const seen = async (url: string, key: string, h: { authorization: string }) =>
    ((await t.app.inject({ method: 'GET', url, headers: h })).json()[key] as { casualtyId: string }[]).map((x) => x.casualtyId).filter((x) => ids.includes(x)).sort();
  assert.deepEqual(await seen('/api/dispatch/plan', 'plan', admin.headers), [...ids].sort(), 'the planner sees both');
  assert.deepEqual(await seen('/api/dispatch/plan', 'plan', disp.headers), [ids[0]]);
  assert.deepEqual(await seen('/api/evacuations', 'evacuations', disp.headers), [ids[0]]);
});
