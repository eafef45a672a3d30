import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sqliteTestApp } from '../../../test/support/test-app.ts';
import { sampleCasualty } from '../../interop/sample.ts';
import { parseCsv } from '../../interop/export/csv.ts';
import { validateR4Bundle } from '../../../test/support/fhir-schema.ts';

test('interop routes: FHIR document, CSV, GeoJSON and EDXL-HAVE exports', async () => {
  const t = await sqliteTestApp({ now: () => '2026-03-01T12:00:00.000Z' });
  try {
    const { state, events } = sampleCasualty({
      seed: 'route-1',
      position: { lat: 48.58678, lon: 38.04631 },
      injuredAt: '2026-03-01T10:00:00.000Z',
      severity: 3,
    });
    await t.store.append(events, '2026-03-01T11:00:00.000Z');
    await t.store.putEntity('facility', {
      id: 'r2-kost',
      name: 'Forward surgical hospital',
      role: 'R2',
      position: { lat: 48.527, lon: 37.707 },
      hardened: false,
      status: 'normal',
      intake: 'normal',
      capabilities: ['blood'],
      beds: 14,
      surgicalTables: 2,
    });

    const fhir = await t.app.inject({ method: 'GET', url: `/api/casualties/${state.id}/fhir` });
    assert.equal(fhir.statusCode, 200);
    assert.match(fhir.headers['content-type'] as string, /^application\/fhir\+json/);
    const bundle = fhir.json() as { type: string };
    assert.equal(bundle.type, 'document');
    assert.deepEqual(validateR4Bundle(bundle), []);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/api/casualties/0190f1b2-7a3c-7def-8123-456789abcdef/fhir' }))
        .statusCode,
      404,
    );

    const csv = await t.app.inject({ method: 'GET', url: '/api/export/casualties.csv' });
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /^text\/csv/);
    assert.equal(parseCsv(csv.body)[1]![0], state.id);
    const ev = await t.app.inject({ method: 'GET', url: '/api/export/events.csv' });
    assert.equal(parseCsv(ev.body).length, events.length + 1);
    const geo = await t.app.inject({ method: 'GET', url: '/api/export/casualties.geojson' });
    assert.equal((geo.json() as { features: unknown[] }).features.length, 1);
    const have = await t.app.inject({ method: 'GET', url: '/api/export/facilities-have.json' });
    assert.equal((have.json() as { HospitalStatus: { Hospital: unknown[] } }).HospitalStatus.Hospital.length, 1);
  } finally {
    await t.close();
  }
});
