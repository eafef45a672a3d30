// The incident list's cost for another unit's caller (session 29's attack review, low, availability): GET
// /api/incidents read every declared incident's scope one at a time — one query each, then its log for those in scope —
// so one medic declaring thousands of incidents (1,000 a sync push) made every other unit's console list cost a query
// per incident it does not see (5,000: 0.45 s a list on PostgreSQL). The ids are now narrowed to the caller's scope in
// one chunked query first (as the plan's are), and only those in scope are read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';

const FLOOD = 600;

for (const db of ['sqlite', 'postgres'] as const)
  test(`another unit's incidents cost the list one scope query per chunk, not one each (${db})`, async () => {
    const t = await authTestAppOn(db);
    const flooder = await createUserAndLogin(t, 'medic', { units: ['bde-3'] });
    const other = await createUserAndLogin(t, 'medic', { units: ['bde-7'] });
    const now = new Date().toISOString();
    const declared = (unitId: string) => ({ id: uuidv7(), casualtyId: uuidv7(), type: 'incident.declared', at: now, payload: { kind: 'strike', position: { lat: 48.6, lon: 37.9 }, radiusM: 250, unitId } });
    const push = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: flooder.headers, payload: { events: Array.from({ length: FLOOD }, () => declared('bde-3')) } });
    assert.equal(push.statusCode, 200, push.body.slice(0, 300));
    const own = declared('bde-7');
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: other.headers, payload: { events: [own] } })).statusCode, 200);
    // Count the store's reads while the other unit's medic lists incidents.
    let scopeReads = 0;
    let logReads = 0;
    const { inScope, eventsOf } = t.store;
    t.store.inScope = (...a: Parameters<typeof inScope>) => (scopeReads++, inScope.apply(t.store, a));
    t.store.eventsOf = (...a: Parameters<typeof eventsOf>) => (logReads++, eventsOf.apply(t.store, a));
    const r = await t.app.inject({ method: 'GET', url: '/api/incidents', headers: other.headers });
    Object.assign(t.store, { inScope, eventsOf });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual((r.json() as { incidents: { incident: { id: string } }[] }).incidents.map((i) => i.incident.id), [own.casualtyId], 'its own incident only');
    assert.ok(scopeReads <= 4, `${scopeReads} scope reads for ${FLOOD + 1} incidents`);
    assert.ok(logReads <= 2, `${logReads} logs read for one incident in scope`);
  });
