// No limit on the number of threat zones (session 39's attack review, medium): each zone is capped at 500 points but
// not their number, and GET /api/threat-zones has no paging: 1,000 zones of 500 points were 25 MB a read and 1.3 s of
// the main thread, and the dispatch plan went from 0.4 s to 20.7 s. Every entity kind now has a generous cap
// (ENTITY_LIMITS: vehicles 2,000, units 2,000, facilities 1,000); threat zones, drawn as the front moves and never
// deleted, have a budget instead: 200 in force and 100,000 points stored in all. A write past either is a 409 naming
// the limit, on both databases; a zone is ended by PATCHing its "to", which the budget never refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENTITY_LIMITS, THREAT_ZONE_POINTS, THREAT_ZONES_IN_FORCE } from '../../src/core/index.ts';
import type { EntityKind } from '../../src/storage/port.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';

const ring = (i: number) => [{ lat: 48 + i / 1000, lon: 37 }, { lat: 48.01 + i / 1000, lon: 37 }, { lat: 48 + i / 1000, lon: 37.01 }];
const KINDS = [
  { path: 'vehicles', kind: 'vehicle', make: (id: string, _i: number) => ({ id, kind: 'ambulance', litter: 2, seated: 2 }), patch: { status: 'out-of-service' } },
  { path: 'units', kind: 'unit', make: (id: string, _i: number) => ({ id, name: id }), patch: { name: 'renamed' } },
  { path: 'facilities', kind: 'facility', make: (id: string, _i: number) => ({ id, name: id, role: 'R2', position: { lat: 48.5, lon: 37.7 }, beds: 10 }), patch: { beds: 12 } },
] as const;

for (const db of ['sqlite', 'postgres'] as const)
  test(`a create past an entity kind's limit is a 409 naming it (${db})`, async () => {
    const t = await authTestAppOn(db);
    const admin = await createUserAndLogin(t, 'admin');
    for (const { path, kind, make, patch } of KINDS) {
      const limit = ENTITY_LIMITS[kind];
      // All but one stored directly (as a long deployment would have them), then the last through the API.
      for (let i = 0; i < limit - 1; i++) await t.store.putEntity(kind as EntityKind, make(`${kind}-${i}`, i) as never);
      const post = (id: string, i: number) => t.app.inject({ method: 'POST', url: `/api/${path}`, headers: admin.headers, payload: make(id, i) });
      const last = await post(`${kind}-last`, limit);
      assert.equal(last.statusCode, 201, `${path}: ${last.body}`);
      const over = await post(`${kind}-over`, limit + 1);
      assert.equal(over.statusCode, 409, `${path}: ${over.body}`);
      const err = (over.json() as { error: { code: string; message: string } }).error;
      assert.equal(err.code, 'conflict');
      assert.match(err.message, new RegExp(`at most ${limit.toLocaleString('en')} ${path.replace('-', ' ')}`));
      assert.equal(await t.store.countEntities(kind as EntityKind), limit, `${path}: the refused one was stored`);
      const changed = await t.app.inject({ method: 'PATCH', url: `/api/${path}/${kind}-0`, headers: admin.headers, payload: patch });
      assert.equal(changed.statusCode, 200, `${path}: ${changed.body}`);
    }
  });

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
/** A ring of n vertices around a centre that moves with i. */
const bigRing = (i: number, n: number) => Array.from({ length: n }, (_, k) => ({ lat: 47 + i / 1000 + 0.01 * Math.sin((2 * Math.PI * k) / n), lon: 36 + 0.01 * Math.cos((2 * Math.PI * k) / n) }));

for (const db of ['sqlite', 'postgres'] as const)
  test(`threat zones: at most 200 in force and 100,000 points in all; ending a zone is never refused (${db})`, async () => {
    const t = await authTestAppOn(db);
    const dispatcher = await createUserAndLogin(t, 'dispatcher');
    const post = (payload: object) => t.app.inject({ method: 'POST', url: '/api/threat-zones', headers: dispatcher.headers, payload });
    const patch = (id: string, payload: object) => t.app.inject({ method: 'PATCH', url: `/api/threat-zones/${id}`, headers: dispatcher.headers, payload });
    const ended = { from: ago(600), to: ago(60) };
    for (let i = 0; i < THREAT_ZONES_IN_FORCE - 1; i++) await t.store.putEntity('threat-zone', { id: `z-${i}`, polygon: ring(i) } as never);
    await t.store.putEntity('threat-zone', { id: 'z-old', polygon: ring(999), ...ended } as never);
    assert.equal((await post({ id: 'z-last', polygon: ring(1000) })).statusCode, 201, 'the 200th in force');
    const over = await post({ id: 'z-over', polygon: ring(1001) });
    assert.equal(over.statusCode, 409, over.body);
    assert.match((over.json() as { error: { message: string } }).error.message, /at most 200 threat zones may be in force/);
    assert.equal((await post({ id: 'z-gone', polygon: ring(1002), ...ended })).statusCode, 201, 'an ended zone is not in force');
    assert.equal((await patch('z-old', { to: new Date(Date.now() + 3_600_000).toISOString() })).statusCode, 409, 'nor is one brought back into force past the limit');
    assert.equal((await patch('z-0', { to: ago(1) })).statusCode, 200, 'ending a zone');
    assert.equal((await post({ id: 'z-over', polygon: ring(1001) })).statusCode, 201, 'a place in force again');

    // The points: ended zones of 500 vertices up to the budget, then one more vertex is refused; a PATCH that does not
    // grow a zone (ending it, renaming it) still goes through.
    let points = (await t.store.listEntities('threat-zone')).reduce((n, z) => n + (z as { polygon: unknown[] }).polygon.length, 0);
    for (let i = 0; points + 500 <= THREAT_ZONE_POINTS; i++, points += 500) await t.store.putEntity('threat-zone', { id: `p-${i}`, polygon: bigRing(i, 500), ...ended } as never);
    const room = THREAT_ZONE_POINTS - points;
    if (room >= 3) assert.equal((await post({ id: 'p-fits', polygon: bigRing(9000, room), ...ended })).statusCode, 201, 'the last points fit');
    const full = await post({ id: 'p-over', polygon: ring(2000), ...ended });
    assert.equal(full.statusCode, 409, full.body);
    assert.match((full.json() as { error: { message: string } }).error.message, /at most 100,000 points in all/);
    assert.equal((await patch('z-1', { to: ago(1), name: 'the ridge, cleared' })).statusCode, 200, 'ending a zone with the budget full');
  });
