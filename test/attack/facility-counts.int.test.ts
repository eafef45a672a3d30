// Free places above a facility's own count (session 46's attack review, low): a facility desk could report 200 free
// operating tables at an R2 that has 2 (or 10,000 free beds at one of 10), and an administrator could create such a
// facility. Each field was bounded alone; nothing compared them. The figures went out as they were: the HAVE export
// listed more operating rooms free than exist, and the TAK marker read "200/2". A free count is now at most the
// facility's own (`facilityCountIssues` in src/core/entities.ts), on every API create and on every PATCH after the
// merge (the pairs of counts it touches), so an administrator lowering `beds` below the free count sets both in one PATCH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';

const r2 = { id: 'r2-counts', name: 'R2', role: 'R2' as const, position: { lat: 48.5, lon: 37.7 }, beds: 10, surgicalTables: 2 };

for (const db of ['sqlite', 'postgres'] as const)
  test(`free beds and tables are never more than the facility has, on create and on PATCH (${db})`, async () => {
    const t = await authTestAppOn(db);
    const admin = await createUserAndLogin(t, 'admin');
    const desk = await createUserAndLogin(t, 'facility', { facilities: [r2.id] });
    const send = (method: 'POST' | 'PATCH', url: string, headers: object, payload: object) => t.app.inject({ method, url, headers: headers as Record<string, string>, payload });
    const refused = async (method: 'POST' | 'PATCH', url: string, headers: object, payload: object, path: string) => {
      const r = await send(method, url, headers, payload);
      assert.equal(r.statusCode, 400, `${JSON.stringify(payload)} -> ${r.statusCode} ${r.body}`);
      const { error } = r.json() as { error: { message: string; issues?: { path: string }[] } };
      assert.ok(error.issues?.some((i) => i.path === path), r.body);
      assert.match(error.message, new RegExp(`^invalid facility: ${path} is more than`));
    };

    await refused('POST', '/api/facilities', admin.headers, { ...r2, bedsAvailable: 11 }, 'bedsAvailable');
    await refused('POST', '/api/facilities', admin.headers, { ...r2, tablesAvailable: 3 }, 'tablesAvailable');
    await refused('POST', '/api/facilities', admin.headers, { ...r2, surgicalTables: 0, tablesAvailable: 50 }, 'tablesAvailable');
    assert.equal((await send('POST', '/api/facilities', admin.headers, { ...r2, bedsAvailable: 10, tablesAvailable: 2 })).statusCode, 201);

    const url = `/api/facilities/${r2.id}`;
    await refused('PATCH', url, desk.headers, { bedsAvailable: 10_000 }, 'bedsAvailable');
    await refused('PATCH', url, desk.headers, { tablesAvailable: 200 }, 'tablesAvailable');
    // The administrator lowers the count below what is free: refused alone, accepted with the free count in the same PATCH.
    await refused('PATCH', url, admin.headers, { beds: 6 }, 'bedsAvailable');
    await refused('PATCH', url, admin.headers, { surgicalTables: 1 }, 'tablesAvailable');
    let r = await send('PATCH', url, admin.headers, { beds: 6, bedsAvailable: 6, surgicalTables: 1, tablesAvailable: 1 });
    assert.equal(r.statusCode, 200, r.body);
    r = await send('PATCH', url, desk.headers, { bedsAvailable: 0, tablesAvailable: 1 });
    assert.equal(r.statusCode, 200, r.body);

    // Nothing refused was stored, and every free count the HAVE export gives is at most its baseline.
    const stored = (await t.app.inject({ method: 'GET', url, headers: admin.headers })).json() as { item: { beds: number; bedsAvailable: number; surgicalTables: number; tablesAvailable: number } };
    assert.deepEqual([stored.item.beds, stored.item.bedsAvailable, stored.item.surgicalTables, stored.item.tablesAvailable], [6, 0, 1, 1]);
    const have = await t.app.inject({ method: 'GET', url: '/api/export/facilities-have.json', headers: admin.headers });
    assert.equal(have.statusCode, 200, have.body);
    const counts = JSON.stringify(have.json()).match(/"AvailableCount":\d+,"BaselineCount":\d+/g) ?? [];
    assert.deepEqual(counts, ['"AvailableCount":0,"BaselineCount":6', '"AvailableCount":1,"BaselineCount":1']);

    // A facility stored before the rule with more free than it has still takes a change of status or intake (a PATCH
    // is checked on the counts it touches), and a free count that stays above its own is refused.
    await t.store.putEntity('facility', { ...r2, id: 'r2-old', hardened: false, status: 'normal', intake: 'normal', capabilities: [], bedsAvailable: 40, tablesAvailable: 9 });
    r = await send('PATCH', '/api/facilities/r2-old', admin.headers, { status: 'compromised', intake: 'advisory' });
    assert.equal(r.statusCode, 200, r.body);
    await refused('PATCH', '/api/facilities/r2-old', admin.headers, { bedsAvailable: 11 }, 'bedsAvailable');
    await refused('PATCH', '/api/facilities/r2-old', admin.headers, { surgicalTables: 3 }, 'tablesAvailable');
    r = await send('PATCH', '/api/facilities/r2-old', admin.headers, { bedsAvailable: 10, tablesAvailable: 2 });
    assert.equal(r.statusCode, 200, r.body);
  });
