// The one door: every writer is validated, authorised and audited alike (issue 10 item 1, issue 14 items 1, 5, 6,
// 7, 8, 11). Each test here fails on the code before the door.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import { uuidv7 } from '../core/index.ts';
import { authTestApp, createUserAndLogin } from '../../test/support/auth.ts';
import type { AuthTestApp } from '../../test/support/auth.ts';
import { openSqliteStore } from '../storage/sqlite.ts';
import { TakBridge } from '../interop/tak/bridge.ts';
import { CoT } from '../interop/cot/node-cot.ts';
import { startUpstream } from '../sync/upstream.ts';
import { MemoryPeerState } from '../sync/protocol.ts';
import { verifyCasualtyLog } from '../audit/casualty-log.ts';

let t: AuthTestApp;
before(async () => {
  t = await authTestApp();
});
after(async () => t.close());

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
const MAIN = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const SCENARIO = fileURLToPath(new URL('../../examples/scenarios/bakhmut-outskirts.json', import.meta.url));
const gh = (args: string[], dataDir: string) => spawnSync(process.execPath, [MAIN, ...args], { env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir }, encoding: 'utf8' });
const actions = async (s: { logAudit: AuthTestApp['store']['logAudit'] }) => (await s.logAudit(0, 1000)).map((e) => `${e.actor} ${e.action}`);

test('HTTP and sync-push writes are audited in the log, naming the events written', async () => {
  const medic = await createUserAndLogin(t, 'medic', { units: ['1-coy'] });
  const cid = uuidv7();
  let r = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: medic.headers, payload: { id: cid, injuredAt: ago(30), unitId: '1-coy' } });
  assert.equal(r.statusCode, 201, r.body);
  const note = uuidv7();
  r = await t.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, headers: medic.headers, payload: { events: [{ id: note, type: 'note', at: ago(1), payload: { text: 'ok' } }] } });
  assert.equal(r.statusCode, 200, r.body);
  const pushed = { id: uuidv7(), casualtyId: cid, type: 'note', at: ago(1), recordedAt: ago(1), deviceId: 'phone-7', author: medic.username, payload: { text: 'via sync' } };
  r = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: medic.headers, payload: { events: [pushed] } });
  assert.equal(r.statusCode, 200, r.body);
  const entries = (await t.store.logAudit(0, 1000)).filter((e) => e.actor === medic.username);
  assert.deepEqual(entries.map((e) => e.action), ['POST /api/casualties', 'POST /api/casualties/:id/events', 'POST /api/sync/push']);
  assert.deepEqual(entries[1]!.events.map(([id]) => id), [note]);
  assert.deepEqual(entries[2]!.events.map(([id]) => id), [pushed.id], 'a sync-push audit row names what was written');
  assert.ok(entries.every((e) => e.detail.ip !== undefined));
});

test('the TAK bridge writes through the door: validated and audited as tak', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-door-tak-'));
  const store = await openSqliteStore({ dataDir: dir });
  try {
    await store.migrate();
    const bridge = new TakBridge({ store });
    const xml = readFileSync(new URL('../interop/cot/fixtures/atak-9line-create.xml', import.meta.url), 'utf8');
    const got = await bridge.receive(new CoT(xml));
    assert.ok((got.appended ?? 0) > 0, JSON.stringify(got));
    assert.deepEqual(await actions(store), ['tak tak']);
    assert.ok((await verifyCasualtyLog(store)).ok);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the upstream loop writes what it pulls through the door: audited as upstream pull', async () => {
  const peer = await createUserAndLogin(t, 'peer');
  const cid = uuidv7();
  const admin = await createUserAndLogin(t, 'admin');
  const r = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: admin.headers, payload: { id: cid, injuredAt: ago(10) } });
  assert.equal(r.statusCode, 201, r.body);
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const field = await authTestApp();
  const loop = startUpstream({ store: field.store, bus: field.app.ctx.bus, peers: new MemoryPeerState(), url, token: peer.token, intervalMs: 300 });
  try {
    await loop.nextRound();
    assert.ok(await field.store.casualty(cid), 'pulled');
    assert.ok((await actions(field.store)).includes('upstream pull upstream pull'));
  } finally {
    await loop.stop();
    await field.close();
  }
});

test('import and demo write through the door (audited); an imported future-dated event gets the server clock rule (issue 14 item 7)', () => {
  const a = mkdtempSync(join(tmpdir(), 'gh-door-cli-'));
  const b = mkdtempSync(join(tmpdir(), 'gh-door-cli-'));
  try {
    assert.equal(gh(['demo', SCENARIO, '--casualties', '1'], a).status, 0);
    const cid = uuidv7();
    const reg = { id: cid, casualtyId: cid, type: 'registered', at: ago(60), recordedAt: ago(60), deviceId: 'd', author: 'x', payload: { injuredAt: ago(60) } };
    const future = { id: uuidv7(), casualtyId: cid, type: 'note', at: '2099-01-01T00:00:00.000Z', recordedAt: ago(1), deviceId: 'd', author: 'x', payload: { text: 'from the future' } };
    writeFileSync(join(b, 'bad.ndjson'), `${JSON.stringify(reg)}\n${JSON.stringify(future)}\n`);
    // One validation for every writer: an imported event from the future gets the same clock treatment as a
    // pushed one (SYNC-16: kept at the time of receipt, marked as needing a time), so it can never block replication.
    const r = gh(['import', join(b, 'bad.ndjson')], b);
    assert.equal(r.status, 0, r.stderr);
    return (async () => {
      for (const [dir, who] of [[a, 'demo demo'], [b, 'import import']] as const) {
        const s = await openSqliteStore({ dataDir: dir });
        try {
          assert.ok((await actions(s)).includes(who), `${dir}: ${who}`);
          const events = await s.eventsAfter(0, 1000);
          assert.ok(!events.some((e) => e.at.startsWith('2099')), 'no event is stored in the future');
        } finally {
          await s.close();
        }
      }
    })();
  } finally {
    setTimeout(() => {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }, 5000).unref();
  }
});

test('audit verify detects an edited, a deleted and an inserted clinical event (issue 14 item 8)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-door-verify-'));
  try {
    assert.equal(gh(['demo', SCENARIO, '--casualties', '2'], dir).status, 0);
    const clean = gh(['audit', 'verify'], dir);
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    const db = new DatabaseSync(join(dir, 'goldenhour.db'));
    const rows = db.prepare("SELECT seq, payload FROM events WHERE type = 'note' OR type = 'vitals' OR type = 'tourniquet.applied' ORDER BY seq").all() as { seq: number; payload: string }[];
    assert.ok(rows.length >= 2);
    db.prepare('UPDATE events SET payload = ? WHERE seq = ?').run(JSON.stringify({ ...(JSON.parse(rows[0]!.payload) as object), dose: '100 g' }), rows[0]!.seq);
    const edited = gh(['audit', 'verify'], dir);
    assert.equal(edited.status, 1);
    assert.match(edited.stdout, /\(edited\)/);
    db.prepare('DELETE FROM events WHERE seq = ?').run(rows[1]!.seq);
    db.prepare(`INSERT INTO events (id, casualty_id, type, at, recorded_at, device_id, author, hlc, payload, received_at)
      SELECT ?, casualty_id, 'note', at, recorded_at, device_id, author, NULL, '{"text":"planted"}', received_at FROM events LIMIT 1`).run(uuidv7());
    db.close();
    const out = gh(['audit', 'verify'], dir).stdout;
    assert.match(out, /\(deleted\)/);
    assert.match(out, /\(inserted\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a facility cannot write to a casualty it was not sent (issue 14 item 1)', async () => {
  const medic = await createUserAndLogin(t, 'medic', { units: ['1-coy'] });
  const rogue = await createUserAndLogin(t, 'facility', { facilities: ['role2-east'] });
  const cid = uuidv7();
  let r = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: medic.headers, payload: { id: cid, injuredAt: ago(60), unitId: '1-coy' } });
  assert.equal(r.statusCode, 201);
  for (const ev of [
    { type: 'arrival', at: ago(5), payload: { facilityId: 'role2-east' } },
    { type: 'outcome', at: ago(50), payload: { outcome: 'died-of-wounds', facilityId: 'role2-east' } },
  ]) {
    r = await t.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, headers: rogue.headers, payload: { events: [ev] } });
    // The casualty does not exist for it: answered as an unknown id (docs/security.md, src/auth/write-oracle.int.test.ts).
    assert.equal(r.statusCode, 404, `${ev.type}: ${r.body}`);
  }
  r = await t.app.inject({ method: 'GET', url: `/api/casualties/${cid}`, headers: rogue.headers });
  assert.equal(r.statusCode, 404, 'and the record stays closed to it');
  assert.equal((await t.store.casualty(cid))!.state.outcome, null);
});

test('corrections: a colleague\'s entry needs a reason; a registration is never voided; amended times are checked (issue 14 item 11)', async () => {
  const a = await createUserAndLogin(t, 'medic', { units: ['2-coy'] });
  const b = await createUserAndLogin(t, 'medic', { units: ['2-coy'] });
  const cid = uuidv7();
  let r = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: a.headers, payload: { id: cid, injuredAt: ago(60), unitId: '2-coy' } });
  assert.equal(r.statusCode, 201);
  const txa = uuidv7();
  r = await t.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, headers: a.headers, payload: { events: [{ id: txa, type: 'note', at: ago(30), payload: { text: 'TXA 1 g' } }] } });
  assert.equal(r.statusCode, 200, r.body);
  const post = (h: { authorization: string }, ev: object) => t.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, headers: h, payload: { events: [ev] } });
  r = await post(b.headers, { type: 'amend', at: ago(1), payload: { target: txa, changes: { text: 'TXA 100 g' } } });
  assert.equal(r.statusCode, 403, r.body);
  assert.match(r.body, /needs a reason/);
  r = await post(b.headers, { type: 'amend', at: ago(1), payload: { target: txa, changes: { text: 'TXA 2 g' }, reason: 'second dose recorded on paper' } });
  assert.equal(r.statusCode, 200, r.body);
  r = await post(a.headers, { type: 'void', at: ago(1), payload: { target: cid, reason: 'hide it' } });
  assert.equal(r.statusCode, 400, r.body);
  assert.match(r.body, /registration is never voided/);
  r = await post(a.headers, { type: 'amend', at: ago(1), payload: { target: cid, changes: { injuredAt: '2099-01-01T00:00:00.000Z' } } });
  assert.equal(r.statusCode, 400, r.body);
  assert.match(r.body, /changes\.injuredAt: is more than/);
  r = await post(a.headers, { type: 'void', at: ago(1), payload: { target: uuidv7(), reason: 'no such event' } });
  assert.equal(r.statusCode, 404, 'a void target is checked like an amend target (not here, perhaps not yet: SYNC-20)');
  const state = (await t.store.casualty(cid))!.state;
  assert.equal(state.injuredAt, (await t.store.eventsOf(cid))[0]!.at);
});

test('the same event id with different content is a 409, never a silent duplicate (issue 14 item 6)', async () => {
  const medic = await createUserAndLogin(t, 'medic', { units: ['1-coy'] });
  const cid = uuidv7();
  await t.app.inject({ method: 'POST', url: '/api/casualties', headers: medic.headers, payload: { id: cid, injuredAt: ago(60), unitId: '1-coy' } });
  const id = uuidv7();
  const ev = (text: string) => ({ id, casualtyId: cid, type: 'note', at: ago(2), recordedAt: ago(2), deviceId: 'p', author: medic.username, payload: { text } });
  let r = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: medic.headers, payload: { events: [ev('real')] } });
  assert.equal(r.statusCode, 200);
  r = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: medic.headers, payload: { events: [ev('imposter')] } });
  assert.equal(r.statusCode, 409, r.body);
  assert.match(r.body, /events\.0\.id/);
});

test('decisions from two servers without supersedes become a visible conflict, not last-write-wins (issue 14 item 5)', async () => {
  const rear = await authTestApp();
  const field = await authTestApp();
  try {
    const onRear = await createUserAndLogin(rear, 'medic', { units: ['1-coy'], username: 'medic-x' });
    const onField = await createUserAndLogin(field, 'medic', { units: ['1-coy'], username: 'medic-x' });
    const peer = await createUserAndLogin(rear, 'peer');
    const cid = uuidv7();
    let r = await field.app.inject({ method: 'POST', url: '/api/casualties', headers: onField.headers, payload: { id: cid, injuredAt: ago(60), unitId: '1-coy' } });
    assert.equal(r.statusCode, 201);
    const url = await rear.app.listen({ port: 0, host: '127.0.0.1' });
    const loop = startUpstream({ store: field.store, bus: field.app.ctx.bus, peers: new MemoryPeerState(), url, token: peer.token, intervalMs: 300 });
    try {
      await loop.nextRound();
      const triage = (category: string, min: number) => ({ events: [{ type: 'triage', at: ago(min), payload: { triage: { system: 'NATO', category } } }] });
      r = await field.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, headers: onField.headers, payload: triage('T1', 10) });
      assert.equal(r.statusCode, 200, r.body);
      r = await rear.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, headers: onRear.headers, payload: triage('T3', 5) });
      assert.equal(r.statusCode, 200, r.body);
      // A round already under way when the second decision was written may not carry it: wait for rounds (generous
      // deadline) until both servers hold both decisions, instead of trusting the next one.
      const both = async () => (await Promise.all([field.store, rear.store].map(async (s) => (await s.eventsOf(cid)).filter((e) => e.type === 'triage').length))).every((n) => n === 2);
      for (const deadline = Date.now() + 60_000; !(await both()) && Date.now() < deadline; ) await loop.nextRound();
      for (const s of [field.store, rear.store]) {
        const state = (await s.casualty(cid))!.state;
        assert.ok(state.triage.conflict, 'the two triage decisions are shown as a conflict');
        assert.equal(state.triage.conflict.length, 2);
      }
    } finally {
      await loop.stop();
    }
  } finally {
    await rear.close();
    await field.close();
  }
});

test('a stored write is audited once, by the log in its transaction; a refused one by the access audit (issue 16)', async () => {
  const medic = await createUserAndLogin(t, 'medic', { units: ['3-coy'] });
  const cid = uuidv7();
  let r = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: medic.headers, payload: { id: cid, injuredAt: ago(20), unitId: '3-coy' } });
  assert.equal(r.statusCode, 201, r.body);
  r = await t.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, headers: medic.headers, payload: { events: [{ type: 'note', at: ago(1), payload: { text: 'x' } }] } });
  assert.equal(r.statusCode, 200, r.body);
  r = await t.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, headers: medic.headers, payload: { events: [{ type: 'nonsense', at: ago(1) }] } });
  assert.equal(r.statusCode, 400, r.body);
  const access = (await t.trust.audit.entries(0, 100_000)).filter((e) => e.actor === medic.username && e.action.startsWith('POST /api/casualties'));
  assert.deepEqual(access.map((e) => e.detail.status), [400], 'only the refused write is in the access audit');
  const logged = (await t.store.logAudit(0, 100_000)).filter((e) => e.actor === medic.username);
  assert.deepEqual(logged.map((e) => e.action), ['POST /api/casualties', 'POST /api/casualties/:id/events']);
});
