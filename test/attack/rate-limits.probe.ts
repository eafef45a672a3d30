// ATTACK PROBE (fails on purpose), anonymous client on the network:
// (1) Any anonymous address locks a named medic out of sign-in: 10 wrong passwords for the account (10 per 10 s
//     keeps it so), then the real medic, from another address and with the right password, gets 429. Usernames are
//     guessable ("medic-…"); the per-address bucket lets one address hold ~20 accounts shut indefinitely.
// (2) The per-address rate limit is keyed by the bearer token when one is sent, before the token is checked, and
//     public routes never charge a refused token to the address: random tokens get a fresh bucket each, so one
//     address sends unlimited requests to /api/health — each of which is a trust-database lookup of that token.
// Run: node --test FILE.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { authTestApp, createUserAndLogin, TEST_PASSWORD } from '../support/auth.ts';

test('wrong passwords sent by someone else do not stop a medic signing in with the right one', async () => {
  const t = await authTestApp({ trustOptions: { rateLimit: { burst: 300, perSecond: 100 } } });
  after(() => t.close());
  const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  for (let i = 0; i < 11; i++)
    await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '203.0.113.9', payload: { username: medic.username, password: `wrong password ${i}` } });
  const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.1.2.3', payload: { username: medic.username, password: TEST_PASSWORD } });
  assert.equal(r.statusCode, 200, `the real medic, right password, other address: ${r.statusCode} ${r.body}`);
});

test('random bearer tokens do not each get a fresh rate-limit bucket on public routes', async () => {
  const t = await authTestApp({ trustOptions: { rateLimit: { burst: 20, perSecond: 1 } } });
  after(() => t.close());
  let limitedWithout = 0;
  let limitedWith = 0;
  for (let i = 0; i < 60; i++) {
    const a = await t.app.inject({ method: 'GET', url: '/api/health', remoteAddress: '203.0.113.7' });
    if (a.statusCode === 429) limitedWithout++;
    const b = await t.app.inject({ method: 'GET', url: '/api/health', remoteAddress: '203.0.113.8', headers: { authorization: `Bearer ghs_${randomBytes(16).toString('hex')}` } });
    if (b.statusCode === 429) limitedWith++;
  }
  assert.ok(limitedWithout > 0, 'the address limit works without a token');
  assert.ok(limitedWith > 0, `60 requests from one address with random tokens: ${limitedWith} limited (without tokens: ${limitedWithout})`);
});
