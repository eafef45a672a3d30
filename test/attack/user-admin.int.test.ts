// Users and administrators (session 26's attack review). Two holes, each test failed on main (SQLite and PostgreSQL):
// - creating a user (medium): `POST /api/users` stored the account and was audited only afterwards, by the request's
//   access entry — "POST /api/users", naming neither the account nor its role. A stolen administrator's session could
//   add a second administrator that no entry named; and when the access entry could not be written (the audit away),
//   the caller got 500 while the account stood with no entry at all. Now the creation is audited in its own
//   transaction (`user.created`, the account, its role and scope), as user edits are.
// - the last administrator (medium): an administrator could disable or demote the last enabled administrator —
//   themselves included — leaving a server no one can manage over the API; two administrators disabling each other at
//   once both succeeded on PostgreSQL. Now such a change is refused (409) and changes nothing; the administrators'
//   rows are locked while it is decided.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_PASSWORD, authTestAppOn, createUserAndLogin } from '../support/auth.ts';

for (const db of ['sqlite', 'postgres'] as const) {
  test(`a user's creation is audited in its own transaction, naming the account and its role (${db})`, async () => {
    const t = await authTestAppOn(db);
    const admin = await createUserAndLogin(t, 'admin');
    await t.trust.audit.drain();
    const [head] = await t.trust.sql.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
    await t.trust.sql.query('DELETE FROM audit_head WHERE id = 1');
    const r = await t.app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: { username: 'shadow', password: TEST_PASSWORD, role: 'admin' } });
    await t.trust.sql.query('INSERT INTO audit_head (id, seq, hash) VALUES (1, $1, $2)', [head!.seq, head!.hash]);
    assert.ok(r.statusCode >= 500, `answered ${r.statusCode}`);
    assert.equal(await t.trust.auth.user('shadow'), null, 'an administrator created with no audit entry');

    const ok = await t.app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: { username: 'second', password: TEST_PASSWORD, role: 'admin' } });
    assert.equal(ok.statusCode, 201, ok.body);
    await t.trust.audit.drain();
    const entry = (await t.trust.audit.entries(0, 10_000)).find((x) => x.action === 'user.created');
    assert.deepEqual([entry?.actor, entry?.target, entry?.detail.role], [admin.username, 'second', 'admin']);
    assert.equal(((await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: admin.headers })).json() as { ok: boolean }).ok, true);
  });

  test(`the last enabled administrator cannot be disabled or demoted, even by two at once (${db})`, async () => {
    const t = await authTestAppOn(db);
    const a = await createUserAndLogin(t, 'admin');
    const patch = (who: { headers: { authorization: string } }, username: string, payload: object) =>
      t.app.inject({ method: 'PATCH', url: `/api/users/${username}`, headers: who.headers, payload });
    // A refused edit changes nothing, also its other parts (units, a password reset that would end the session).
    for (const change of [{ disabled: true }, { role: 'commander' }, { role: 'medic', units: ['a-coy'] }, { units: ['b-coy'], disabled: true }, { password: 'another long passphrase', disabled: true }]) {
      const r = await patch(a, a.username, change);
      assert.equal(r.statusCode, 409, `${JSON.stringify(change)}: ${r.statusCode} ${r.body}`);
      assert.equal((r.json() as { error: { code: string } }).error.code, 'conflict');
    }
    const still = await t.trust.auth.user(a.username);
    assert.deepEqual([still?.role, still?.disabled, still?.units], ['admin', false, []]);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/users', headers: a.headers })).statusCode, 200, 'the session still works');

    // With another administrator, either may be disabled or demoted, but not both: at once, one of the two is refused.
    const b = await createUserAndLogin(t, 'admin');
    const c = await createUserAndLogin(t, 'admin');
    assert.equal((await patch(a, c.username, { role: 'commander' })).statusCode, 200, 'a third administrator demoted');
    for (let round = 0; round < 5; round++) {
      const [x, y] = await Promise.all([patch(a, b.username, { disabled: true }), patch(b, a.username, { disabled: true })]);
      const left = (await t.trust.auth.users()).filter((u) => u.role === 'admin' && !u.disabled);
      assert.equal(left.length, 1, `round ${round}: ${x.statusCode}, ${y.statusCode}; enabled administrators: ${left.map((u) => u.username).join(', ') || 'none'}`);
      // The other is refused: 409, or 401 when its session was already revoked by the first (disabled) when it came.
      const codes = [x.statusCode, y.statusCode].sort();
      assert.ok(codes[0] === 200 && (codes[1] === 409 || codes[1] === 401), codes.join(', '));
      // The one left re-enables the other and signs them in again for the next round.
      const admins = { [a.username]: a, [b.username]: b };
      const keeper = admins[left[0]!.username]!;
      const other = keeper === a ? b : a;
      assert.equal((await patch(keeper, other.username, { disabled: false })).statusCode, 200);
      const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: other.username, password: TEST_PASSWORD } });
      other.headers.authorization = `Bearer ${(login.json() as { token: string }).token}`;
    }
  });
}
