// End to end with real processes: two servers (field box, rear), users made with the CLI, a phone's outbox pushed
// over HTTP (gzip), `goldenhour sync --from --to` between the servers, `goldenhour audit verify` before and after
// tampering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fold, uuidv7 } from '../core/index.ts';
import { Device, newDeviceDisk } from './protocol.ts';
import { httpRemote } from './http.ts';
import { ev } from '../../test/sync/fixtures.ts';
import { cli, login, startServer } from '../../test/support/serve.ts';

const PW = 'correct horse battery';

test('field box and rear server converge through goldenhour sync; audit verify catches tampering', async () => {
  const dirs = [mkdtempSync(join(tmpdir(), 'gh-field-')), mkdtempSync(join(tmpdir(), 'gh-rear-'))];
  const [fieldEnv, rearEnv] = dirs.map((d) => ({ DATA_DIR: d, GH_PASSWORD: PW, RATE_LIMIT: 'off' }));
  const field = await startServer(fieldEnv!);
  const rear = await startServer(rearEnv!);
  try {
    assert.match(field.output(), /No users yet/);
    assert.match(field.output(), /npm run goldenhour -- user add admin --role admin/, 'says the command a checkout runs');
    assert.match(field.output(), /Loopback only/);
    for (const env of [fieldEnv!, rearEnv!]) {
      assert.equal(cli(['user', 'add', 'admin', '--role', 'admin'], env).status, 0);
      assert.equal(cli(['user', 'add', 'relay', '--role', 'peer'], env).status, 0);
    }
    assert.equal(cli(['user', 'add', 'doc', '--role', 'medic', '--units', '1-coy'], fieldEnv!).status, 0);
    // A phone with a device credential records offline, then pushes its outbox to the field box.
    const adminTok = await login(field.url, 'admin', PW);
    let r = await fetch(`${field.url}/api/devices`, { method: 'POST', headers: { authorization: `Bearer ${adminTok}`, 'content-type': 'application/json' }, body: JSON.stringify({ username: 'doc', label: 'phone' }) });
    const { code } = (await r.json()) as { code: string };
    r = await fetch(`${field.url}/api/auth/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    const { token, deviceId } = (await r.json()) as { token: string; deviceId: string };
    const phone = new Device(newDeviceDisk(deviceId), () => Date.now());
    const cid = uuidv7();
    const at = new Date(Date.now() - 600_000).toISOString();
    phone.record(ev('registered', { injuredAt: at, unitId: '1-coy', sex: 'unknown', status: 'military' }, { casualtyId: cid, deviceId, author: 'doc', at }));
    for (let i = 0; i < 300; i++) phone.record(ev('vitals', { pulse: 60 + (i % 100) }, { casualtyId: cid, deviceId, author: 'doc' }));
    phone.record(ev('triage', { triage: { system: 'NATO', category: 'T1' } }, { casualtyId: cid, deviceId, author: 'doc' }));
    const rep = await phone.sync(httpRemote(field.url, token), 200);
    assert.equal(rep.acknowledged, 302);
    assert.equal(phone.disk.outbox.length, 0);
    // The field box syncs with the rear both ways, twice (the second run moves nothing: idempotent, resumable).
    const relayEnv = { FROM_TOKEN: await login(field.url, 'relay', PW), TO_TOKEN: await login(rear.url, 'relay', PW) };
    const state = join(dirs[0]!, 'sync-state.json');
    let s = cli(['sync', '--from', field.url, '--to', rear.url, '--both', '--state', state, '--batch', '100'], relayEnv);
    assert.equal(s.status, 0, s.out);
    assert.match(s.out, /302 events sent, 302 new/);
    s = cli(['sync', '--from', field.url, '--to', rear.url, '--both', '--state', state], relayEnv);
    assert.match(s.out, /0 events sent, 0 new/);
    const rearAdmin = await login(rear.url, 'admin', PW);
    r = await fetch(`${rear.url}/api/casualties/${cid}`, { headers: { authorization: `Bearer ${rearAdmin}` } });
    const body = (await r.json()) as { events: Parameters<typeof fold>[1]; casualty: { state: unknown } };
    assert.equal(body.events.length, 302);
    assert.deepEqual(fold(cid, body.events, at), fold(cid, [...phone.disk.events.values()], at));
    // Audit: intact, then tampered with directly in the database.
    // The field server holds its embedded casualty log: verify checks the access audit only, and says so (exit 3).
    let a = cli(['audit', 'verify'], fieldEnv!);
    assert.equal(a.status, 3, a.out);
    assert.match(a.out, /^OK: \d+ entries/m);
    const head = /head (\d+:[0-9a-f]{64})/.exec(a.out)![1]!;
    await field.kill('SIGTERM');
    const db = new DatabaseSync(join(dirs[0]!, 'trust.db'));
    db.exec(`UPDATE audit_log SET actor = 'nobody' WHERE seq = 2`);
    db.close();
    a = cli(['audit', 'verify', '--expect', head], fieldEnv!);
    assert.equal(a.status, 1);
    assert.match(a.out, /TAMPERED: entry 2: content does not match its hash/);
  } finally {
    await field.kill();
    await rear.kill();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});

test('SYNC-11 a field box with UPSTREAM_URL replicates with the rear both ways, across a rear outage', { timeout: 120_000 }, async () => {
  const dirs = [mkdtempSync(join(tmpdir(), 'gh-field-')), mkdtempSync(join(tmpdir(), 'gh-rear-'))];
  const [fieldEnv, rearEnv] = dirs.map((d) => ({ DATA_DIR: d, GH_PASSWORD: PW, RATE_LIMIT: 'off' }));
  for (const env of [fieldEnv!, rearEnv!]) assert.equal(cli(['user', 'add', 'admin', '--role', 'admin'], env).status, 0);
  assert.equal(cli(['user', 'add', 'relay', '--role', 'peer'], rearEnv!).status, 0);
  let rear = await startServer(rearEnv!);
  const peerToken = await login(rear.url, 'relay', PW);
  const field = await startServer({ ...fieldEnv!, UPSTREAM_URL: rear.url, UPSTREAM_TOKEN: peerToken, SYNC_INTERVAL: '0.3' });
  const push = async (url: string, token: string, cid: string, text: string, register = false) => {
    const now = new Date().toISOString();
    const evs = [
      ...(register ? [{ id: cid, casualtyId: cid, type: 'registered', at: now, recordedAt: now, deviceId: 'x', author: 'admin', payload: { injuredAt: now, sex: 'unknown', status: 'military' } }] : []),
      { id: uuidv7(), casualtyId: cid, type: 'note', at: now, recordedAt: now, deviceId: 'x', author: 'admin', payload: { text } },
    ];
    const r = await fetch(`${url}/api/sync/push`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ events: evs }) });
    assert.equal(r.status, 200, await r.text());
  };
  const count = async (url: string, token: string) => ((await (await fetch(`${url}/api/sync/pull?after=0&limit=1000`, { headers: { authorization: `Bearer ${token}` } })).json()) as { events: unknown[] }).events.length;
  const until = async (f: () => Promise<boolean>) => {
    const deadline = Date.now() + 20_000;
    while (!(await f()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(await f(), 'converged in time');
  };
  try {
    const ft = await login(field.url, 'admin', PW);
    let rt = await login(rear.url, 'admin', PW);
    const a = uuidv7();
    const b = uuidv7();
    await push(field.url, ft, a, 'at the field', true);
    await push(rear.url, rt, b, 'at the rear', true);
    await until(async () => (await count(field.url, ft)) === 4 && (await count(rear.url, rt)) === 4);
    // The rear goes down; the field box keeps recording; the rear comes back on the same address.
    const port = rear.port;
    await rear.kill();
    await push(field.url, ft, a, 'during the outage');
    await new Promise((r) => setTimeout(r, 800));
    rear = await startServer(rearEnv!, { port });
    rt = await login(rear.url, 'admin', PW);
    const t0 = Date.now();
    await until(async () => (await count(rear.url, rt)) === 5 && (await count(field.url, ft)) === 5);
    if (process.env.GH_DEBUG) console.log('recovered in', Date.now() - t0, 'ms');
    assert.match(field.output(), /will retry/);
    if (process.env.GH_DEBUG) console.log(field.output());
  } finally {
    await field.kill();
    await rear.kill();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});
