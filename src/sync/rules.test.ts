// One test per rule of docs/sync.md, named by its id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold, uuidv7 } from '../core/index.ts';
import type { StoredEvent } from '../core/index.ts';
import { Device, newDeviceDisk, servePull, servePush, syncPeer, MemoryPeerState } from './protocol.ts';
import type { Remote, ScopedPullPage } from './protocol.ts';
import { newCursorKey, openCursor, sealCursor } from '../auth/cursor-token.ts';
import { MemoryLog } from '../../test/sync/memory-log.ts';
import { ev } from '../../test/sync/fixtures.ts';
import { HlcClock, compareForDisplay, formatHlc, parseHlc, receive, tick, MAX_DRIFT_MS } from './hlc.ts';
import { decodeBody, encodeBody } from './codec.ts';

const NOW = '2026-11-20T10:00:00.000Z';
const local = (log: MemoryLog, id = 'srv'): Remote => ({
  id,
  push: (events) => servePush(log, events, NOW),
  pull: (after, limit) => servePull(log, Number(after), limit),
});
const reg = (cid: string, deviceId = 'd1') =>
  ev('registered', { injuredAt: '2026-11-20T09:00:00.000Z', sex: 'unknown', status: 'military' }, { casualtyId: cid, deviceId, at: '2026-11-20T09:00:00.000Z' });

test('SYNC-1 a replayed batch changes nothing: ids are client-minted and append is idempotent', async () => {
  const log = new MemoryLog();
  const cid = uuidv7();
  const batch = [reg(cid), ev('note', { text: 'a' }, { casualtyId: cid })];
  const a = await servePush(log, batch, NOW);
  const b = await servePush(log, batch, NOW);
  assert.equal(a.accepted, 2);
  assert.equal(b.accepted, 0);
  assert.equal(b.duplicates, 2);
  assert.deepEqual(b.results.map((r) => r.seq), a.results.map((r) => r.seq));
  assert.equal(await log.head(), 2);
});

test('SYNC-2 what to send is decided by sequence cursors, never by clocks', async () => {
  const log = new MemoryLog();
  const cid = uuidv7();
  // A phone hours behind and one hours ahead: both events are pulled, in arrival (seq) order.
  const behind = ev('note', { text: 'behind' }, { casualtyId: cid, at: '2026-11-20T01:00:00.000Z', deviceId: 'slow' });
  const ahead = ev('note', { text: 'ahead' }, { casualtyId: cid, at: '2026-11-20T10:50:00.000Z', deviceId: 'fast' });
  await servePush(log, [ahead], NOW);
  const d = new Device(newDeviceDisk('reader'), () => Date.parse(NOW));
  await d.sync(local(log));
  assert.equal(d.disk.cursors.srv, 1);
  await servePush(log, [behind], NOW);
  await d.sync(local(log));
  assert.equal(d.disk.events.size, 2, 'an event timestamped earlier than the last one pulled still arrives');
  assert.equal(d.disk.cursors.srv, 2);
});

test('SYNC-3 hybrid logical clocks order for display; far-future stamps are not adopted; fold ignores them', () => {
  let h = { l: 0, c: 0 };
  h = tick(h, 1000);
  assert.deepEqual(h, { l: 1000, c: 0 });
  h = tick(h, 900); // wall clock stepped back
  assert.deepEqual(h, { l: 1000, c: 1 });
  const r = receive(h, { l: 5000, c: 3 }, 1200);
  assert.deepEqual(r, { l: 5000, c: 4 }, 'after receiving, the next stamp sorts after the received one');
  const far = receive(h, { l: 1200 + MAX_DRIFT_MS + 1, c: 0 }, 1200);
  assert.equal(far.l, 1200, 'a stamp from a clock more than a day ahead is not adopted');
  const s = formatHlc({ l: 1234, c: 5 }, 'phone 7');
  assert.deepEqual(parseHlc(s), { l: 1234, c: 5, node: 'phone_7' });
  assert.ok(formatHlc({ l: 999, c: 99 }, 'z') < formatHlc({ l: 1000, c: 0 }, 'a'));
  // A phone whose clock is 3 h slow answers a message: its reply still displays after it.
  let wall = Date.parse(NOW);
  const fast = new HlcClock('fast', () => wall);
  const slow = new HlcClock('slow', () => wall - 3 * 3_600_000);
  const q = fast.now();
  slow.observe(q);
  const a = slow.now();
  assert.ok(a > q);
  wall += 1;
  const cid = uuidv7();
  const e1 = ev('note', { text: 'q' }, { casualtyId: cid, hlc: q, at: NOW });
  const e2 = ev('note', { text: 'a' }, { casualtyId: cid, hlc: a, at: '2026-11-20T07:00:00.000Z' });
  assert.equal(compareForDisplay(e1, e2), -1);
  const stripped = [e1, e2].map(({ hlc: _h, ...rest }) => rest);
  assert.deepEqual(fold(cid, [e1, e2], NOW), fold(cid, stripped as typeof e1[], NOW), 'fold never reads the HLC');
});

test('SYNC-4 batches travel compressed and arrive identical', async () => {
  const cid = uuidv7();
  const events = Array.from({ length: 300 }, (_, i) => ev('note', { text: `note ${i} `.repeat(5).trim() }, { casualtyId: cid }));
  const body = JSON.stringify({ events });
  const enc = encodeBody(body);
  assert.equal(enc.encoding, 'gzip');
  assert.ok(enc.bytes.length < body.length / 4, `compressed ${enc.bytes.length} of ${body.length}`);
  assert.equal(decodeBody(enc.bytes, 'gzip', 1 << 20).toString('utf8'), body);
  assert.throws(() => decodeBody(enc.bytes, 'gzip', 1000), /too large/);
});

test('SYNC-5 a cursor advances only over a contiguous range it holds (stale and reordered pages)', async () => {
  const log = new MemoryLog();
  const cid = uuidv7();
  for (let i = 0; i < 6; i++) await servePush(log, [ev('note', { text: `n${i}` }, { casualtyId: cid })], NOW);
  const stalePage = await servePull(log, 3, 3); // an answer to a request for after=3, delivered late
  const d = new Device(newDeviceDisk('d'), () => Date.parse(NOW));
  const remote: Remote = { ...local(log), pull: async (after, limit) => (after === 0 ? stalePage : servePull(log, Number(after), limit)) };
  await d.sync(remote, 3);
  assert.equal(d.disk.cursors.srv ?? 0, 0, 'a page starting after 3 cannot move a cursor at 0');
  await d.sync(local(log), 3);
  assert.equal(d.disk.events.size, 6);
  assert.equal(d.disk.cursors.srv, 6);
});

test('SYNC-5 with sealed cursors: a page moves a token cursor only when it echoes that token (or starts at 0)', async () => {
  const log = new MemoryLog();
  const cid = uuidv7();
  for (let i = 0; i < 6; i++) await servePush(log, [ev('note', { text: `n${i}` }, { casualtyId: cid })], NOW);
  const key = newCursorKey();
  // The pull route's answer to a scoped caller: a token to resume from, no seq, `more`.
  const sealed = async (after: number | string, limit: number): Promise<ScopedPullPage> => {
    const from = typeof after === 'string' ? openCursor(key, 'medic', after)! : 0;
    const p = await servePull(log, from, limit);
    return { after: typeof after === 'string' ? after : 0, events: p.events.map(({ seq: _s, ...e }) => e), next: sealCursor(key, 'medic', p.next), more: p.next < p.head };
  };
  const d = new Device(newDeviceDisk('d'), () => Date.parse(NOW));
  const first = await sealed(0, 2);
  const later = await sealed(first.next, 2); // an answer to a request from `first.next`, delivered late
  await d.sync({ ...local(log), pull: async () => later }, 2);
  assert.equal(d.disk.cursors.srv ?? 0, 0, 'a page echoing another token cannot move a cursor at 0');
  assert.equal(d.disk.events.size, later.events.length, 'its events are merged all the same (idempotent)');
  await d.sync({ ...local(log), pull: sealed }, 2);
  assert.equal(d.disk.events.size, 6);
  assert.equal(typeof d.disk.cursors.srv, 'string');
  assert.equal(openCursor(key, 'medic', d.disk.cursors.srv as string), 6);
  // A device holding a number of before tokens is answered from the start once, then holds a token.
  const old = new Device({ ...newDeviceDisk('o'), cursors: { srv: 4 } }, () => Date.parse(NOW));
  await old.sync({ ...local(log), pull: sealed }, 10);
  assert.equal(old.disk.events.size, 6);
  assert.equal(openCursor(key, 'medic', old.disk.cursors.srv as string), 6);
});

test('SYNC-6 the outbox is durable: an event leaves it only when acknowledged; a restart resends', async () => {
  const log = new MemoryLog();
  const cid = uuidv7();
  const disk = newDeviceDisk('d1');
  const d = new Device(disk, () => Date.parse(NOW));
  d.record(reg(cid));
  d.record(ev('vitals', { pulse: 120 }, { casualtyId: cid }));
  const lossy: Remote = {
    ...local(log),
    push: async (events) => {
      await servePush(log, events, NOW); // stored, but the answer never arrives
      throw new Error('connection reset');
    },
  };
  await assert.rejects(d.sync(lossy));
  assert.equal(disk.outbox.length, 2, 'not acknowledged: still queued');
  const restarted = new Device(disk, () => Date.parse(NOW)); // the app was killed; only the disk remains
  const rep = await restarted.sync(local(log));
  assert.equal(rep.acknowledged, 2);
  assert.equal(disk.outbox.length, 0);
  assert.equal(await log.head(), 2, 'the resend was a duplicate, not a second copy');
});

async function twoPhones() {
  const log = new MemoryLog();
  const cid = uuidv7();
  const a = new Device(newDeviceDisk('phone-a'), () => Date.parse(NOW));
  const b = new Device(newDeviceDisk('phone-b'), () => Date.parse(NOW) - 7_200_000);
  a.record(reg(cid, 'phone-a'));
  await a.sync(local(log));
  await b.sync(local(log));
  return { log, cid, a, b };
}
const stateOf = (log: MemoryLog, cid: string) => fold(cid, log.rows, NOW);

test('SYNC-7 concurrent triage, precedence and destination become visible conflicts; a superseding decision resolves', async () => {
  const { log, cid, a, b } = await twoPhones();
  const ta = a.record(ev('triage', { triage: { system: 'NATO', category: 'T1' } }, { casualtyId: cid, deviceId: 'phone-a', at: NOW }));
  const tb = b.record(ev('triage', { triage: { system: 'NATO', category: 'T3' } }, { casualtyId: cid, deviceId: 'phone-b', at: '2026-11-20T08:00:00.000Z' }));
  a.record(ev('precedence', { precedence: 'urgent' }, { casualtyId: cid, deviceId: 'phone-a' }));
  b.record(ev('precedence', { precedence: 'routine' }, { casualtyId: cid, deviceId: 'phone-b' }));
  a.record(ev('destination', { facilityId: 'role2-north' }, { casualtyId: cid, deviceId: 'phone-a' }));
  b.record(ev('destination', { facilityId: 'role2-south' }, { casualtyId: cid, deviceId: 'phone-b' }));
  await a.sync(local(log));
  await b.sync(local(log));
  await a.sync(local(log));
  const s = stateOf(log, cid);
  assert.equal(s.triage.conflict?.length, 2, 'no silent last-writer-wins, whatever the clocks say');
  assert.equal(s.triage.value?.category, 'T1', 'until resolved, the most urgent applies');
  assert.equal(s.precedence.conflict?.length, 2);
  assert.equal(s.destination.conflict?.length, 2);
  assert.deepEqual(fold(cid, [...a.disk.events.values()], NOW), fold(cid, [...b.disk.events.values()], NOW));
  b.record(ev('triage', { triage: { system: 'NATO', category: 'T2' }, supersedes: [ta.id, tb.id] }, { casualtyId: cid, deviceId: 'phone-b' }));
  await b.sync(local(log));
  const r = stateOf(log, cid);
  assert.equal(r.triage.conflict, null);
  assert.equal(r.triage.value?.category, 'T2');
});

test('SYNC-8 observations from several devices accumulate', async () => {
  const { log, cid, a, b } = await twoPhones();
  a.record(ev('vitals', { pulse: 110 }, { casualtyId: cid, deviceId: 'phone-a' }));
  b.record(ev('vitals', { pulse: 130 }, { casualtyId: cid, deviceId: 'phone-b' }));
  b.record(ev('treatment', { group: 'M', kind: 'wound-packing' }, { casualtyId: cid, deviceId: 'phone-b' }));
  await a.sync(local(log));
  await b.sync(local(log));
  const s = stateOf(log, cid);
  assert.deepEqual(s.vitals.map((v) => v.pulse).sort(), [110, 130]);
  assert.equal(s.treatments.length, 1);
});

test('SYNC-9 corrections are amend and void events: the original stays in the log; any order converges', async () => {
  const { log, cid, a, b } = await twoPhones();
  const v = a.record(ev('vitals', { pulse: 300 }, { casualtyId: cid, deviceId: 'phone-a' }));
  const n = a.record(ev('note', { text: 'wrong casualty' }, { casualtyId: cid, deviceId: 'phone-a' }));
  a.record(ev('amend', { target: v.id, changes: { pulse: 30 }, reason: 'typo' }, { casualtyId: cid, deviceId: 'phone-a' }));
  a.record(ev('void', { target: n.id, reason: 'entered in error' }, { casualtyId: cid, deviceId: 'phone-a' }));
  await a.sync(local(log));
  await b.sync(local(log));
  const s = stateOf(log, cid);
  assert.equal(s.vitals[0]?.pulse, 30);
  assert.equal(s.notes.length, 0);
  assert.deepEqual(s.voided, [n.id]);
  assert.ok(log.byId.has(v.id) && log.byId.has(n.id), 'nothing is edited or deleted');
  const reversed = [...b.disk.events.values()].reverse();
  assert.deepEqual(fold(cid, reversed, NOW), s);
});

test('SYNC-11 server to server: the field box pushes by its own cursor and pulls by the rear cursor; both persist', async () => {
  const field = new MemoryLog();
  const rear = new MemoryLog();
  const cid = uuidv7();
  await servePush(field, [reg(cid, 'f'), ev('note', { text: 'at field' }, { casualtyId: cid })], NOW);
  await servePush(rear, [ev('note', { text: 'from rear' }, { casualtyId: cid })], NOW);
  const state = new MemoryPeerState();
  const r1 = await syncPeer(field, local(rear, 'rear'), state, () => NOW, { batch: 1 });
  assert.equal(r1.acknowledged, 2);
  assert.deepEqual(await state.load('rear'), { pushed: 2, pulled: 3 });
  assert.equal(await rear.head(), 3);
  assert.equal(await field.head(), 3);
  const r2 = await syncPeer(field, local(rear, 'rear'), state, () => NOW);
  assert.equal(r2.pulled, 0);
  assert.equal(await rear.head(), 3, 'the echo of pulled events back to the rear is a duplicate, never a copy');
  assert.deepEqual(stateOf(field, cid), stateOf(rear, cid));
});

test('SYNC-12 a scoped pull skips what the caller may not see without stalling its cursor', async () => {
  const log = new MemoryLog();
  const mine = uuidv7();
  const other = uuidv7();
  await servePush(log, [reg(other), reg(mine), ev('note', { text: 'x' }, { casualtyId: other })], NOW);
  const only = (es: StoredEvent[]) => es.filter((e) => e.casualtyId === mine);
  const page = await servePull(log, 0, 10, only);
  assert.deepEqual(page.events.map((e) => e.casualtyId), [mine]);
  assert.equal(page.next, 3);
  const empty = await servePull(log, 2, 10, only);
  assert.equal(empty.events.length, 0);
  assert.equal(empty.next, 3, 'the cursor moves past the invisible event');
});

test('SYNC-14 an event a server refuses for good is set aside for a person: it neither blocks the outbox nor vanishes', async () => {
  const log = new MemoryLog();
  const cid = uuidv7();
  const disk = newDeviceDisk('d1');
  const d = new Device(disk, () => Date.parse(NOW));
  d.record(reg(cid));
  const bad = d.record(ev('arrival', { facilityId: 'role2-north' }, { casualtyId: cid }));
  d.record(ev('note', { text: 'after' }, { casualtyId: cid }));
  d.record(ev('note', { text: 'later' }, { casualtyId: cid }));
  const strict: Remote = {
    ...local(log),
    push: async (events) => {
      if (events.some((e) => e.type === 'arrival')) throw Object.assign(new Error('arrival is recorded only by the receiving facility'), { status: 403 });
      return servePush(log, events, NOW);
    },
  };
  const rep = await d.sync(strict);
  assert.equal(rep.rejected, 1);
  assert.equal(disk.outbox.length, 0);
  assert.equal(await log.head(), 3, 'everything else went through');
  assert.deepEqual(disk.rejected.map((r) => [r.id, r.status]), [[bad.id, 403]]);
  assert.ok(disk.events.has(bad.id), 'kept on the device for a person to correct');
  const flaky: Remote = { ...local(log), push: async () => { throw Object.assign(new Error('token expired'), { status: 401 }); } };
  d.record(ev('note', { text: 'x' }, { casualtyId: cid }));
  await assert.rejects(d.sync(flaky));
  assert.equal(disk.outbox.length, 1, 'a 401 is not a refusal of the event: it stays queued');
});
