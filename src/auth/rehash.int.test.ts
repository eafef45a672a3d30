// A password hash made at the tests' low cost (PASSWORD_COST=low) does not outlive its user's next sign-in at the
// real cost: a database seeded under a test and then served keeps no cheap hash. On SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authTestAppOn, TEST_PASSWORD } from '../../test/support/auth.ts';

const costOf = async (t: Awaited<ReturnType<typeof authTestAppOn>>, username: string): Promise<number> =>
  Number((await t.trust.auth.sql.query<{ password_hash: string }>('SELECT password_hash FROM auth_users WHERE username = $1', [username]))[0]!.password_hash.split('$')[1]);

for (const db of ['sqlite', 'postgres'] as const) {
  test(`a low-cost password hash is made again at the real cost at the next sign-in without PASSWORD_COST (${db})`, async () => {
    const was = process.env.PASSWORD_COST;
    try {
      const t = await authTestAppOn(db);
      process.env.PASSWORD_COST = 'low';
      await t.trust.auth.addUser({ username: 'seeded-admin', password: TEST_PASSWORD, role: 'admin' });
      await t.trust.auth.login('seeded-admin', TEST_PASSWORD);
      assert.equal(await costOf(t, 'seeded-admin'), 1024, 'under the low cost nothing is re-hashed');
      delete process.env.PASSWORD_COST;
      await assert.rejects(t.trust.auth.login('seeded-admin', 'wrong horse battery'), /wrong username or password/);
      assert.equal(await costOf(t, 'seeded-admin'), 1024, 'a wrong password changes nothing');
      await t.trust.auth.login('seeded-admin', TEST_PASSWORD);
      assert.equal(await costOf(t, 'seeded-admin'), 32768);
      await t.trust.auth.login('seeded-admin', TEST_PASSWORD);
      assert.equal(await costOf(t, 'seeded-admin'), 32768, 'and it signs in again at that cost');
    } finally {
      if (was === undefined) delete process.env.PASSWORD_COST;
      else process.env.PASSWORD_COST = was;
    }
  });
}
