// ATTACK PROBE (fails on purpose): any medic on a PostgreSQL rear stores an amend whose `changes` nest 1000 deep
// (deep-json.probe.ts). Replicated to a SQLite field box, the page holding it is answered 500 — not a refusal for good
// (PERMANENT_REFUSALS in src/sync/protocol.ts), so it is neither bisected nor set aside: every later page of the rear's
// log stays behind it, and the field box never receives another event from the rear. Run: node --test FILE.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { PERMANENT_REFUSALS } from '../../src/sync/protocol.ts';
import { authTestApp, createUserAndLogin } from '../support/auth.ts';
import type { AuthTestApp } from '../support/auth.ts';
import { startPostgres } from '../support/postgres.ts';
import type { PgServer } from '../support/postgres.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
const deepObj = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
let pgServer: PgServer;
let rear: AuthTestApp;
let field: AuthTestApp;
before(async () => {
  pgServer = await startPostgres({ fsyncOff: true });
  rear = await authTestApp({ databaseUrl: pgServer.url });
  field = await authTestApp();
});
after(async () => {
  await rear.close();
  await field.close();
  await pgServer.stop();
});

test('one medic\'s event on the rear does not stop replication to a SQLite field box', async () => {
  const medic = await createUserAndLogin(rear, 'medic', { units: ['a-coy'] });
  const cid = uuidv7();
  assert.equal((await rear.app.inject({ method: 'POST', url: '/api/casualties', headers: medic.headers, payload: { id: cid, injuredAt: ago(20), unitId: 'a-coy' } })).statusCode, 201);
  const payload = `{"events":[{"type":"amend","at":"${ago(1)}","payload":{"target":"${cid}","reason":"r","changes":${deepObj(1000)}}}]}`;
  const stored = await rear.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, headers: { ...medic.headers, 'content-type': 'application/json' }, payload });
  assert.equal(stored.statusCode, 200, 'the rear (PostgreSQL) stores it');
  const rearPeer = await createUserAndLogin(rear, 'peer');
  const fieldPeer = await createUserAndLogin(field, 'peer');
  const page = (await rear.app.inject({ method: 'GET', url: '/api/sync/pull?after=0', headers: rearPeer.headers })).json() as { events: unknown[] };
  assert.equal(page.events.length, 2);
  // The relay's push of the rear's page to the field box (seq and receivedAt stripped as src/sync/protocol.ts does).
  const r = await field.app.inject({ method: 'POST', url: '/api/sync/push', headers: fieldPeer.headers, payload: { events: page.events.map((e) => { const { seq: _s, receivedAt: _r, ...rest } = e as Record<string, unknown>; return rest; }) } });
  assert.ok(r.statusCode < 500, `field box answers ${r.statusCode} ${r.body}`);
  assert.ok(r.statusCode === 200 || PERMANENT_REFUSALS.includes(r.statusCode), 'either stored or refused for good (then set aside)');
});
