// Issue 14 (Low): stream tickets work across server processes. Two API processes on one PostgreSQL: a ticket issued by
// one opens the stream on the other, once; racing redemptions on both processes open exactly one stream; an expired
// ticket opens nothing; the database holds no token a copy of it could use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { cli, login, startServer } from '../../test/support/serve.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { authTestApp, createUserAndLogin } from '../../test/support/auth.ts';

const PW = 'correct horse battery';

async function ticketFrom(base: string, token: string): Promise<string> {
  const r = await fetch(`${base}/api/stream/ticket`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  assert.equal(r.status, 200, await r.clone().text());
  return ((await r.json()) as { ticket: string }).ticket;
}

/** Open the stream with a ticket; returns the status (the body of a 200 is cancelled right away). */
async function openWith(base: string, ticket: string): Promise<number> {
  const ac = new AbortController();
  const r = await fetch(`${base}/api/stream?ticket=${ticket}`, { signal: ac.signal });
  if (r.status === 200) ac.abort();
  else await r.body?.cancel();
  return r.status;
}

test('a stream ticket issued by one server process opens the stream on another (one PostgreSQL), once', { timeout: 120_000 }, async () => {
  const pgs = await startPostgres({ fsyncOff: true });
  const dir = mkdtempSync(join(tmpdir(), 'gh-ticket-'));
  const env = { DATABASE_URL: pgs.url, DATA_DIR: dir, GH_PASSWORD: PW, RATE_LIMIT: 'off' };
  const a = await startServer(env);
  const b = await startServer(env);
  try {
    assert.equal(cli(['user', 'add', 'ops', '--role', 'dispatcher'], env).status, 0);
    const token = await login(a.url, 'ops', PW);
    const t1 = await ticketFrom(a.url, token);
    assert.equal(await openWith(b.url, t1), 200, 'issued by A, redeemed on B');
    assert.equal(await openWith(a.url, t1), 401, 'used on B: refused on A');
    assert.equal(await openWith(b.url, t1), 401, 'used: refused on B again');
    // Racing redemptions of one ticket on both processes: exactly one opens.
    for (let i = 0; i < 5; i++) {
      const t = await ticketFrom(i % 2 ? a.url : b.url, token);
      const statuses = await Promise.all([openWith(a.url, t), openWith(b.url, t), openWith(a.url, t), openWith(b.url, t)]);
      assert.deepEqual(statuses.sort(), [200, 401, 401, 401], `race ${i}: ${statuses.join(',')}`);
    }
    // The table keeps neither the ticket nor the bearer token in clear.
    const c = new pg.Client({ connectionString: pgs.url });
    await c.connect();
    try {
      const t2 = await ticketFrom(b.url, token);
      const rows = (await c.query('SELECT * FROM auth_stream_tickets')).rows as Record<string, unknown>[];
      assert.ok(rows.length >= 1);
      const dump = JSON.stringify(rows);
      assert.ok(!dump.includes(token) && !dump.includes(t2), 'no token or ticket in clear');
      // Expired (its 30 s are over): refused on either process.
      await c.query('UPDATE auth_stream_tickets SET expires_at = 0');
      assert.equal(await openWith(a.url, t2), 401, 'expired ticket');
    } finally {
      await c.end();
    }
  } finally {
    await a.kill();
    await b.kill();
    await pgs.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stream tickets on SQLite: single use under racing redemptions, refused once expired', async () => {
  const s = await authTestApp();
  try {
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(s.app.server.address() as { port: number }).port}`;
    const medic = await createUserAndLogin(s, 'medic', { units: ['1-coy'] });
    const t = await ticketFrom(base, medic.token);
    const statuses = await Promise.all([openWith(base, t), openWith(base, t), openWith(base, t)]);
    assert.deepEqual(statuses.sort(), [200, 401, 401]);
    const t2 = await ticketFrom(base, medic.token);
    await s.trust.sql.query('UPDATE auth_stream_tickets SET expires_at = 0');
    assert.equal(await openWith(base, t2), 401);
  } finally {
    await s.close();
  }
});
