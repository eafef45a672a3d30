import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  toCsv,
  parseCsv,
  csvField,
  casualtiesCsv,
  eventsCsv,
  CASUALTY_COLUMNS,
  casualtiesGeoJson,
  facilitiesHave,
} from './index.ts';
import { sampleCasualty } from '../sample.ts';
import type { CasualtySummary } from '../../storage/port.ts';
import type { StoredEvent } from '../../core/index.ts';
import { placeOfMgrs } from '../../core/index.ts';

test('CSV: RFC 4180 quoting round-trips any text; formulas are neutralised', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 2, maxLength: 2 }), { maxLength: 8 }),
      (rows) => {
        const csv = toCsv(['a', 'b'], rows);
        assert.ok(csv.endsWith('\r\n'));
        const back = parseCsv(csv);
        const expect = rows.map((r) => r.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c)));
        assert.deepEqual(back, [['a', 'b'], ...expect]);
      },
    ),
    { numRuns: 200 },
  );
  assert.equal(csvField('say "hi", ok'), '"say ""hi"", ok"');
  assert.equal(csvField('line\nbreak'), '"line\nbreak"');
  assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvField(-5), '-5');
});

const { state, events } = sampleCasualty({
  seed: 'exp-1',
  position: { lat: 48.58678, lon: 38.04631 },
  injuredAt: '2026-03-01T10:00:00.000Z',
  severity: 2,
});
const summary: CasualtySummary = {
  id: state.id,
  stage: state.stage,
  precedence: state.precedence.value,
  triage: 'T1',
  unitId: null,
  facilityId: null,
  destinationId: null,
  vehicleId: null,
  authors: ['medic Kovalenko'],
  injuredAt: state.injuredAt,
  lastSeq: 10,
  updatedAt: '2026-03-01T10:30:00.000Z',
  state,
};

test('casualties and events CSV', () => {
  const rows = parseCsv(casualtiesCsv([summary]));
  assert.deepEqual(rows[0], [...CASUALTY_COLUMNS]);
  const row = Object.fromEntries(CASUALTY_COLUMNS.map((c, i) => [c, rows[1]![i]]));
  assert.equal(row['id'], state.id);
  assert.equal(row['precedence'], 'urgent-surgical');
  assert.match(row['mgrs']!, /^37U [A-Z]{2} \d{5} \d{5}$/);
  assert.equal(row['tourniquets_running'], '1');
  const stored = events.map((e, i) => ({ ...e, seq: i + 1, receivedAt: e.recordedAt })) as StoredEvent[];
  const ev = parseCsv(eventsCsv(stored));
  assert.equal(ev.length, events.length + 1);
  assert.deepEqual(JSON.parse(ev[1]![9]!), events[0]!.payload);
});

test('GeoJSON: a FeatureCollection with [lon, lat] points', () => {
  const g = casualtiesGeoJson([summary]);
  assert.equal(g.type, 'FeatureCollection');
  assert.deepEqual(g.features[0]!.geometry, { type: 'Point', coordinates: [38.04631, 48.58678] });
  assert.equal(g.features[0]!.properties['stage'], 'requested');
});

test('EDXL-HAVE-shaped facility status', () => {
  const h = facilitiesHave(
    [
      {
        id: 'r2-kost',
        name: 'Forward surgical hospital',
        role: 'R2',
        position: { lat: 48.527, lon: 37.707 },
        hardened: true,
        status: 'compromised',
        intake: 'advisory',
        capabilities: ['blood', 'burns'],
        beds: 14,
        bedsAvailable: 0,
        surgicalTables: 2,
        tablesAvailable: 1,
      },
    ],
    '2026-03-01T10:00:00.000Z',
  );
  const hosp = h.HospitalStatus.Hospital[0]!;
  assert.equal(hosp.HospitalFacilityStatus.FacilityStatus, 'Compromised');
  assert.equal(hosp.EmergencyDepartmentStatus.EMSTraffic.EMSTrafficStatus, 'Advisory');
  assert.deepEqual(hosp.HospitalBedCapacityStatus[0]!.BedCapacity.Capacity, {
    CapacityStatus: 'NotAvailable',
    AvailableCount: 0,
    BaselineCount: 14,
  });
  assert.equal(hosp.HospitalBedCapacityStatus[1]!.BedCapacity.Capacity.CapacityStatus, 'Vacant/Available');
  assert.equal(hosp.ServiceCoverageStatus['BloodBank'], true);
  assert.equal(hosp.ServiceCoverageStatus['Neurosurgery'], false);
});

test('a pickup typed to an MGRS square is exported as that square, not as a 1 m grid at its centre', () => {
  const square = { ...summary, state: { ...state, evac: { ...state.evac, nineLine: { ...state.evac.nineLine!, location: placeOfMgrs('37U DP 12 34') } } } };
  const rows = parseCsv(casualtiesCsv([square]));
  assert.equal(rows[1]![CASUALTY_COLUMNS.indexOf('mgrs')], '37U DP 12 34');
  assert.equal(casualtiesGeoJson([square]).features[0]!.properties['mgrs'], '37U DP 12 34');
});
