// Workforce facts as a personnel officer could forge them (session 49's attack review, medium):
// - a fact kept whatever `author` the client sent — personnel-2 recorded a clinician "by" admin-1, and the history
//   showed admin-1. The door now refuses an author other than the signed-in user (403, as the casualty door does;
//   an administrator and a peer may name another, as there);
// - a fact dated in the future (2099-12-31: 201) outranked every correction dated now, for good. A fact's `at` beyond
//   the server's now plus MAX_FUTURE_SKEW_MIN is refused (400), the bound casualty times have.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_FUTURE_SKEW_MIN, uuidv7 } from '../../src/core/index.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';

const clinician = (name: string) => ({ id: 'doc-forged', name, profession: 'general-surgeon', status: 'mobilised' });

for (const db of ['sqlite', 'postgres'] as const)
  test(`a workforce fact is the signed-in user's, and not dated in the future (${db})`, async () => {
    const t = await authTestAppOn(db);
    const admin = await createUserAndLogin(t, 'admin');
    const personnel = await createUserAndLogin(t, 'personnel');
    const post = (who: { headers: { authorization: string } }, fact: object) =>
      t.app.inject({ method: 'POST', url: '/api/workforce/facts', headers: who.headers, payload: { facts: [{ id: uuidv7(), type: 'clinician.recorded', ...fact }] } });
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();

    // Another user's name, or this server's own process: refused, nothing stored.
    for (const author of [admin.username, 'cli', 'api']) {
      const r = await post(personnel, { at: iso(now), author, payload: clinician('Dr Forged') });
      assert.equal(r.statusCode, 403, `${author}: ${r.body}`);
      assert.match((r.json() as { error: { message: string } }).error.message, new RegExp(`author must be the signed-in user \\(${personnel.username}\\)`));
    }
    // Its own name, or none: stored as the signed-in user's.
    assert.equal((await post(personnel, { at: iso(now - 60_000), author: personnel.username, payload: clinician('Dr One') })).statusCode, 201);
    assert.equal((await post(personnel, { at: iso(now - 30_000), payload: clinician('Dr Two') })).statusCode, 201);

    // Dated beyond the skew: refused, naming the field; within it: accepted.
    for (const at of ['2099-12-31T00:00:00.000Z', iso(now + (MAX_FUTURE_SKEW_MIN + 5) * 60_000)]) {
      const r = await post(personnel, { at, payload: clinician('Dr Future') });
      assert.equal(r.statusCode, 400, `${at}: ${r.body}`);
      const { error } = r.json() as { error: { message: string; issues: { path: string }[] } };
      assert.deepEqual(error.issues.map((i) => i.path), ['facts.0.at']);
      assert.match(error.message, /in the future/);
    }
    assert.equal((await post(personnel, { at: iso(now + 60_000), payload: clinician('Dr Three') })).statusCode, 201);

    const r = await t.app.inject({ method: 'GET', url: '/api/workforce/clinicians/doc-forged', headers: admin.headers });
    assert.equal(r.statusCode, 200, r.body);
    const { clinician: c, history } = r.json() as { clinician: { name: string }; history: { author: string }[] };
    assert.deepEqual(history.map((h) => h.author), [personnel.username, personnel.username, personnel.username]);
    assert.equal(c.name, 'Dr Three');
    // A correction dated now still overrides what came before it.
    assert.equal((await post(personnel, { at: iso(Date.now() + 120_000), payload: clinician('Dr Four') })).statusCode, 201);
    const after = (await t.app.inject({ method: 'GET', url: '/api/workforce/clinicians/doc-forged', headers: admin.headers })).json() as { clinician: { name: string } };
    assert.equal(after.clinician.name, 'Dr Four');
  });
