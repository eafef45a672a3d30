// A polar position (session 39's attack review, medium): `Position` allows latitudes to ±90, MGRS is defined only
// from 80°S to 84°N, and `mgrs.forward` throws beyond; the admin exports called it unguarded, so one casualty
// registered at 89.5°N made both answer 500 on every call. `toMgrs` now answers null beyond the grid, and every caller
// falls back to the coordinates (the exports' lat/lon columns and geometry, `positionText` on screens, no 9-line on
// the radio card).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fold } from '../../src/core/index.ts';
import { parseCsv } from '../../src/core/csv.ts';
import { MGRS_LAT_MAX, MGRS_LAT_MIN, positionText, toMgrs, uuidv7 } from '../../src/core/index.ts';
import { cardFromState } from '../../src/interop/radio/model.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';

test('toMgrs never throws: a grid inside 80°S–84°N, null beyond (property)', () => {
  fc.assert(
    fc.property(fc.double({ min: -90, max: 90, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true }), (lat, lon) => {
      const g = toMgrs({ lat, lon });
      if (lat < MGRS_LAT_MIN || lat > MGRS_LAT_MAX) assert.equal(g, null);
      assert.ok(positionText({ lat, lon }).length > 0);
    }),
    { numRuns: 2000, examples: [[90, 180], [-90, -180], [84, 0], [-80, 0], [84.000001, 10], [89.5, 37.9], [0, -180], [0, 180]] },
  );
  assert.match(toMgrs({ lat: 48.6, lon: 37.9 }) ?? '', /^37U /);
  assert.equal(positionText({ lat: 89.5, lon: 37.9 }), '89.50000, 37.90000');
});

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

for (const db of ['sqlite', 'postgres'] as const)
  test(`a casualty at 89.5°N does not break the exports (${db})`, async () => {
    const t = await authTestAppOn(db);
    const admin = await createUserAndLogin(t, 'admin');
    const id = uuidv7();
    const ok = async (url: string, payload: object) => {
      const r = await t.app.inject({ method: 'POST', url, headers: admin.headers, payload });
      assert.ok(r.statusCode < 300, `${url}: ${r.body}`);
    };
    await ok('/api/casualties', { id, injuredAt: ago(30), unitId: 'bde-7', position: { lat: 89.5, lon: 37.9 } });
    await ok(`/api/casualties/${id}/events`, { events: [
      { type: 'evac.requested', at: ago(20), payload: { nineLine: { location: { lat: -85, lon: 10 }, callSign: 'X', patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } } } },
    ] });
    const csv = await t.app.inject({ method: 'GET', url: '/api/export/casualties.csv', headers: admin.headers });
    assert.equal(csv.statusCode, 200, csv.body);
    const [header, row] = parseCsv(csv.body);
    const col = (name: string) => row![header!.indexOf(name)];
    assert.equal(col('mgrs'), '');
    assert.equal(Number(col('lat')), -85);
    const geo = await t.app.inject({ method: 'GET', url: '/api/export/casualties.geojson', headers: admin.headers });
    assert.equal(geo.statusCode, 200, geo.body);
    const f = (geo.json() as { features: { geometry: { coordinates: number[] } | null; properties: { mgrs: string | null } }[] }).features[0]!;
    assert.equal(f.properties.mgrs, null);
    assert.deepEqual(f.geometry?.coordinates.slice(0, 2), [10, -85]);
    // The radio card leaves out a 9-line it cannot say as a grid, and keeps the rest.
    const read = (await t.app.inject({ method: 'GET', url: `/api/casualties/${id}`, headers: admin.headers })).json() as { events: Parameters<typeof fold>[1] };
    const card = cardFromState(fold(id, read.events, new Date().toISOString()));
    assert.equal(card.nineLine, undefined);
    assert.equal(card.id, id);
  });
