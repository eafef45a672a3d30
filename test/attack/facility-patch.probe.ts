// ATTACK PROBE (fails on purpose): a facility clerk may PATCH its own facility's capacity and status (docs/security.md
// "their facility's status"; trust-hooks.ts "capacity, status and nothing else"), but the hook checks only the id:
// the clerk rewrites its role (R2 -> R3), capabilities, position, hardened flag and unit, which the dispatch
// optimiser trusts when it chooses where the wounded go. Run: node --test FILE.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { authTestApp, createUserAndLogin } from '../support/auth.ts';

test('a facility clerk cannot change its facility\'s role, capabilities, position or unit', async () => {
  const t = await authTestApp();
  after(() => t.close());
  const admin = await createUserAndLogin(t, 'admin');
  const made = await t.app.inject({ method: 'POST', url: '/api/facilities', headers: admin.headers, payload: { id: 'role2-north', name: 'R2 North', role: 'R2', position: { lat: 48.5, lon: 37.7 }, beds: 10, surgicalTables: 2 } });
  assert.equal(made.statusCode, 201);
  const clerk = await createUserAndLogin(t, 'facility', { facilities: ['role2-north'] });
  // Allowed: its beds and status.
  const ok = await t.app.inject({ method: 'PATCH', url: '/api/facilities/role2-north', headers: clerk.headers, payload: { bedsAvailable: 3, status: 'normal' } });
  assert.equal(ok.statusCode, 200, ok.body);
  for (const change of [{ role: 'R3' }, { capabilities: ['neuro', 'ct', 'icu'] }, { position: { lat: 50.45, lon: 30.52 } }, { unitId: 'b-coy' }, { name: 'Kyiv R3' }]) {
    const r = await t.app.inject({ method: 'PATCH', url: '/api/facilities/role2-north', headers: clerk.headers, payload: change });
    assert.equal(r.statusCode, 403, `${JSON.stringify(change)} -> ${r.statusCode} ${r.body}`);
  }
});
