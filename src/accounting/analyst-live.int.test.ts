// analyst live (session 22's attack probe, now its regression test): an analyst timed each casualty of a unit from
// the accounting dashboard's figures. GET /api/stats is computed once per hour ("two calls an event apart cannot tell
// that event apart"), and the analyst's row in docs/security.md says so of every figure; but GET
// /api/accounting/recorded (de-identified for the analyst, `generatedAt` truncated to the hour) was computed per state
// of the log: once a unit had 5 casualties in the filter, its `casualties` (and every breakdown cell at 5 or more) moved
// with each write, and a new filter each poll (`to=2099-01-01`, …) was a fresh read. Now the analyst's figures are
// as of the hour's start for every filter (src/accounting/snapshot.ts; both databases: analyst-snapshot.int.test.ts).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../core/index.ts';
import { authTestApp, createUserAndLogin } from '../../test/support/auth.ts';

test('an analyst cannot tell one write from the next by the accounting figures within the hour', async () => {
  const t0 = new Date().toISOString();
  // The first six received in the hour before: the figures of this hour hold them.
  let clock = new Date(Date.parse(t0) - 3_600_000).toISOString();
  const t = await authTestApp({ now: () => clock });
  after(() => t.close());
  const admin = await createUserAndLogin(t, 'admin');
  const analyst = await createUserAndLogin(t, 'analyst');
  const register = async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: admin.headers, payload: { id: uuidv7(), injuredAt: new Date(Date.parse(t0) - 30 * 60_000).toISOString(), unitId: 'a-coy' } });
    assert.equal(r.statusCode, 201, r.body);
  };
  for (let i = 0; i < 6; i++) await register();
  clock = t0;
  const figures = async (url: string) => JSON.stringify((await t.app.inject({ method: 'GET', url, headers: analyst.headers })).json());
  const stats = await figures('/api/stats');
  const before = await figures('/api/accounting/recorded?unit=a-coy');
  assert.equal(JSON.parse(before).deidentified.casualties, 6);
  await register();
  assert.equal(await figures('/api/stats'), stats, '/api/stats holds for the hour');
  assert.equal(await figures('/api/accounting/recorded?unit=a-coy'), before, 'the accounting figures moved with one write');
  assert.equal(await figures('/api/accounting/recorded?unit=a-coy&to=2099-01-01'), before, 'a new filter reads the live figures');
});
