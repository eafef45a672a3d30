// Sessions are cached briefly (issue 16 item 3): a token's principal is reused for SESSION_CACHE_MS without a
// database read; logout, revocation, disabling and role changes through the service take effect at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTrustDb } from '../storage/trust-db.ts';
import { AuthService, SESSION_CACHE_MS } from './service.ts';

test('a principal is reused briefly; every change through the service is seen at once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-session-cache-'));
  const sql = await openTrustDb({ dataDir: dir });
  try {
    let now = Date.parse('2026-03-01T12:00:00Z');
    const auth = new AuthService(sql, () => now);
    await auth.addUser({ username: 'medic-a', password: 'correct horse battery staple', role: 'medic', units: ['a'] });
    const { token } = await auth.login('medic-a', 'correct horse battery staple');
    assert.equal((await auth.authenticate(token))?.username, 'medic-a');
    // Revoked behind the service's back: the cached principal still answers within the cache window (no read)…
    await sql.query('UPDATE auth_sessions SET revoked_at = $1', ['2026-03-01T12:00:00.000Z']);
    assert.equal((await auth.authenticate(token))?.username, 'medic-a', 'served from the cache');
    now += SESSION_CACHE_MS + 1;
    assert.equal(await auth.authenticate(token), null, '…and not after it');

    for (const change of [
      (t: string) => auth.logout(t),
      () => auth.setDisabled('medic-a', true),
      () => auth.updateUser('medic-a', { units: ['b'] }),
    ]) {
      await auth.setDisabled('medic-a', false);
      const s = await auth.login('medic-a', 'correct horse battery staple');
      const before = await auth.authenticate(s.token);
      assert.ok(before);
      await change(s.token);
      const after = await auth.authenticate(s.token);
      assert.ok(after === null || after.units.join() === 'b', `seen at once: ${JSON.stringify(after)}`);
    }
  } finally {
    await sql.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
