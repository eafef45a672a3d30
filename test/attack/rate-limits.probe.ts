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
