// TLS: with TLS_CERT/TLS_KEY the server process serves HTTPS; without them it refuses a non-loopback address,
// listens on loopback only and says so at start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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
  const plain = await startServer({ DATA_DIR: dir, HOST: '0.0.0.0' });
  try {
    assert.match(plain.output(), /refusing to serve plain HTTP on 0\.0\.0\.0; listening on 127\.0\.0\.1 only/);
    assert.match(plain.output(), /listening on http:\/\/127\.0\.0\.1:/);
  } finally {
    await plain.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
