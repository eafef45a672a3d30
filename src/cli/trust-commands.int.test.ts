// `goldenhour user` and `goldenhour device` as an administrator runs them, against a real server process:
// a user is created, a phone enrolled with a one-time code, and revoking it cuts the phone off.
import { SESSION_CACHE_MS } from '../auth/service.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, startServer } from '../../test/support/serve.ts';

// 240 s: about ten CLI processes one after another; under a shared machine's load this once took 63 s (10 s quiet).
test('user add, device enroll / list / revoke: the enrolled phone works until revoked', { timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-cli-trust-'));
  const env = { DATA_DIR: dir, GH_PASSWORD: 'correct horse battery', RATE_LIMIT: 'off' };
  try {
    assert.equal(cli(['user', 'add', 'olena', '--role', 'medic', '--units', 'coy-a'], env).status, 0);
    const again = cli(['user', 'add', 'olena', '--role', 'medic', '--units', 'coy-a'], env);
    assert.equal(again.status, 1, 'a second user of the same name is refused');
    assert.equal(cli(['user', 'add', 'x', '--role', 'medic'], env).status, 1, 'a medic needs a unit');
    const enrol = cli(['device', 'enroll', '--user', 'olena', '--label', 'phone 7'], env);
    assert.equal(enrol.status, 0, enrol.out);
    const code = /^\s+([A-Z0-9-]{8,})\s*$/m.exec(enrol.out)?.[1];
    const deviceId = /\((dev-[^)]+)\)/.exec(enrol.out)?.[1];
    assert.ok(code && deviceId, enrol.out);

    const server = await startServer(env);
    try {
      const r = await fetch(`${server.url}/api/auth/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
      assert.equal(r.status, 200, await r.clone().text());
      const { token } = (await r.json()) as { token: string };
      const asPhone = () => fetch(`${server.url}/api/casualties`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal((await asPhone()).status, 200);
      const reuse = await fetch(`${server.url}/api/auth/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
      assert.ok(reuse.status >= 400 && reuse.status < 500, 'an enrolment code works once');

      assert.match(cli(['device', 'list'], env).out, new RegExp(`${deviceId}\\s+olena\\s+phone 7`));
      assert.equal(cli(['device', 'revoke', deviceId!], env).status, 0);
      // The CLI is another process: the server's brief session cache (SESSION_CACHE_MS) may answer until it lapses.
      const revokedAt = Date.now();
      let status = (await asPhone()).status;
      while (status !== 401 && Date.now() - revokedAt < SESSION_CACHE_MS + 3_000) {
        await new Promise((ok) => setTimeout(ok, 200));
        status = (await asPhone()).status;
      }
      assert.equal(status, 401, 'a revoked phone is cut off once the session cache lapses');
      assert.ok(Date.now() - revokedAt < SESSION_CACHE_MS + 3_000, 'within the cache window');
      assert.equal(cli(['device', 'revoke', 'dev-none'], env).status, 1);
      // With the server holding the embedded database, verify checks the access audit only: not a pass (exit 3).
      const partial = cli(['audit', 'verify'], env);
      assert.equal(partial.status, 3, partial.out);
      assert.match(partial.out, /NOT VERIFIED: the casualty log/u);
    } finally {
      await server.kill('SIGTERM');
    }
    // audit verify reads the casualty log too: with the embedded database, only once the server has stopped.
    const audit = cli(['audit', 'verify'], env);
    assert.equal(audit.status, 0, audit.out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
