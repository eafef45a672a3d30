// ATTACK PROBE (fails on purpose): "audit in the same transaction as the write" holds for the casualty log only.
// Entity writes (units, facilities, vehicles, threat zones), device keys, enrolment codes and device revocation are
// stored first and audited afterwards in onSend (trust-hooks.ts); user edits are stored, then audited by a separate
// append (routes/auth.ts). When the audit cannot be written (trust database full, locked, away) the caller gets
// 500/503 but the change is already made, with no audit entry: e.g. a facility's beds zeroed, or a threat zone laid
// over a route, by nobody on record. The audit is made to fail here by replacing its append (the trust database is
// not mocked: its writes are what fails). Run: node --test FILE.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { authTestApp, createUserAndLogin } from '../support/auth.ts';

test('a write whose audit entry cannot be stored is not made', async () => {
  const t = await authTestApp();
  after(() => t.close());
  const admin = await createUserAndLogin(t, 'admin');
  const dispatcher = await createUserAndLogin(t, 'dispatcher', { units: ['a-coy'] });
  const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/facilities', headers: admin.headers, payload: { id: 'r2', name: 'R2', role: 'R2', position: { lat: 48.5, lon: 37.7 }, beds: 10, surgicalTables: 2 } })).statusCode, 201);
  const audit = t.trust.audit as unknown as { appendOne: (...a: unknown[]) => Promise<unknown>; append: (...a: unknown[]) => Promise<unknown> };
  const real = { appendOne: audit.appendOne, append: audit.append };
  audit.appendOne = async () => { throw new Error('audit storage failed'); };
  audit.append = async () => { throw new Error('audit storage failed'); };
  const answers: string[] = [];
  const tries: [string, string, { authorization: string }, object][] = [
    ['PATCH', '/api/facilities/r2', dispatcher.headers, { bedsAvailable: 0, intake: 'closed' }],
    ['POST', '/api/threat-zones', dispatcher.headers, { id: 'tz-1', name: 'artillery', polygon: [{ lat: 48, lon: 37 }, { lat: 48.1, lon: 37 }, { lat: 48.1, lon: 37.1 }] }],
    ['PATCH', `/api/users/${medic.username}`, admin.headers, { units: ['b-coy'] }],
  ];
  for (const [method, url, headers, payload] of tries) {
    const r = await t.app.inject({ method: method as 'POST', url, headers, payload });
    answers.push(`${method} ${url} -> ${r.statusCode}`);
  }
  Object.assign(audit, real);
  const fac = (await t.app.inject({ method: 'GET', url: '/api/facilities/r2', headers: admin.headers })).json() as { item: { intake: string } };
  const zone = await t.app.inject({ method: 'GET', url: '/api/threat-zones/tz-1', headers: admin.headers });
  const user = await t.trust.auth.user(medic.username);
  const made = [
    ...(fac.item.intake === 'closed' ? ['facility closed'] : []),
    ...(zone.statusCode === 200 ? ['threat zone stored'] : []),
    ...(user?.units[0] === 'b-coy' ? ['medic moved to b-coy'] : []),
  ];
  assert.deepEqual(made, [], `made with no audit entry (answers: ${answers.join('; ')})`);
});
