// SYNC-20 (issue 17): a server that has not yet received a casualty's registration, or a correction's target,
// answers 404 — not yet, not never. A device keeps such an event set aside, visibly, and sends it again at each sync,
// so it goes through once another device has brought what it builds on. Before, the unknown target was a 400 and a
// device set both kinds aside for good: a hand-over's records reached a server before their registration were lost
// to the server. On SQLite and on PostgreSQL, through the HTTP push of the real server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../core/index.ts';
import { authTestApp, createUserAndLogin } from '../../test/support/auth.ts';
import type { AuthTestApp } from '../../test/support/auth.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { makeEvent, makeRegistered } from '../../test/support/events.ts';
import { Device, newDeviceDisk } from './protocol.ts';
import { httpRemote } from './http.ts';

async function notYet(t: AuthTestApp): Promise<void> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  const a = await createUserAndLogin(t, 'medic', { units: ['1-coy'] });
  const b = await createUserAndLogin(t, 'medic', { units: ['1-coy'] });
  const now = new Date(Date.now() - 60_000).toISOString();
  const cid = uuidv7();
  const phoneA = new Device(newDeviceDisk('phone-a'), Date.now);
  const phoneB = new Device(newDeviceDisk('phone-b'), Date.now);
  // Phone A registers the casualty and writes a note, offline; phone B got them by hand-over and adds its own.
  const reg = phoneA.record(makeRegistered(cid, { at: now, unitId: '1-coy', deviceId: 'phone-a', author: a.username }));
  const note = phoneA.record(makeEvent('note', cid, { text: 'TXA 1 g' }, now, { deviceId: 'phone-a', author: a.username }));
  const vitals = phoneB.record(makeEvent('vitals', cid, { pulse: 118 }, now, { deviceId: 'phone-b', author: b.username }));
  const amend = phoneB.record(makeEvent('amend', cid, { target: note.id, changes: { text: 'TXA 2 g' }, reason: 'second dose given' }, now, { deviceId: 'phone-b', author: b.username }));

  // B reaches the server first: neither event can be stored yet, and each refusal says "not found", not "bad".
  const remoteB = httpRemote(url, b.token);
  for (const e of [vitals, amend]) {
    const r = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: b.headers, payload: { events: [e] } });
    assert.equal(r.statusCode, 404, `${e.type}: ${r.body}`);
  }
  const first = await phoneB.sync(remoteB);
  assert.equal(first.rejected, 2);
  assert.deepEqual(phoneB.disk.rejected.map((r) => r.status).sort(), [404, 404], 'set aside visibly, as not yet');
  assert.equal(await t.store.casualty(cid), null, 'nothing opened the casualty');

  // A syncs: registration and note arrive. B's next sync sends its two events again, and they are stored.
  await phoneA.sync(httpRemote(url, a.token));
  const second = await phoneB.sync(remoteB);
  assert.equal(second.rejected ?? 0, 0);
  assert.deepEqual(phoneB.disk.rejected, []);
  assert.deepEqual(phoneB.disk.outbox, []);
  const ids = (await t.store.eventsOf(cid)).map((e) => e.id).sort();
  assert.deepEqual(ids, [reg.id, note.id, vitals.id, amend.id].sort(), 'each event once');
  const state = (await t.store.casualty(cid))!.state;
  assert.equal(state.vitals.at(-1)?.pulse, 118);

}

test('SYNC-20 on SQLite: an event whose casualty or target has not arrived is retried, not lost', async () => {
  const t = await authTestApp();
  try {
    await notYet(t);
  } finally {
    await t.close();
  }
});

test('SYNC-20 on PostgreSQL: an event whose casualty or target has not arrived is retried, not lost', { timeout: 120_000 }, async () => {
  const pg = await startPostgres({ fsyncOff: true });
  const t = await authTestApp({ databaseUrl: pg.url });
  try {
    await notYet(t);
  } finally {
    await t.close();
    await pg.stop();
  }
});
