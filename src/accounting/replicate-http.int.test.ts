// Two real server processes: a field box on SQLite with UPSTREAM_URL, a rear server on PostgreSQL. A claim entered
// at the field — graded, with an archived copy of almost 1 MiB uploaded as evidence — reaches the rear by the upstream
// loop (the same entry ids, the archive byte for byte); a status change made at the rear comes back. Only a peer (or an
// administrator) may pull or push claims; an editor may not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, login, startServer } from '../../test/support/serve.ts';
import type { ServerProc } from '../../test/support/serve.ts';
import type { PgServer } from '../../test/support/postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';

const PW = 'correct horse battery';
let pg: PgServer | undefined;
const dirs: string[] = [];
const procs: ServerProc[] = [];
before(async () => {
  pg = await startPostgres({ fsyncOff: true });
});
after(async () => {
  for (const p of procs) await p.kill();
  await pg?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const call = async <T>(url: string, token: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
  const r = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return { status: r.status, body: (text && r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T };
};

async function until(what: string, f: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await f()) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  assert.fail(`${what}: not within ${ms / 1000} s`);
}

type Detail = { claim: { status: string; reliability: string | null }; history: { id: string; origin: string | null; action: string }[]; evidence: { id: string; sha256: string; mediaType: string | null }[] };

test('claims replicate between a field box (SQLite) and its rear (PostgreSQL) through the upstream loop', { timeout: 240_000 }, async () => {
  const fieldDir = mkdtempSync(join(tmpdir(), 'gh-claims-field-'));
  dirs.push(fieldDir);
  const rearEnv = { DATABASE_URL: await pg!.createDatabase(), GH_PASSWORD: PW, RATE_LIMIT: 'off' };
  const fieldEnv = { DATA_DIR: fieldDir, DATABASE_URL: '', GH_PASSWORD: PW, RATE_LIMIT: 'off' };
  for (const env of [rearEnv, fieldEnv]) for (const [u, role] of [['admin', 'admin'], ['editor', 'editor']]) assert.equal(cli(['user', 'add', u!, '--role', role!], env).status, 0);
  assert.equal(cli(['user', 'add', 'relay', '--role', 'peer'], rearEnv).status, 0);
  const rear = await startServer(rearEnv);
  procs.push(rear);
  const relay = await login(rear.url, 'relay', PW);
  const field = await startServer({ ...fieldEnv, UPSTREAM_URL: rear.url, UPSTREAM_TOKEN: relay, SYNC_INTERVAL: '0.5' });
  procs.push(field);
  const fe = await login(field.url, 'editor', PW);
  const re = await login(rear.url, 'editor', PW);

  // Replication is for servers: an editor may neither pull nor push the ledger's history.
  assert.equal((await call(rear.url, re, '/api/sync/claims/pull?after=0')).status, 403);

  const created = await call<{ claim: { id: string } }>(field.url, fe, '/api/claims', {
    claimant: 'President', claimantSide: 'own', subjectSide: 'civilians', kind: 'civilians-killed', category: 'civilians', value: 60,
    valueKind: 'count', qualifier: 'about', periodEnd: '2026-03-01', place: { name: 'School No. 3', lat: 48.59, lon: 37.99, radiusM: 500, precision: 'exact' },
  });
  assert.equal(created.status, 201);
  const id = created.body.claim.id;
  assert.equal((await call(field.url, fe, `/api/claims/${id}/grade`, { reliability: 'B', credibility: 5, reason: 'official statement' })).status, 200);
  // An archived copy of almost 1 MiB (a PNG by its first bytes): above the server's default body limit as base64.
  const png = Buffer.alloc(1_000_000, 7);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
  const sha = createHash('sha256').update(png).digest('hex');
  const ev = await call<{ evidence: { id: string; sha256: string } }>(field.url, fe, `/api/claims/${id}/evidence`, {
    firstSeen: '2026-03-01T12:00:00Z', kind: 'photo', archiveBase64: png.toString('base64'), sha256: sha, mediaType: 'image/png', fileName: 'strike.png',
  });
  assert.equal(ev.status, 201, JSON.stringify(ev.body));
  assert.equal(ev.body.evidence.sha256, sha);

  const detail = (url: string, token: string) => call<Detail>(url, token, `/api/claims/${id}`);
  await until('the claim, its grade and its evidence at the rear', async () => {
    const d = await detail(rear.url, re);
    return d.status === 200 && d.body.claim.reliability === 'B' && d.body.evidence.length === 1;
  });
  const [f, r] = [(await detail(field.url, fe)).body, (await detail(rear.url, re)).body];
  assert.deepEqual(r.history.map((h) => h.id), f.history.map((h) => h.id), 'the same entries under the same ids');
  assert.ok(r.history.every((h) => h.origin === `peer relay`), 'the rear knows which server each entry came from');
  assert.deepEqual(r.evidence.map((e) => [e.id, e.sha256, e.mediaType]), [[ev.body.evidence.id, sha, 'image/png']]);
  const bytes = Buffer.from(await (await fetch(`${rear.url}/api/claims/evidence/${ev.body.evidence.id}/archive`, { headers: { authorization: `Bearer ${re}` } })).arrayBuffer());
  assert.equal(createHash('sha256').update(bytes).digest('hex'), sha, 'the archive byte for byte');

  // A change made at the rear comes back to the field box.
  assert.equal((await call(rear.url, re, `/api/claims/${id}/status`, { status: 'disputed', reason: 'soldiers on the ground cannot confirm' })).status, 200);
  await until('the rear’s status change at the field', async () => (await detail(field.url, fe)).body.claim.status === 'disputed');
  const back = (await detail(field.url, fe)).body.history.at(-1)!;
  assert.deepEqual([back.action, back.origin], ['status', rear.url]);
  assert.match(field.output(), /claims http:\/\/127\.0\.0\.1:\d+: \d+ sent/);
});
