// The access audit of concurrent reads is group-committed (issue 16, the mixed run's p99): N audited reads that
// reach their audit together cost one trust.db transaction (one fsync), not N; each is answered only once its own
// entry is stored, the chain verifies, and a read whose commit fails is not served. That entries appended together
// are chained exactly as one by one: src/audit/log-batch.int.test.ts (both databases).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../core/index.ts';
import { authTestApp, createUserAndLogin } from '../../test/support/auth.ts';
import type { AuthTestApp } from '../../test/support/auth.ts';
import type { Sql } from '../storage/trust-db.ts';

let t: AuthTestApp;
before(async () => {
  t = await authTestApp();
});
after(async () => t.close());

/** Counts the trust database's transactions (each one BEGIN IMMEDIATE … COMMIT, synchronous FULL: one fsync). */
function countTx(sql: Sql): { n: number } {
  const c = { n: 0 };
  const tx = sql.tx.bind(sql);
  (sql as { tx: Sql['tx'] }).tx = (fn) => {
    c.n++;
    return tx(fn);
  };
  return c;
}

const reg = (id: string, unitId: string, author: string) => ({
  id, casualtyId: id, type: 'registered', at: new Date(Date.now() - 3_600_000).toISOString(), recordedAt: new Date().toISOString(),
  deviceId: 'phone', author, payload: { injuredAt: new Date(Date.now() - 3_600_000).toISOString(), unitId, sex: 'unknown', status: 'military' },
});

const N = 8;

test(`${N} concurrent audited reads share one trust.db commit; each is audited and the chain verifies`, async () => {
  const medic = await createUserAndLogin(t, 'medic', { units: ['5-coy'] });
  const ids = Array.from({ length: N }, () => uuidv7());
  const push = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: medic.headers, payload: { events: ids.map((id) => reg(id, '5-coy', medic.username)) } });
  assert.equal(push.statusCode, 200, push.body);
  assert.equal((await t.app.inject({ method: 'GET', url: `/api/casualties/${ids[0]}`, headers: medic.headers })).statusCode, 200); // session cached
  const before = (await t.trust.audit.entries(0, 100_000)).length;
  const commits = countTx(t.trust.sql);
  const answers = await Promise.all(ids.map((id) => t.app.inject({ method: 'GET', url: `/api/casualties/${id}`, headers: medic.headers })));
  assert.deepEqual(answers.map((r) => r.statusCode), ids.map(() => 200));
  assert.equal(commits.n, 1, `trust.db transactions for ${N} concurrent audited reads`);
  const entries = (await t.trust.audit.entries(0, 100_000)).slice(before);
  assert.deepEqual(entries.map((e) => e.target).sort(), [...ids].sort(), 'one entry per read, naming its casualty');
  assert.ok(entries.every((e) => e.action === 'GET /api/casualties/:id' && e.actor === medic.username));
  const v = await t.trust.audit.verify();
  assert.equal(v.ok, true, v.problems.join('\n'));
});

test('a read whose shared audit commit fails is not served, nor is any other read in it', async () => {
  const medic = await createUserAndLogin(t, 'medic', { units: ['6-coy'] });
  const ids = Array.from({ length: 4 }, () => uuidv7());
  await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: medic.headers, payload: { events: ids.map((id) => reg(id, '6-coy', medic.username)) } });
  assert.equal((await t.app.inject({ method: 'GET', url: `/api/casualties/${ids[0]}`, headers: medic.headers })).statusCode, 200);
  await t.trust.sql.query('ALTER TABLE audit_log RENAME TO audit_log_away');
  try {
    const answers = await Promise.all(ids.map((id) => t.app.inject({ method: 'GET', url: `/api/casualties/${id}`, headers: medic.headers })));
    assert.deepEqual(answers.map((r) => r.statusCode), ids.map(() => 500));
    assert.ok(answers.every((r) => !r.body.includes(ids[0]!)), 'no casualty in an unaudited answer');
  } finally {
    await t.trust.sql.query('ALTER TABLE audit_log_away RENAME TO audit_log');
  }
  const v = await t.trust.audit.verify();
  assert.equal(v.ok, true, v.problems.join('\n'));
});
