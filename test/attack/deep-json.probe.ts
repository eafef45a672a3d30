// ATTACK PROBE (fails on purpose): an amend's `changes` is stored as sent, keys the target's schema does not know
// included, at any depth the 1 MB body allows. A medic amending their own casualty's registration with a nested
// object gets a 500 on SQLite (depth >= ~1000: "CHECK constraint failed: json_valid(payload)"; deeper: JSON.stringify
// "Maximum call stack size exceeded" in storage/common.ts eventValues), and the two databases disagree on what they
// store (docs/security.md: "a replica never accepts what its peer would refuse"). Promise: a clear 4xx, never a 500,
// the same answer on both. Run: node --test FILE (PostgreSQL is started like the *.int.test.ts do).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { authTestApp, createUserAndLogin } from '../support/auth.ts';
import type { AuthTestApp } from '../support/auth.ts';
import { startPostgres } from '../support/postgres.ts';
import type { PgServer } from '../support/postgres.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
const deepObj = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const answers: Record<string, Record<number, number>> = {};

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`a deeply nested amend (${db})`, () => {
    let pgServer: PgServer | null = null;
    let t: AuthTestApp;
    before(async () => {
      if (db === 'postgres') pgServer = await startPostgres({ fsyncOff: true });
      t = await authTestApp(pgServer ? { databaseUrl: pgServer.url } : {});
    });
    after(async () => {
      await t.close();
      await pgServer?.stop();
    });
    test('is refused with a 4xx, never a 500', async () => {
      const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
      const cid = uuidv7();
      const reg = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: medic.headers, payload: { id: cid, injuredAt: ago(20), unitId: 'a-coy' } });
      assert.equal(reg.statusCode, 201);
      answers[db] = {};
      const bad: string[] = [];
      for (const depth of [1000, 8000]) {
        const payload = `{"events":[{"type":"amend","at":"${ago(1)}","payload":{"target":"${cid}","reason":"r","changes":${deepObj(depth)}}}]}`;
        const r = await t.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, headers: { ...medic.headers, 'content-type': 'application/json' }, payload });
        answers[db][depth] = r.statusCode;
        if (r.statusCode >= 500) bad.push(`depth ${depth}: ${r.statusCode} ${r.body}`);
      }
      assert.deepEqual(bad, []);
    });
  });
}

test('both databases give the same answer', () => {
  assert.deepEqual(answers.sqlite, answers.postgres, JSON.stringify(answers));
});
