import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CoT } from './node-cot.ts';
import fc from 'fast-check';
import { fold, placeOfMgrs } from '../../core/index.ts';
import type { NineLine, Vehicle, Facility } from '../../core/index.ts';
import {
  casualtyMarker,
  casualtyMessage,
  deleteMarker,
  facilityMarker,
  vehicleMarker,
  importCot,
  nineLineFromCot,
  vehicleUpdateFromPli,
  MedevacDetail,
  casualtyIdForTakUid,
  zMistsOf,
} from './index.ts';
import { sampleCasualty } from '../sample.ts';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const NOW = '2026-03-01T10:45:00.000Z';

test('ATAK create fixture: parsed by node-cot and mapped line by line', () => {
  const cot = new CoT(fixture('atak-9line-create.xml'));
  assert.equal(cot.raw.event._attributes.type, 'b-r-f-h-c');
  const { nineLine, zMists, issues } = nineLineFromCot(cot);
  assert.ok(nineLine, issues.join('; '));
  assert.deepEqual(nineLine, {
    location: { lat: 48.5931, lon: 37.9921 },
    callSign: 'MED.1.101942',
    frequency: '38.90',
    patientsByPrecedence: { A: 1, B: 1, C: 0, D: 0, E: 0 },
    specialEquipment: ['C'],
    patientsByType: { L: 2, A: 0 },
    security: 'P', // ATAK 0-based: 1 = possible enemy
    marking: 'C', // 2 = smoke
    nationality: { A: 1, B: 1, C: 0, D: 0, E: 0 },
    hazards: 'wires across the road\nTerrain: slope (N)',
  } satisfies NineLine);
  assert.equal((nineLine as NineLine).cbrn, undefined, 'ATAK has no CBRN: unset, never guessed');
  assert.equal(zMists.length, 2);
  assert.equal(zMists[0]!.m, 'FPV drone');
});

test('ATAK create → update → delete become request, full update, cancel on one casualty', () => {
  const create = importCot(new CoT(fixture('atak-9line-create.xml')), { now: NOW });
  assert.ok(create);
  assert.deepEqual(
    create.events.map((e) => e.type),
    ['evac.requested', 'note', 'note'],
  );
  assert.equal(create.casualtyId, casualtyIdForTakUid('7c1e2f0a-51b3-4c4e-9d7c-2a1b3c4d5e6f'));
  let state = fold(create.casualtyId, create.events, NOW);
  assert.equal(state.stage, 'requested');
  assert.match(state.notes[0]!.text, /M: FPV drone; I: penetrating L thigh/);
  // re-delivery is idempotent: same event ids
  assert.deepEqual(
    importCot(new CoT(fixture('atak-9line-create.xml')), { now: NOW })!.events.map((e) => e.id),
    create.events.map((e) => e.id),
  );

  const update = importCot(new CoT(fixture('atak-9line-update.xml')), { now: NOW, existing: state });
  assert.ok(update);
  assert.deepEqual(
    update.events.map((e) => e.type),
    ['evac.updated'],
    'same MIST → no duplicate notes',
  );
  const all = [...create.events, ...update.events];
  state = fold(create.casualtyId, all, NOW);
  assert.equal(state.evac.nineLine!.security, 'E');
  assert.equal(state.evac.nineLine!.marking, 'E');
  assert.equal(state.evac.nineLine!.markingDetail, 'orange VS-17 panel on roof');
  assert.deepEqual(state.evac.nineLine!.patientsByType, { L: 1, A: 1 });
  assert.deepEqual(state.evac.nineLine!.patientsByPrecedence, { A: 1, B: 0, C: 0, D: 0, E: 0 });

  const del = importCot(new CoT(fixture('atak-9line-delete.xml')), { now: NOW, existing: state });
  assert.ok(del);
  assert.deepEqual(
    del.events.map((e) => e.type),
    ['evac.cancelled'],
  );
  assert.equal(del.casualtyId, create.casualtyId);
  state = fold(create.casualtyId, [...all, ...del.events], NOW);
  assert.equal(state.evac.cancelled, true);
});

test('Meshtastic numbers security and HLZ marking 1-based: mapped explicitly by source', () => {
  const cot = new CoT(fixture('meshtastic-9line.xml'));
  const mesh = nineLineFromCot(cot, 'meshtastic').nineLine!;
  assert.equal(mesh.security, 'P');
  assert.equal(mesh.marking, 'C');
  // read as ATAK it would be one step off — the reason the source must be stated
  const wrong = nineLineFromCot(cot, 'atak').nineLine!;
  assert.equal(wrong.security, 'E');
  // 0 means "unspecified" to Meshtastic; out-of-range indices stay unset with an issue
  const xml = fixture('meshtastic-9line.xml')
    .replace('security="2"', 'security="0"')
    .replace('hlz_marking="3"', 'hlz_marking="9"');
  const r = nineLineFromCot(new CoT(xml), 'meshtastic');
  assert.equal(r.nineLine!.security, undefined);
  assert.equal(r.nineLine!.marking, undefined);
  assert.ok(r.issues.some((i) => i.includes('hlz_marking')));
});

test('malformed attributes are reported and left unset, not guessed', () => {
  const xml = fixture('atak-9line-create.xml')
    .replace('security="1"', 'security="possible"')
    .replace('litter="2"', 'litter="two"');
  const r = nineLineFromCot(new CoT(xml));
  assert.ok(r.nineLine);
  assert.equal(r.nineLine.security, undefined);
  assert.ok(r.issues.some((i) => i.includes('security')));
  assert.ok(r.issues.some((i) => i.includes('litter')));
});

const sample = sampleCasualty({
  seed: 'cot-1',
  position: { lat: 48.58678, lon: 38.04631 },
  injuredAt: '2026-03-01T10:00:00.000Z',
  mechanism: 'fpv-drone',
  severity: 3,
});

test('our marker: every _medevac_ attribute survives node-cot XML and protobuf round trips', () => {
  const state = {
    ...sample.state,
    evac: {
      ...sample.state.evac,
      nineLine: {
        ...sample.state.evac.nineLine!,
        cbrn: ['C' as const],
        hazards: 'drones overhead',
        markingDetail: 'IR strobe',
      },
    },
  };
  const cot = casualtyMarker(state, { now: NOW })!;
  const xml = cot.to_xml();
  assert.match(xml, /type="b-r-f-h-c"/);
  assert.match(xml, /how="h-g-i-g-o"/);
  assert.match(xml, /<archive\/>/);
  assert.match(xml, /<link uid="GOLDENHOUR-SERVER" type="a-f-G-U-C" parent_callsign="GOLDENHOUR" relation="p-p"/);
  const ours = MedevacDetail.parse((new CoT(xml).raw.event.detail as Record<string, unknown>)['_medevac_']);
  const a = ours._attributes as Record<string, string>;
  assert.equal(a.urgent, '1');
  assert.equal(a.ventilator, 'true');
  assert.equal(a.equipment_none, 'false');
  assert.equal(a.litter, '1');
  assert.equal(a.obstacles, 'drones overhead');
  assert.equal(a.hlz_other, 'IR strobe');
  assert.match(a.medline_remarks!, /^Line 9 CBRN: chemical$/m);
  assert.equal(zMistsOf(ours).length, 1);
  for (const back of [new CoT(xml), CoT.from_proto(cot.to_proto())]) {
    const again = MedevacDetail.parse((back.raw.event.detail as Record<string, unknown>)['_medevac_']);
    assert.deepEqual(again._attributes, a);
    assert.deepEqual(zMistsOf(again), zMistsOf(ours));
    assert.equal(back.callsign(), state.evac.nineLine.callSign);
    const n = nineLineFromCot(back).nineLine!;
    assert.deepEqual({ ...n, location: undefined }, { ...state.evac.nineLine, location: undefined });
    assert.ok(Math.abs(n.location.lat - state.evac.nineLine.location.lat) < 1e-9);
  }
});

test('security/marking indices: ATAK 0-based and Meshtastic 1-based round-trip for every code', () => {
  for (const base of ['atak', 'meshtastic'] as const) {
    for (const security of ['N', 'P', 'E', 'X'] as const) {
      for (const marking of ['A', 'B', 'C', 'D', 'E'] as const) {
        const nl = { ...sample.state.evac.nineLine!, security, marking };
        const st = { ...sample.state, evac: { ...sample.state.evac, nineLine: nl } };
        const cot = casualtyMarker(st, { now: NOW, indexBase: base })!;
        const a = MedevacDetail.parse((cot.raw.event.detail as Record<string, unknown>)['_medevac_'])._attributes;
        const off = base === 'atak' ? 0 : 1;
        assert.equal(a.security, String('NPEX'.indexOf(security) + off));
        assert.equal(a.hlz_marking, String('ABCDE'.indexOf(marking) + off));
        const back = nineLineFromCot(new CoT(cot.to_xml()), base).nineLine!;
        assert.equal(back.security, security);
        assert.equal(back.marking, marking);
      }
    }
  }
});

test('property: any 9-line → marker → node-cot → importer is the same 9-line', () => {
  const count = fc.integer({ min: 0, max: 99 });
  const arb = fc.record({
    location: fc.record({
      lat: fc.double({ min: -80, max: 80, noNaN: true }),
      lon: fc.double({ min: -180, max: 180, noNaN: true }),
    }),
    callSign: fc.stringMatching(/^[A-Z][A-Z0-9 ]{0,15}[A-Z0-9]$/),
    frequency: fc.option(fc.stringMatching(/^[0-9]{2,3}\.[0-9]{1,3}$/), { nil: undefined }),
    patientsByPrecedence: fc
      .record({ A: count, B: count, C: count, D: count, E: count })
      .filter((c) => Object.values(c).some((x) => x > 0)),
    specialEquipment: fc.oneof(fc.constant(['A' as const]), fc.subarray(['B', 'C', 'D'] as const, { minLength: 1 })),
    patientsByType: fc.record({ L: count, A: count }),
    security: fc.option(fc.constantFrom('N', 'P', 'E', 'X') as fc.Arbitrary<'N'>, { nil: undefined }),
    marking: fc.option(fc.constantFrom('A', 'B', 'C', 'D', 'E') as fc.Arbitrary<'A'>, { nil: undefined }),
    nationality: fc.option(fc.record({ A: count, B: count, C: count, D: count, E: count }), { nil: undefined }),
    cbrn: fc.option(fc.subarray(['C', 'B', 'R', 'N'] as const), { nil: undefined }),
    // any printable text, XML's special characters included (control characters cannot travel in XML 1.0)
    hazards: fc.option(
      fc
        .string({ minLength: 1, maxLength: 60, unit: 'grapheme' })
        .filter(
          (s) =>
            s.trim() === s &&
            ![...s].some(
              (ch) =>
                ch.codePointAt(0)! < 0x20 ||
                (ch.codePointAt(0)! >= 0x7f && ch.codePointAt(0)! <= 0x9f) ||
                ch === '\ufffe' ||
                ch === '\uffff',
            ),
        ),
      { nil: undefined },
    ),
    markingDetail: fc.option(fc.constantFrom('<panel> & "smoke"', "O'Neil's & co", 'VS-17'), { nil: undefined }),
  });
  fc.assert(
    fc.property(arb, fc.constantFrom('atak', 'meshtastic') as fc.Arbitrary<'atak'>, (raw, base) => {
      const nl = JSON.parse(
        JSON.stringify({
          ...raw,
          specialEquipment: [...raw.specialEquipment],
          cbrn: raw.cbrn ? [...raw.cbrn] : undefined,
        }),
      ) as NineLine;
      const st = { ...sample.state, evac: { ...sample.state.evac, nineLine: nl } };
      const cot = casualtyMarker(st, { now: NOW, indexBase: base })!;
      for (const parsed of [new CoT(cot.to_xml()), CoT.from_proto(cot.to_proto())]) {
        const back = nineLineFromCot(parsed, base);
        assert.deepEqual(back.issues, []);
        assert.deepEqual(JSON.parse(JSON.stringify(back.nineLine)), nl);
      }
    }),
    { numRuns: 150 },
  );
});

test('closed request → t-x-d-d delete naming the marker; facilities and vehicles are markers', () => {
  const closed = { ...sample.state, stage: 'closed' as const };
  const del = casualtyMessage(closed, { now: NOW })!;
  assert.equal(del.raw.event._attributes.type, 't-x-d-d');
  const link = (del.raw.event.detail as Record<string, { _attributes: Record<string, string> }>)['link']!._attributes;
  assert.equal(link.uid, `GH-CAS-${sample.state.id}`);
  assert.equal(new CoT(deleteMarker('x', NOW).to_xml()).raw.event._attributes.type, 't-x-d-d');
  assert.equal(casualtyMessage(sample.state, { now: NOW })!.raw.event._attributes.type, 'b-r-f-h-c');

  const f: Facility = {
    id: 'r2-kost',
    name: 'Forward surgical hospital',
    role: 'R2',
    position: { lat: 48.527, lon: 37.707 },
    hardened: false,
    status: 'normal',
    intake: 'advisory',
    capabilities: ['damage-control-surgery', 'blood'],
    beds: 14,
    bedsAvailable: 3,
    surgicalTables: 2,
  };
  const fc1 = new CoT(facilityMarker(f, NOW).to_xml());
  assert.equal(fc1.raw.event._attributes.type, 'a-f-G-I-X-H');
  assert.equal(fc1.callsign(), 'R2 Forward surgical hospital');
  const v: Vehicle = {
    id: 'amb-1',
    kind: 'ambulance',
    litter: 2,
    seated: 2,
    medic: true,
    status: 'available',
    position: { lat: 48.58, lon: 37.83 },
  };
  assert.equal(new CoT(vehicleMarker(v, NOW)!.to_xml()).raw.event._attributes.type, 'a-f-G-E-V-m');
  assert.equal(
    vehicleMarker({ ...v, takUid: 'ANDROID-amb1-b7e5' }, NOW),
    null,
    'a vehicle reporting to TAK itself is not duplicated',
  );
});

test('PLI of a vehicle with that takUid → a position update; others ignored', () => {
  const pli = new CoT(fixture('atak-pli.xml'));
  const vehicles: Vehicle[] = [
    {
      id: 'amb-1',
      kind: 'ambulance',
      litter: 2,
      seated: 2,
      medic: true,
      status: 'available',
      takUid: 'ANDROID-amb1-b7e5',
      updatedAt: '2026-03-01T10:00:00.000Z',
    },
    { id: 'amb-2', kind: 'ambulance', litter: 2, seated: 2, medic: true, status: 'available' },
  ];
  assert.deepEqual(vehicleUpdateFromPli(pli, vehicles), {
    vehicleId: 'amb-1',
    takUid: 'ANDROID-amb1-b7e5',
    position: { lat: 48.5712, lon: 37.9005 },
    updatedAt: '2026-03-01T10:40:00.000Z',
  });
  assert.equal(vehicleUpdateFromPli(pli, [vehicles[1]!]), null);
  assert.equal(
    vehicleUpdateFromPli(pli, [{ ...vehicles[0]!, updatedAt: '2026-03-01T10:50:00.000Z' }]),
    null,
    'older report',
  );
  assert.equal(vehicleUpdateFromPli(new CoT(fixture('atak-9line-create.xml')), vehicles), null);
});

test('a pickup typed to an MGRS square goes to TAK with its circular error: the circle round the square', () => {
  const withGrid = (grid: string) => ({ ...sample.state, evac: { ...sample.state.evac, nineLine: { ...sample.state.evac.nineLine!, location: placeOfMgrs(grid) } } });
  const ce = (grid: string) => Number((casualtyMarker(withGrid(grid), { now: NOW })!.raw.event.point as { _attributes: { ce: string } })._attributes.ce);
  assert.equal(ce('37U DP 12 34'), 707.1, 'a 1 km square');
  assert.equal(ce('37U DP 123 345'), 70.7, 'a 100 m square');
  assert.equal(ce('37U DP 12345 34567'), 9999999, 'a 1 m grid: unknown, as a GPS fix gives none');
});
