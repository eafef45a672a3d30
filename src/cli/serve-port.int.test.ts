// `npm start` while another server holds the port (#9 item 3): one line naming the port and PORT, exit code 2, and
// no data directory or database created before the port is known to be free.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MAIN = join(import.meta.dirname, 'main.ts');

const occupy = (): Promise<{ server: Server; port: number }> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve({ server, port: typeof a === 'object' && a ? a.port : 0 });
    });
  });

test('serve on a port already taken: one line naming the port and PORT, exit 2, nothing created', async () => {
  const { server, port } = await occupy();
  const dir = mkdtempSync(join(tmpdir(), 'gh-port-'));
  const dataDir = join(dir, 'data');
  try {
    const r = spawnSync(process.execPath, [MAIN, 'serve'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 2, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, new RegExp(`port ${port}\\b`));
    assert.match(lines[0]!, /\bPORT\b/);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
    assert.equal(existsSync(dataDir), false, 'no data directory created');
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('serve with --port taken says the same, also when PORT names a free one', async () => {
  const { server, port } = await occupy();
  const dir = mkdtempSync(join(tmpdir(), 'gh-port-'));
  try {
    const r = spawnSync(process.execPath, [MAIN, 'serve', '--port', String(port)], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(dir, 'data'), DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`^goldenhour: port ${port} is already in use`));
    assert.equal(existsSync(join(dir, 'data')), false);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
