// No limit on the number of threat zones (session 39's attack review, medium): each zone is capped at 500 points but
// not their number, and GET /api/threat-zones has no paging: 1,000 zones of 500 points were 25 MB a read and 1.3 s of
// the main thread, and the dispatch plan went from 0.4 s to 20.7 s. Every entity kind now has a generous cap
// (ENTITY_LIMITS: threat zones 200, vehicles 2,000, units 2,000, facilities 1,000); a create past it is a 409 naming
// the limit, on both databases; PATCH still changes what is stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENTITY_LIMITS } from '../../src/core/index.ts';
import type { EntityKind } from '../../src/storage/port.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';

const ring = (i: number) => [{ lat: 48 + i / 1000, lon: 37 }, { lat: 48.01 + i / 1000, lon: 37 }, { lat: 48 + i / 1000, lon: 37.01 }];
const KINDS = [
  { path: 'threat-zones', kind: 'threat-zone', make: (id: string, i: number) => ({ id, polygon: ring(i) }), patch: { name: 'ended, now the ridge' } },
  { path: 'vehicles', kind: 'vehicle', make: (id: string) => ({ id, kind: 'ambulance', litter: 2, seated: 2 }), patch: { status: 'out-of-service' } },
  { path: 'units', kind: 'unit', make: (id: string) => ({ id, name: id }), patch: { name: 'renamed' } },
  { path: 'facilities', kind: 'facility', make: (id: string) => ({ id, name: id, role: 'R2', position: { lat: 48.5, lon: 37.7 }, beds: 10 }), patch: { beds: 12 } },
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
