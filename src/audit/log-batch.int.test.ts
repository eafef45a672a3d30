// Many audit entries appended at once (the live streams' read audit writes 25 a transaction, issue 16's mixed run):
// one INSERT for the slice, not one statement each, so the chain's head row is held for a few round trips on
// PostgreSQL (every audited request waits for it) and SQLite prepares one statement, not one per entry. And the
// access audit's group commit (AuditLog.appendOne): entries asked for together, one transaction, the same chain.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgres } from '../../test/support/postgres.ts';
import type { PgServer } from '../../test/support/postgres.ts';
import { openTrustDb } from '../storage/trust-db.ts';
import type { Sql } from '../storage/trust-db.ts';
import { AuditLog } from './log.ts';

let server: PgServer | undefined;
before(async () => {
  server = await startPostgres({ fsyncOff: true });
});
after(async () => {
  await server?.stop();
});

let trips = 0;
const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: pg.Client, ...a: unknown[]) {
  trips++;
  return query.apply(this, a);
};

const inputs = (n: number, from: number) => Array.from({ length: n }, (_, i) => ({
  actor: `watcher-${from + i}`, deviceId: i % 2 ? 'dev-1' : null, action: 'GET /api/stream', target: i % 3 ? null : `t${i}`,
  detail: { ip: '127.0.0.1', casualties: [`c${i}`, `c${i + 1}`], through: from + i, note: "it's \"quoted\" ; -- and \\ back" },
}));

async function checkBatch(sql: Sql): Promise<void> {
  const log = new AuditLog(sql);
  await log.append(inputs(3, 0));
  const got = await log.append(inputs(250, 3));
  assert.deepEqual(got.map((e) => e.seq), Array.from({ length: 250 }, (_, i) => 4 + i), 'sequence numbers in input order');
  const stored = await log.entries(0, 1000);
  assert.equal(stored.length, 253);
  assert.deepEqual(stored.slice(3).map((e) => [e.actor, e.deviceId, e.target, e.detail]), inputs(250, 3).map((x) => [x.actor, x.deviceId, x.target, x.detail]), 'every field as given');
  assert.deepEqual(stored.slice(3).map((e) => e.hash), got.map((e) => e.hash), 'the hashes answered are the ones stored');
  const r = await log.verify();
  assert.equal(r.ok, true, r.problems.join('\n'));
  assert.equal(r.head.seq, 253);
}

test('SQLite: 250 entries appended at once are stored in order with every field, and the chain verifies', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-audit-batch-'));
  const sql = await openTrustDb({ dataDir: dir });
  try {
    await checkBatch(sql);
  } finally {
    await sql.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PostgreSQL: 250 entries appended at once are stored in order and verify; 25 entries cost at most 5 round trips', async () => {
  const sql = await openTrustDb({ url: await server!.createDatabase() });
  try {
    await checkBatch(sql);
    const log = new AuditLog(sql);
    const t0 = trips;
    await log.append(inputs(25, 1000));
    // BEGIN, the head (FOR UPDATE), one INSERT of the 25, the head's UPDATE, COMMIT (one INSERT each: 29).
    assert.ok(trips - t0 <= 5, `appending 25 entries took ${trips - t0} round trips`);
    assert.equal((await log.verify()).ok, true);
  } finally {
    await sql.close();
  }
});

/** Entries asked for concurrently (appendOne) against the same entries appended one by one, with the same clock. */
async function checkGrouped(oneSql: Sql, groupSql: Sql): Promise<void> {
  let ta = 0;
  let tb = 0;
  const clock = (k: () => number) => () => new Date(Date.parse('2026-03-01T12:00:00Z') + k()).toISOString();
  const one = new AuditLog(oneSql, clock(() => ta++));
  const group = new AuditLog(groupSql, clock(() => tb++));
  const given = inputs(12, 0);
  for (const i of given) await one.append([i]);
  let commits = 0;
  const tx = groupSql.tx.bind(groupSql);
  (groupSql as { tx: Sql['tx'] }).tx = (fn) => {
    commits++;
    return tx(fn);
  };
  const got = await Promise.all(given.map((i) => group.appendOne(i)));
  assert.equal(commits, 1, 'one transaction for the 12');
  const want = await one.entries(0, 100);
  assert.deepEqual(got, want, 'each caller is answered its own entry, as stored one by one');
  assert.deepEqual(await group.entries(0, 100), want, 'the same rows in the same order, the same hashes');
  assert.equal((await group.verify()).ok, true);
}

test('SQLite: entries appended concurrently share one transaction, chained exactly as one by one', async () => {
  const dirs = [mkdtempSync(join(tmpdir(), 'gh-audit-one-')), mkdtempSync(join(tmpdir(), 'gh-audit-group-'))];
  const [a, b] = await Promise.all(dirs.map((d) => openTrustDb({ dataDir: d })));
  try {
    await checkGrouped(a!, b!);
  } finally {
    await Promise.all([a!.close(), b!.close()]);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});

test('PostgreSQL: entries appended concurrently share one transaction, chained exactly as one by one', async () => {
  const a = await openTrustDb({ url: await server!.createDatabase() });
  const b = await openTrustDb({ url: await server!.createDatabase() });
  try {
    await checkGrouped(a, b);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

/** Concurrent entries, one of which cannot be stored (a BigInt in its detail cannot be encoded): only it fails. */
async function checkRefusedAlone(sql: Sql): Promise<void> {
  const log = new AuditLog(sql);
  const given = inputs(4, 0);
  const bad = { ...given[2]!, detail: { ...given[2]!.detail, n: 1n } };
  const got = await Promise.allSettled([given[0]!, given[1]!, bad, given[3]!].map((i) => log.appendOne(i)));
  assert.deepEqual(got.map((r) => r.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'], 'the refused entry fails its own caller only');
  assert.deepEqual((await log.entries(0, 100)).map((e) => e.actor), [given[0]!.actor, given[1]!.actor, given[3]!.actor]);
  assert.equal((await log.verify()).ok, true);
}

test('SQLite and PostgreSQL: an entry that cannot be stored fails alone, not the entries grouped with it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-audit-refused-'));
  const sqls = [await openTrustDb({ dataDir: dir }), await openTrustDb({ url: await server!.createDatabase() })];
  try {
    for (const sql of sqls) await checkRefusedAlone(sql);
  } finally {
    await Promise.all(sqls.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  }
});
