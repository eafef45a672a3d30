// The storage contract on SQLite, plus what is SQLite's own: the file, WAL, and the process lock.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { storeContract } from '../../test/support/store-contract.ts';
import { workforceContract } from '../../test/support/workforce-contract.ts';
import { readContract } from '../../test/support/read-contract.ts';
import { derivedRowsContract } from '../../test/support/derived-rows-contract.ts';
import { openSqliteStore } from './sqlite.ts';
import { openStore } from './open.ts';
import { StoreLockedError, loadMigrations } from './common.ts';
import { uuidv7 } from '../core/index.ts';
import { at, makeEvent, makeRegistered } from '../../test/support/events.ts';

const root = mkdtempSync(join(tmpdir(), 'gh-sqlite-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

storeContract('sqlite', async () => {
  const dir = join(root, `c${++n}`);
  const store = await openSqliteStore({ dataDir: dir });
  return { store, cleanup: () => store.close() };
});

workforceContract('sqlite', async () => {
  const dir = join(root, `c${++n}`);
  const store = await openSqliteStore({ dataDir: dir });
  return { store, cleanup: () => store.close() };
});

readContract('sqlite', async () => {
  const dir = join(root, `c${++n}`);
  const store = await openSqliteStore({ dataDir: dir });
  return { store, cleanup: () => store.close() };
});

derivedRowsContract('sqlite', async () => {
  const dir = join(root, `c${++n}`);
  const store = await openSqliteStore({ dataDir: dir });
  return { store, cleanup: () => store.close() };
});

/** Commit frames in the WAL since it was last reset (one per committed transaction: one fsync each). */
function walCommits(dbPath: string): number {
  const wal = readFileSync(`${dbPath}-wal`);
  const pageSize = wal.readUInt32BE(8);
  const salt = [wal.readUInt32BE(16), wal.readUInt32BE(20)];
  let commits = 0;
  for (let off = 32; off + 24 + pageSize <= wal.length; off += 24 + pageSize)
    if (wal.readUInt32BE(off + 8) === salt[0] && wal.readUInt32BE(off + 12) === salt[1] && wal.readUInt32BE(off + 4) !== 0) commits++;
  return commits;
}

describe('SQLite group commit (issue 16 item 1)', () => {
  it('appends that arrive together share one transaction: 20 concurrent appends, far fewer fsync\'d commits', async () => {
    const dir = join(root, `g${++n}`);
    const store = await openSqliteStore({ dataDir: dir });
    try {
      await store.migrate();
      const cid = uuidv7();
      await store.append([makeRegistered(cid)], '2026-03-01T12:00:00.000Z');
      const before = walCommits(join(dir, 'goldenhour.db'));
      const rs = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.append([makeEvent('note', cid, { text: `n${i}` }, at(1 + i))], '2026-03-01T12:00:00.000Z')),
      );
      const commits = walCommits(join(dir, 'goldenhour.db')) - before;
      assert.equal(rs.reduce((a, r) => a + r.accepted, 0), 20);
      assert.ok(commits >= 1 && commits <= 2, `${commits} commits for 20 appends`);
    } finally {
      await store.close();
    }
  });
});

/** Try to open the store from another Node process; returns its report. */
function openFromChild(dataDir: string): { ok: boolean; message: string } {
  const script = `
    import { openSqliteStore } from ${JSON.stringify(new URL('./sqlite.ts', import.meta.url).href)};
    try { const s = await openSqliteStore({ dataDir: ${JSON.stringify(dataDir)} }); await s.close(); console.log(JSON.stringify({ ok: true, message: '' })); }
    catch (e) { console.log(JSON.stringify({ ok: false, message: e.name + ': ' + e.message })); }`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim()) as { ok: boolean; message: string };
}

describe('SQLite adapter', () => {
  it('creates its file under dataDir in WAL mode', async () => {
    const dir = join(root, 'nested', 'data');
    const s = await openSqliteStore({ dataDir: dir, fileName: 'x.db' });
    await s.migrate();
    assert.ok(existsSync(join(dir, 'x.db')));
    const peek = new DatabaseSync(join(dir, 'x.db'), { readOnly: true });
    assert.deepEqual({ ...peek.prepare('PRAGMA journal_mode').get() }, { journal_mode: 'wal' });
    assert.deepEqual(peek.prepare('SELECT version FROM schema_migrations').all().map((r) => r.version), loadMigrations('sqlite').map((m) => m.version));
    peek.close();
    await s.close();
  });

  it('sizes its page cache to the reads\' working set (4 MiB, not 32: issue 16\'s peak RSS) and keeps WAL and synchronous=FULL', async () => {
    const s = await openSqliteStore({ dataDir: join(root, 'cache') });
    try {
      const one = async (pragma: string) => Object.values((await s.sql.all<Record<string, unknown>>(`PRAGMA ${pragma}`))[0]!)[0];
      assert.equal(await one('cache_size'), -4096);
      assert.equal(await one('mmap_size'), 0);
      assert.equal(await one('journal_mode'), 'wal');
      assert.equal(await one('synchronous'), 2);
    } finally {
      await s.close();
    }
  });

  it('locks the file against a second process and a second store, and frees it on close', async () => {
    const dir = join(root, 'locked');
    const s = await openSqliteStore({ dataDir: dir });
    const child = openFromChild(dir);
    assert.equal(child.ok, false);
    assert.match(child.message, new RegExp(`StoreLockedError: .* in use by process ${process.pid}`));
    await assert.rejects(openSqliteStore({ dataDir: dir }), StoreLockedError);
    await s.close();
    assert.deepEqual(openFromChild(dir), { ok: true, message: '' });
    const again = await openSqliteStore({ dataDir: dir });
    await again.close();
  });

  it('a lock left by a SIGKILLed process is free at once', async () => {
    const dir = join(root, 'killed');
    const script = `
      import { openSqliteStore } from ${JSON.stringify(new URL('./sqlite.ts', import.meta.url).href)};
      await openSqliteStore({ dataDir: ${JSON.stringify(dir)} });
      process.kill(process.pid, 'SIGKILL');`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(r.signal, 'SIGKILL', r.stderr);
    assert.ok(existsSync(join(dir, 'goldenhour.db.pid')), 'the killed holder left its pid file behind');
    const s = await openSqliteStore({ dataDir: dir });
    await s.migrate();
    await s.close();
  });

  it('openStore picks SQLite under DATA_DIR when DATABASE_URL is unset', async () => {
    const dir = join(root, 'env');
    const s = await openStore({ DATA_DIR: dir, DATABASE_URL: '' });
    assert.equal(s.kind, 'sqlite');
    await s.close();
    assert.ok(existsSync(join(dir, 'goldenhour.db')));
  });
});
