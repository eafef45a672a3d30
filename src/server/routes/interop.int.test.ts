import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sqliteTestApp } from '../../../test/support/test-app.ts';
import type { TestApp } from '../../../test/support/test-app.ts';
import { sampleCasualty } from '../../interop/sample.ts';
import { parseCsv } from '../../interop/export/csv.ts';
import { validateR4Bundle } from '../../../test/support/fhir-schema.ts';
import { uuidv7 } from '../../core/index.ts';
import { DOCUMENT_THREAD_EVENTS, DOCUMENTS_PER_USER, documentsBuiltOnThread } from '../document-runner.ts';

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

/** A sample casualty with `n` vitals a minute apart after it, stored: its id and the vitals. */
async function longCard(t: TestApp, seed: string, n: number): Promise<{ id: string; vitals: { at: string }[] }> {
  const { state, events } = sampleCasualty({ seed, position: { lat: 48.58678, lon: 38.04631 }, injuredAt: '2026-03-01T10:00:00.000Z', severity: 3 });
  const vitals = Array.from({ length: n }, (_, i) => ({
    ...events[0]!,
    id: uuidv7(),
    type: 'vitals' as const,
    at: new Date(Date.parse('2026-03-01T10:30:00.000Z') + i * 60_000).toISOString(),
    payload: { pulse: 80 + (i % 40), sbp: 110, rr: 18, spo2: 97 },
  }));
  await t.store.append([...events, ...vitals], '2026-03-03T11:00:00.000Z');
  return { id: state.id, vitals };
}

test('a long card\'s FHIR document is built off the main thread and is still a valid R4 document with every vitals set', async () => {
  const t = await sqliteTestApp({ now: () => '2026-03-03T12:00:00.000Z' });
  try {
    const { id, vitals } = await longCard(t, 'route-long', DOCUMENT_THREAD_EVENTS + 1);
    const before = documentsBuiltOnThread();
    const fhir = await t.app.inject({ method: 'GET', url: `/api/casualties/${id}/fhir` });
    assert.equal(fhir.statusCode, 200);
    assert.equal(documentsBuiltOnThread(), before + 1, 'built on the document thread');
    const bundle = fhir.json() as { entry: { resource: { resourceType: string; effectiveDateTime?: string } }[] };
    assert.deepEqual(validateR4Bundle(bundle), []);
    const times = new Set(bundle.entry.filter((e) => e.resource.resourceType === 'Observation').map((e) => e.resource.effectiveDateTime));
    for (const v of vitals) assert.ok(times.has(v.at), `vitals at ${v.at} in the document`);
  } finally {
    await t.close();
  }
});

test('FHIR reads sent together by one user: at most DOCUMENTS_PER_USER read the card, the rest are refused before reading it', async () => {
  const t = await sqliteTestApp({ now: () => '2026-03-03T12:00:00.000Z' });
  try {
    const { id } = await longCard(t, 'route-race', 3 * DOCUMENT_THREAD_EVENTS);
    // Every read of the log is counted (the door reads a card's events with eventsOf).
    let reads = 0;
    const eventsOf = t.store.eventsOf.bind(t.store);
    t.store.eventsOf = (id) => (reads++, eventsOf(id));
    const n = DOCUMENTS_PER_USER + 4;
    const answers = await Promise.all(Array.from({ length: n }, () => t.app.inject({ method: 'GET', url: `/api/casualties/${id}/fhir` })));
    const codes = answers.map((a) => a.statusCode);
    assert.ok(codes.every((c) => c === 200 || c === 429), codes.join(','));
    assert.equal(reads, codes.filter((c) => c === 200).length, 'only the reads answered read the card');
    assert.ok(codes.filter((c) => c === 429).length >= 4, `refused: ${codes.join(',')}`);
  } finally {
    await t.close();
  }
});
