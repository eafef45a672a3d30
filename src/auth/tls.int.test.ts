// TLS: with TLS_CERT/TLS_KEY the server process serves HTTPS; without them it refuses a non-loopback address,
// listens on loopback only and says so at start. The tests' cheap password hashes (PASSWORD_COST=low) never serve
// beyond loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../test/support/serve.ts';

test('HTTPS with a certificate; loopback-only plain HTTP without one', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
  const tls = await startServer({ DATA_DIR: dir, TLS_CERT: cert, TLS_KEY: key });
  try {
    assert.match(tls.output(), /listening on https:\/\//);
    const r = await new Promise<{ status: number; hsts: string | undefined }>((res, rej) => {
      request({ host: '127.0.0.1', port: tls.port, path: '/api/health', rejectUnauthorized: false }, (m) => {
        m.resume();
        res({ status: m.statusCode ?? 0, hsts: m.headers['strict-transport-security'] as string | undefined });
      }).on('error', rej).end();
    });
    assert.equal(r.status, 200);
    assert.match(r.hsts ?? '', /max-age/);
  } finally {
    await tls.kill();
  }
  const refused = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'cli', 'main.ts'), 'serve'], {
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', TLS_CERT: cert, TLS_KEY: key, HOST: '0.0.0.0', PORT: '0', PASSWORD_COST: 'low' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(refused.status, 2, refused.stderr);
  assert.match(refused.stderr.trim(), /^[^\n]*PASSWORD_COST=low is for tests on this machine: unset it to serve 0\.0\.0\.0$/);
  const plain = await startServer({ DATA_DIR: dir, HOST: '0.0.0.0' });
  try {
    assert.match(plain.output(), /refusing to serve plain HTTP on 0\.0\.0\.0; listening on 127\.0\.0\.1 only/);
    assert.match(plain.output(), /listening on http:\/\/127\.0\.0\.1:/);
  } finally {
    await plain.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
