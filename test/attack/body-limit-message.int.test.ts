// The 413's message (session 39's attack review, cosmetic): it said "larger than 1 MB" on every route, also where the
// limit is 4 MB (POST /api/sync/push) or 32 MB (POST /api/workforce/import). It now names the route's own limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sizeText } from '../../src/server/errors.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';

test('a 413 names the limit of the route it was sent to', async () => {
  const t = await authTestAppOn('sqlite');
  const admin = await createUserAndLogin(t, 'admin');
  const medic = await createUserAndLogin(t, 'medic');
  const personnel = await createUserAndLogin(t, 'personnel');
  const cases = [
    { who: admin, url: '/api/casualties', mb: 1 },
    { who: medic, url: '/api/sync/push', mb: 4 },
    { who: personnel, url: '/api/workforce/import', mb: 32 },
  ];
  for (const { who, url, mb } of cases) {
    // A JSON body a little over the limit (only its size matters: it is refused before it is parsed).
    const body = `{"pad":"${'x'.repeat(mb * 1024 * 1024 + 2048)}"}`;
    const r = await t.app.inject({ method: 'POST', url, headers: { ...who.headers, 'content-type': 'application/json' }, payload: body });
    assert.equal(r.statusCode, 413, `${url}: ${r.body.slice(0, 200)}`);
    const err = (r.json() as { error: { code: string; message: string } }).error;
    assert.equal(err.code, 'too_large');
    assert.equal(err.message, `request body is larger than ${mb} MB`, url);
  }
  assert.deepEqual([sizeText(1024 * 1024), sizeText(32 * 1024 * 1024 + 1024), sizeText(1_466_368), sizeText(512 * 1024)], ['1 MB', '32 MB', '1.4 MB', '512 KB']);
});
