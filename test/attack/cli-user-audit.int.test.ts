// `goldenhour user add|disable` wrote the trust database directly, with no audit entry: an account (an administrator)
// could be made or a medic cut off and the chain said nothing. Every writer is audited in its change's transaction, so
// the CLI's user changes are too — as `cli`, naming the OS account that ran it (the command has no sign-in: whoever
// runs it holds the database) — and the last enabled administrator is refused there as over HTTP. Both databases.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { userCommand } from '../../src/cli/commands/user.ts';
import { UsageError } from '../../src/cli/config.ts';
import { openTrust } from '../../src/auth/trust.ts';
import { NO_ADMIN_LEFT } from '../../src/auth/service.ts';
import { startPostgres } from '../support/postgres.ts';

/** The command as `goldenhour user …` runs it: its exit code and what it refused with. */
async function gh(argv: string[]): Promise<{ code: number; message: string }> {
  const log = console.log;
  console.log = () => undefined;
  try {
    return { code: await userCommand(argv), message: '' };
  } catch (e) {
    if (e instanceof UsageError) return { code: e.exitCode, message: e.message };
    throw e;
  } finally {
    console.log = log;
  }
}

for (const db of ['sqlite', 'postgres'] as const)
test(`the CLI's user changes are audited in their transaction, and keep an administrator (${db})`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-cli-audit-'));
  const pg = db === 'postgres' ? await startPostgres({ fsyncOff: true }) : null;
  const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL, GH_PASSWORD: process.env.GH_PASSWORD };
  Object.assign(process.env, { DATA_DIR: dir, DATABASE_URL: pg?.url ?? '', GH_PASSWORD: 'correct horse battery' });
  after(async () => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) Reflect.deleteProperty(process.env, k); else process.env[k] = v;
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  assert.equal((await gh(['add', 'chief', '--role', 'admin'])).code, 0);
  assert.equal((await gh(['add', 'olena', '--role', 'medic', '--units', 'a-coy'])).code, 0);
  assert.equal((await gh(['disable', 'olena'])).code, 0);
  // The last enabled administrator stays: refused (exit 1, saying why), nothing written.
  assert.deepEqual(await gh(['disable', 'chief']), { code: 1, message: NO_ADMIN_LEFT });
  // An unknown name is refused, not "disabled".
  assert.equal((await gh(['disable', 'nobody'])).code, 1);

  const trust = await openTrust(pg ? { url: pg.url } : { dataDir: dir });
  try {
    const os = userInfo().username;
    const entries = (await trust.audit.entries()).filter((e) => e.action.startsWith('user.'));
    assert.deepEqual(entries.map((e) => [e.actor, e.action, e.target, e.detail]), [
      ['cli', 'user.created', 'chief', { os, role: 'admin', units: [], facilities: [] }],
      ['cli', 'user.created', 'olena', { os, role: 'medic', units: ['a-coy'], facilities: [] }],
      ['cli', 'user.disabled', 'olena', { os }],
    ]);
    assert.equal((await trust.auth.user('chief'))?.disabled, false);
    assert.equal((await trust.audit.verify()).ok, true);
  } finally {
    await trust.close();
  }
});
