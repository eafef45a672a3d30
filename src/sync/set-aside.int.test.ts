// Issue 14 item 4 (SYNC-14 end to end in the upstream loop): an event the rear refuses for good — here a NUL in
// deviceId, stored by a field box before the boundary refused such text — is set aside and reported; the events
// recorded after it still reach the rear. Before, PostgreSQL answered 500 to every push containing it and the loop
// retried the same batch forever: nothing after it ever reached the rear. The same for a time whose UTC offset no clock
// uses ("+16:00": valid ISO, stored by SQLite, beyond PostgreSQL's timestamptz; test/attack/time-offset.int.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from '../core/index.ts';
import type { StoredEvent } from '../core/index.ts';
import { openSqliteStore } from '../storage/sqlite.ts';
import { authTestApp, createUserAndLogin } from '../../test/support/auth.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { makeEvent, makeRegistered } from '../../test/support/events.ts';
import { createMemoryBus } from '../server/bus.ts';
import { MemoryPeerState } from './protocol.ts';
import type { SetAside } from './protocol.ts';
import { startUpstream } from './upstream.ts';

test('SYNC-14 upstream: a batch the rear (PostgreSQL) refuses never blocks the events behind it', { timeout: 120_000 }, async () => {
  const pg = await startPostgres({ fsyncOff: true });
  const dir = mkdtempSync(join(tmpdir(), 'gh-field-'));
  const field = await openSqliteStore({ dataDir: dir });
  await field.migrate();
  const rear = await authTestApp({ databaseUrl: pg.url });
  try {
    await rear.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = rear.app.server.address() as { port: number };
    const peer = await createUserAndLogin(rear, 'peer');
    const now = new Date().toISOString();
    const good1 = uuidv7();
    const bad = uuidv7();
    const odd = uuidv7();
    const good2 = uuidv7();
    // Recorded on the field box before the boundary refused such text and such offsets (stored straight into its log).
    await field.append([makeRegistered(good1, { at: now })], now);
    await field.append([makeRegistered(bad, { at: now, deviceId: 'phone\u00001' })], now);
    await field.append([makeRegistered(odd, { at: `${new Date(Date.parse(now) + 16 * 3_600_000).toISOString().slice(0, 19)}+16:00` })], now);
    await field.append([makeRegistered(good2, { at: now }), makeEvent('note', good2, { text: 'after the bad one' }, now)], now);
    const setAside: { peer: string; x: SetAside }[] = [];
    const loop = startUpstream({
      store: field, bus: createMemoryBus(), peers: new MemoryPeerState(), url: `http://127.0.0.1:${port}`, token: peer.token, intervalMs: 200,
      setAside: async (p, x) => {
        setAside.push({ peer: p, x });
      },
    });
    try {
      for (let i = 0; i < 50 && !(await rear.store.casualty(good2)); i++) await loop.nextRound();
    } finally {
      await loop.stop();
    }
    assert.ok(await rear.store.casualty(good1), 'the event before reached the rear');
    assert.ok(await rear.store.casualty(good2), 'the events after reached the rear');
    assert.equal((await rear.store.eventsOf(good2)).length, 2);
    assert.equal(await rear.store.casualty(bad), null, 'the refused one did not');
    assert.equal(await rear.store.casualty(odd), null, 'nor the one with an offset no clock uses');
    assert.deepEqual(setAside.map((s) => [s.x.event.casualtyId, s.x.status]), [[bad, 400], [odd, 400]], 'each set aside once, with the rear\'s status');
    assert.match(setAside[0]!.x.reason, /NUL/);
    assert.match(setAside[1]!.x.reason, /UTC offset/);
    const kept: StoredEvent | null = await field.getEvent(setAside[0]!.x.event.id);
    assert.ok(kept, 'it stays in the field log for a person to correct');
  } finally {
    await rear.close();
    await field.close();
    rmSync(dir, { recursive: true, force: true });
    await pg.stop();
  }
});

test('SYNC-14 upstream, pull side: an event of the rear that the field log refuses (an id it holds with other content) is set aside; the rear\'s later events still arrive', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-field-'));
  const field = await openSqliteStore({ dataDir: dir });
  await field.migrate();
  const rear = await authTestApp();
  try {
    await rear.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = rear.app.server.address() as { port: number };
    const peer = await createUserAndLogin(rear, 'peer');
    const now = new Date().toISOString();
    const cid = uuidv7();
    const reused = uuidv7();
    // One id, two contents: a buggy client used it on the field box and on the rear for different notes.
    await field.append([makeRegistered(cid, { at: now }), makeEvent('note', cid, { text: 'field version' }, now, { id: reused })], now);
    const later = uuidv7();
    const r = await rear.app.inject({
      method: 'POST', url: '/api/sync/push', headers: peer.headers,
      payload: { events: [makeRegistered(cid, { at: now }), makeEvent('note', cid, { text: 'rear version' }, now, { id: reused }), makeEvent('note', cid, { text: 'after it' }, now, { id: later })] },
    });
    assert.equal(r.statusCode, 200, r.body);
    const setAside: SetAside[] = [];
    const loop = startUpstream({
      store: field, bus: createMemoryBus(), peers: new MemoryPeerState(), url: `http://127.0.0.1:${port}`, token: peer.token, intervalMs: 200,
      setAside: async (_p, x) => void setAside.push(x),
    });
    try {
      for (let i = 0; i < 30 && !(await field.getEvent(later)); i++) await loop.nextRound();
    } finally {
      await loop.stop();
    }
    assert.ok(await field.getEvent(later), 'the rear\'s event behind the refused one arrived');
    // Each side refuses the other's version: ours is set aside on the push, theirs on the pull; both stay visible.
    assert.deepEqual(setAside.map((x) => [x.event.id, x.status, x.direction]), [[reused, 409, 'push'], [reused, 409, 'pull']]);
    assert.equal(((await field.getEvent(reused))?.payload as { text: string }).text, 'field version', 'ours is kept');
  } finally {
    await rear.close();
    await field.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
