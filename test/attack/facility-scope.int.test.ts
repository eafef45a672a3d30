// Writes to another unit's facility (session 48's attack review, medium): a dispatcher scoped to one unit could PATCH
// any facility — rename it, make an R1 an R3 with surgery, move it, give it to another unit — and the planner trusts
// those fields when it chooses where the wounded go. Now a scoped dispatcher changes of another unit's facility only
// what is true now (status, intake, free places: a hospital hit, learned by radio), and gives no facility to a unit it
// does not hold; its own unit's facilities, and a facility of no unit, are its to change as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';

type Who = { headers: { authorization: string } };

for (const db of ['sqlite', 'postgres'] as const)
  test(`a scoped dispatcher changes only what is true now of another unit's facility (${db})`, async () => {
    const t = await authTestAppOn(db);
    const call = (who: Who, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
    const admin = await createUserAndLogin(t, 'admin');
    const facility = (id: string, unitId?: string) => ({ id, name: id, role: 'R1', position: { lat: 48.5, lon: 37.7 }, beds: 4, ...(unitId ? { unitId } : {}) });
    for (const [id, unit] of [['r1-theirs', 'bde-7'], ['r1-ours', 'bde-3'], ['r1-shared', undefined]] as const)
      assert.equal((await call(admin, 'POST', '/api/facilities', facility(id, unit))).statusCode, 201);
    const before = (await call(admin, 'GET', '/api/facilities/r1-theirs')).json();

    const dispatcher = await createUserAndLogin(t, 'dispatcher', { units: ['bde-3'] });
    for (const patch of [{ role: 'R3', surgicalTables: 4 }, { name: 'pwned' }, { position: { lat: 50, lon: 30 } }, { capabilities: ['neuro'] }, { unitId: 'bde-3' }, { status: 'closed', beds: 0 }]) {
      const r = await call(dispatcher, 'PATCH', '/api/facilities/r1-theirs', patch);
      assert.equal(r.statusCode, 403, `${JSON.stringify(patch)}: ${r.body}`);
      assert.match(r.json().error.message, /a facility not of its unit/);
    }
    assert.deepEqual((await call(admin, 'GET', '/api/facilities/r1-theirs')).json(), before, 'r1-theirs unchanged');
    // What is true now is anyone's to say who dispatches: the hospital was hit.
    const hit = await call(dispatcher, 'PATCH', '/api/facilities/r1-theirs', { status: 'compromised', intake: 'closed', bedsAvailable: 0 });
    assert.equal(hit.statusCode, 200, hit.body);
    assert.equal(hit.json().item.status, 'compromised');
    // No facility given to a unit it does not hold, by a create or a change; none created of no unit.
    assert.equal((await call(dispatcher, 'POST', '/api/facilities', facility('r1-new', 'bde-7'))).statusCode, 403);
    assert.equal((await call(dispatcher, 'POST', '/api/facilities', facility('r1-nobody'))).statusCode, 403);
    assert.equal((await call(dispatcher, 'PATCH', '/api/facilities/r1-ours', { unitId: 'bde-7' })).statusCode, 403);
    // A facility of no unit serves every unit's wounded: the same as another unit's (the review of session 48's fix).
    assert.equal((await call(dispatcher, 'PATCH', '/api/facilities/r1-shared', { role: 'R3', surgicalTables: 4 })).statusCode, 403);
    assert.equal((await call(dispatcher, 'PATCH', '/api/facilities/r1-shared', { unitId: 'bde-3' })).statusCode, 403, 'not taken into its own unit either');
    assert.equal((await call(dispatcher, 'PATCH', '/api/facilities/r1-shared', { intake: 'advisory' })).statusCode, 200);
    // Its own unit's facility, and a new one of its own, are its to change as before.
    assert.equal((await call(dispatcher, 'PATCH', '/api/facilities/r1-ours', { name: 'R1 Ours', surgicalTables: 1 })).statusCode, 200);
    assert.equal((await call(dispatcher, 'POST', '/api/facilities', facility('r1-mine', 'bde-3'))).statusCode, 201);
    // bde-7's dispatcher, a dispatcher of every unit and the administrator change r1-theirs.
    const theirs = await createUserAndLogin(t, 'dispatcher', { units: ['bde-7'] });
    assert.equal((await call(theirs, 'PATCH', '/api/facilities/r1-theirs', { name: 'R1 Theirs' })).statusCode, 200);
    const everyUnit = await createUserAndLogin(t, 'dispatcher');
    assert.equal((await call(everyUnit, 'PATCH', '/api/facilities/r1-theirs', { role: 'R2', surgicalTables: 1 })).statusCode, 200);
    assert.equal((await call(admin, 'PATCH', '/api/facilities/r1-theirs', { role: 'R1', surgicalTables: 0 })).statusCode, 200);
  });
