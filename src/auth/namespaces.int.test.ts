// Issue 14 item 10: usernames and device ids are separate namespaces, and system names are reserved. Before, a
// user named `web` saw every casualty recorded through a browser session (its events carry deviceId "web"), and a
// user named like any device saw what that device recorded.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../core/index.ts';
import { authTestApp, createUserAndLogin, TEST_PASSWORD } from '../../test/support/auth.ts';
import type { AuthTestApp } from '../../test/support/auth.ts';
import { makeRegistered } from '../../test/support/events.ts';

let t: AuthTestApp;
before(async () => {
  t = await authTestApp();
});
after(async () => t.close());

test('system names and device-id-like names cannot be usernames', async () => {
  const admin = await createUserAndLogin(t, 'admin');
  for (const username of ['web', 'api', 'system', 'anonymous', 'import', 'tak', 'dev-1a2b3c4d', 'device-7']) {
    const r = await t.app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: { username, password: TEST_PASSWORD, role: 'medic', units: ['1-coy'] } });
    assert.equal(r.statusCode, 400, `${username}: ${r.body}`);
    assert.match(r.body, /reserved/);
  }
  await assert.rejects(t.trust.auth.addUser({ username: 'web', password: TEST_PASSWORD, role: 'dispatcher' }), /reserved/, 'the CLI path refuses too');
});

test('a user whose name equals a device id does not see what that device recorded', async () => {
  const admin = await createUserAndLogin(t, 'admin');
  const cid = uuidv7();
  // Recorded in 1-coy by someone else, from a device called "phone-7".
  const push = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: admin.headers, payload: { events: [makeRegistered(cid, { unitId: '1-coy', deviceId: 'phone-7', author: admin.username, at: new Date().toISOString() })] } });
  assert.equal(push.statusCode, 200, push.body);
  const phone7 = await createUserAndLogin(t, 'medic', { units: ['2-coy'], username: 'phone-7' });
  assert.equal((await t.app.inject({ method: 'GET', url: `/api/casualties/${cid}`, headers: phone7.headers })).statusCode, 404);
  const list = (await t.app.inject({ method: 'GET', url: '/api/casualties', headers: phone7.headers })).json() as { casualties: { id: string }[] };
  assert.ok(!list.casualties.some((c) => c.id === cid), 'not in the list either');
  // The author itself still sees it as its own.
  const mine = await createUserAndLogin(t, 'medic', { units: ['3-coy'] });
  const cid2 = uuidv7();
  const r = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: mine.headers, payload: { id: cid2, injuredAt: new Date(Date.now() - 60_000).toISOString(), unitId: '9-coy' } });
  assert.equal(r.statusCode, 201, r.body);
  assert.equal((await t.app.inject({ method: 'GET', url: `/api/casualties/${cid2}`, headers: mine.headers })).statusCode, 200);
});
