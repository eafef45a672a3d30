// The audit chain on a real SQLite trust database: verify detects altered, reordered, deleted and truncated entries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTrustDb } from '../storage/trust-db.ts';
import type { Sql } from '../storage/trust-db.ts';
import { AuditLog } from './log.ts';

async function fresh(): Promise<{ sql: Sql; log: AuditLog; done: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'gh-audit-'));
  const sql = await openTrustDb({ dataDir: dir });
  const log = new AuditLog(sql);
  for (let i = 0; i < 6; i++) await log.append([{ actor: `medic${i % 2}`, deviceId: 'dev-1', action: i % 2 ? 'casualty.read' : 'events.write', target: `c${i}`, detail: { n: i } }]);
  return { sql, log, done: async () => { await sql.close(); rmSync(dir, { recursive: true, force: true }); } };
}

test('an intact chain verifies', async () => {
  const { log, done } = await fresh();
  const r = await log.verify();
  assert.equal(r.ok, true, r.problems.join('\n'));
  assert.equal(r.entries, 6);
  assert.equal(r.head.seq, 6);
  await done();
});

test('an altered entry is detected', async () => {
  const { sql, log, done } = await fresh();
  await sql.query(`UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3`);
  const r = await log.verify();
  assert.equal(r.ok, false);
  assert.match(r.problems.join('\n'), /entry 3: content does not match its hash/);
  await done();
});

test('an altered entry with a recomputed own hash is still detected by the next link', async () => {
  const { sql, log, done } = await fresh();
  const e = (await log.entries(2, 1))[0]!;
  const { entryHash } = await import('./log.ts');
  const forged = { ...e, target: 'forged' };
  await sql.query(`UPDATE audit_log SET target = 'forged', hash = $1 WHERE seq = 3`, [entryHash(e.prevHash, forged)]);
  const r = await log.verify();
  assert.equal(r.ok, false);
  assert.match(r.problems.join('\n'), /entry 4: does not link/);
  await done();
});

test('reordered entries are detected', async () => {
  const { sql, log, done } = await fresh();
  await sql.query('UPDATE audit_log SET seq = 100 WHERE seq = 2');
  await sql.query('UPDATE audit_log SET seq = 2 WHERE seq = 3');
  await sql.query('UPDATE audit_log SET seq = 3 WHERE seq = 100');
  const r = await log.verify();
  assert.equal(r.ok, false);
  assert.match(r.problems.join('\n'), /does not link/);
  await done();
});

test('a deleted entry is detected', async () => {
  const { sql, log, done } = await fresh();
  await sql.query('DELETE FROM audit_log WHERE seq = 4');
  const r = await log.verify();
  assert.equal(r.ok, false);
  assert.match(r.problems.join('\n'), /entry 5: expected sequence 4/);
  await done();
});

test('a truncated tail is detected (head) and so is a rewrite of the head against an external copy', async () => {
  const { sql, log, done } = await fresh();
  const before = await log.verify();
  await sql.query('DELETE FROM audit_log WHERE seq = 6');
  const r = await log.verify();
  assert.equal(r.ok, false);
  assert.match(r.problems.join('\n'), /head \(6\) does not match the last entry \(5\)/);
  const last = (await log.entries(4, 1))[0]!;
  await sql.query('UPDATE audit_head SET seq = 5, hash = $1 WHERE id = 1', [last.hash]);
  assert.equal((await log.verify()).ok, true, 'a consistent truncation of chain and head passes on its own…');
  const r2 = await log.verify(before.head);
  assert.equal(r2.ok, false, '…but not against the head recorded earlier');
  await done();
});
