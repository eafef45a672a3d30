// SYNC-24: a hand-over code's reception is a fact the database holds (SQLite migration 033, PostgreSQL 036). An append
// whose audit entry names an arrival admitted by a code (`detail.handoverReceived`, written by the door) claims the
// code in the same transaction: `handover_receipts` is keyed by the code's id, so a second facility's claim is refused
// (nothing of that append stored) however the door's own read of the log raced — two server processes on one
// PostgreSQL included. An arrival its desk voided frees the code; the facility that holds it may claim it again.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from '../core/index.ts';
import type { CasualtyEvent } from '../core/index.ts';
import type { Store } from './port.ts';
import { openSqliteStore } from './sqlite.ts';
import { openPostgresStore } from './postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';

const now = () => new Date().toISOString();
const event = (cid: string, type: string, payload: object): CasualtyEvent =>
  ({ id: uuidv7(), casualtyId: cid, type, at: now(), recordedAt: now(), deviceId: 'd', author: 'a', payload }) as CasualtyEvent;

async function storeOn(db: 'sqlite' | 'postgres'): Promise<Store> {
  if (db === 'postgres') {
    const pg = await startPostgres({ fsyncOff: true });
    const store = await openPostgresStore({ url: pg.url });
    after(async () => {
      await store.close();
      await pg.stop();
    });
    await store.migrate();
    return store;
  }
  const dir = mkdtempSync(join(tmpdir(), 'gh-receipts-'));
  const store = await openSqliteStore({ dataDir: dir });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await store.migrate();
  return store;
}

for (const db of ['sqlite', 'postgres'] as const)
test(`SYNC-24 an append claiming a code received at another facility is refused by the database (${db})`, async () => {
  const store = await storeOn(db);
  const cid = uuidv7();
  const code = 'c0de'.repeat(16);
  await store.append([event(cid, 'registered', { injuredAt: now(), unitId: 'a-coy' })], now());
  const arrive = async (facilityId: string) => {
    const e = event(cid, 'arrival', { facilityId, handover: 'GH:...' });
    const detail = { handoverReceived: [{ code, casualtyId: cid, facilityId, event: e.id }] };
    await store.append([e], now(), { actor: 'desk', deviceId: 'desk-1', action: 'test', detail });
    return e;
  };
  const first = await arrive('r2-a');
  // Another facility: refused, nothing of that append stored.
  await assert.rejects(arrive('r2-b'), /hand-over code [0-9a-f]{64} was already received at r2-a/);
  assert.deepEqual((await store.eventsOf(cid)).map((e) => e.type), ['registered', 'arrival']);
  // Another append (no claim) goes on as before; the holding facility may arrive by the code again.
  await store.append([event(cid, 'note', { text: 'x' })], now());
  await arrive('r2-a');
  // The arrival its desk voided no longer holds the code: the newest arrival at r2-a does (voiding the first changes nothing).
  await store.append([event(cid, 'void', { target: first.id, reason: 'wrong facility' })], now());
  await assert.rejects(arrive('r2-b'), /already received at r2-a/);
});

for (const db of ['sqlite', 'postgres'] as const)
test(`SYNC-24 a voided arrival by code frees the code for another facility (${db})`, async () => {
  const store = await storeOn(db);
  const cid = uuidv7();
  const code = 'ab'.repeat(32);
  await store.append([event(cid, 'registered', { injuredAt: now(), unitId: 'a-coy' })], now());
  const arrive = async (facilityId: string) => {
    const e = event(cid, 'arrival', { facilityId, handover: 'GH:...' });
    await store.append([e], now(), { actor: 'desk', deviceId: 'desk-1', action: 'test', detail: { handoverReceived: [{ code, casualtyId: cid, facilityId, event: e.id }] } });
    return e;
  };
  const wrong = await arrive('r2-a');
  await store.append([event(cid, 'void', { target: wrong.id, reason: 'wrong facility' })], now());
  await arrive('r2-b');
  await assert.rejects(arrive('r2-a'), /already received at r2-b/);
});
