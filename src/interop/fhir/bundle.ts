// A casualty's handover as a FHIR R4 document Bundle: Composition first, then Patient, Encounters (care
// episodes and transports), vital-sign Observations (LOINC, UCUM), Conditions with body site, Procedures,
// MedicationAdministrations and Flags. Codes as listed in docs/interop.md. Pure: state + events in, JSON out.
import type { CasualtyEvent, CasualtyState } from '../../core/index.ts';
import { nameUuid } from '../name-uuid.ts';

type Json = Record<string, unknown>;
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const GH = 'urn:goldenhour';
export const BATTLE_ROSTER_SYSTEM = `${GH}:battle-roster`;
export const CASUALTY_ID_SYSTEM = `${GH}:casualty-id`;

export const VITAL_LOINC = {
  panel: ['85353-1', 'Vital signs, weight, height, head circumference, oxygen saturation and BMI panel'],
  pulse: ['8867-4', 'Heart rate'],
  rr: ['9279-1', 'Respiratory rate'],
  bp: ['85354-9', 'Blood pressure panel with all children optional'],
  sbp: ['8480-6', 'Systolic blood pressure'],
  dbp: ['8462-4', 'Diastolic blood pressure'],
  spo2: ['59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry'],
  spo2Alt: ['2708-6', 'Oxygen saturation in Arterial blood'],
  tempC: ['8310-5', 'Body temperature'],
  gcs: ['9269-2', 'Glasgow coma score total'],
  pain: ['72514-3', 'Pain severity - 0-10 verbal numeric rating [Score] - Reported'],
  avpu: ['67775-7', 'Level of responsiveness'],
} as const;

const loinc = (k: keyof typeof VITAL_LOINC): Json => {
  const [code, display] = VITAL_LOINC[k];
  return { coding: [{ system: LOINC, code, display }], text: display };
};
const qty = (value: number, unit: string, code: string): Json => ({ value, unit, system: UCUM, code });
const VITAL_CATEGORY = [
  {
    coding: [
      {
        system: 'http://terminology.hl7.org/CodeSystem/observation-category',
        code: 'vital-signs',
        display: 'Vital Signs',
      },
    ],
  },
];
const text = (t: string): Json => ({ text: t });
const local = (system: string, code: string, display?: string): Json => ({
  coding: [{ system: `${GH}:${system}`, code, ...(display ? { display } : {}) }],
  text: display ?? code,
});

const AIRWAY = new Set(['npa', 'sga', 'et-tube', 'cric', 'recovery-position', 'airway-intact']);
const DECOMPRESSION = new Set(['needle-decompression', 'chest-tube']);
const DOSE_UCUM: Record<string, [string, string]> = {
  mg: ['mg', 'mg'],
  mcg: ['mcg', 'ug'],
  g: ['g', 'g'],
  ml: ['mL', 'mL'],
  IU: ['IU', '[iU]'],
  tab: ['tab', '{tab}'],
};
const NKDA = /^(nkda|nka|none|no known( drug)? allergies)$/i;

export interface BundleOptions {
  now: string;
  /** Names of facilities and vehicles by id, for display. */
  names?: Record<string, string>;
}

/** What every part of the document is built with: ids, references, the entry list and the patient. */
interface Doc {
  state: CasualtyState;
  now: string;
  /** A stable id for a resource of this casualty (same input, same id: a re-export replaces, never duplicates). */
  id(kind: string, key?: string): string;
  ref(uuid: string, display?: string): Json;
  /** Add a resource to the bundle; answers its id. */
  add(rid: string, resource: Json): string;
  /** Display name of a facility or vehicle id. */
  name(x: string | undefined): string | undefined;
  entries: { id: string; resource: Json }[];
  subject: Json;
  closed: boolean;
  poiStart: string;
}

function newDoc(state: CasualtyState, events: readonly CasualtyEvent[], opts: BundleOptions): Omit<Doc, 'subject'> {
  const entries: Doc['entries'] = [];
  return {
    state,
    now: opts.now,
    id: (kind, key = '') => nameUuid(`fhir:${state.id}:${kind}:${key}`),
    ref: (uuid, display) => ({ reference: `urn:uuid:${uuid}`, ...(display ? { display } : {}) }),
    add: (rid, resource) => {
      entries.push({ id: rid, resource: { id: rid, ...resource } });
      return rid;
    },
    name: (x) => (x ? (opts.names?.[x] ?? x) : undefined),
    entries,
    closed: state.stage === 'closed',
    poiStart: state.injuredAt ?? events.map((e) => e.at).sort()[0] ?? opts.now,
  };
}

/** The Patient resource; answers the subject reference every other resource points at. */
function patientOf(d: Omit<Doc, 'subject'>): Json {
  const { state, id, add, ref } = d;
  const ident = state.identity;
  const patientId = add(id('patient'), {
    resourceType: 'Patient',
    identifier: [
      ...(ident.battleRoster
        ? [
            {
              use: 'official',
              system: BATTLE_ROSTER_SYSTEM,
              value: ident.battleRoster,
              type: text('Battle-roster number'),
            },
          ]
        : []),
      { use: 'secondary', system: CASUALTY_ID_SYSTEM, value: state.id },
    ],
    active: true,
    ...(ident.name ? { name: [{ text: ident.name }] } : {}),
    gender: ident.sex,
    ...(ident.birthYear ? { birthDate: String(ident.birthYear) } : {}),
  });
  return ref(patientId, ident.battleRoster ?? ident.name ?? `casualty ${state.id.slice(-8)}`);
}

/** Encounters: point-of-injury care, each transport and each facility stay; and the one a time falls in. */
function encountersOf(d: Doc): { encounterIds: string[]; encounterAt: (at: string) => Json } {
  const { state, id, add, ref, name, subject, closed, poiStart, entries } = d;
  // Encounters: point-of-injury care, each transport (pickup → next step), each facility stay.
  const encounterIds: string[] = [];
  const chain = state.chain;
  const firstEnd = chain[0]?.at;
  const poiId = add(id('encounter', 'poi'), {
    resourceType: 'Encounter',
    status: firstEnd || closed ? 'finished' : 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'FLD', display: 'field' },
    type: [text('Point-of-injury and tactical field care')],
    subject,
    period: { start: poiStart, ...(firstEnd ? { end: firstEnd } : {}) },
  });
  encounterIds.push(poiId);
  chain.forEach((step, i) => {
    const next = chain[i + 1];
    const end = next?.at ?? (closed ? state.outcome?.at : undefined);
    if (step.kind === 'pickup') {
      encounterIds.push(
        add(id('encounter', step.eventId), {
          resourceType: 'Encounter',
          status: end ? 'finished' : 'in-progress',
          class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'FLD', display: 'field' },
          type: [text('Casualty evacuation transport')],
          subject,
          period: { start: step.at, ...(end ? { end } : {}) },
          ...(step.vehicleId
            ? {
                location: [
                  { location: { display: `vehicle ${name(step.vehicleId)}` }, status: end ? 'completed' : 'active' },
                ],
              }
            : {}),
          partOf: ref(poiId),
        }),
      );
    } else if (step.kind === 'arrival') {
      encounterIds.push(
        add(id('encounter', step.eventId), {
          resourceType: 'Encounter',
          status: end || closed ? 'finished' : 'in-progress',
          class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER', display: 'emergency' },
          type: [text('Facility care episode')],
          subject,
          period: { start: step.at, ...(end ? { end } : {}) },
          ...(step.facilityId ? { serviceProvider: { display: name(step.facilityId) } } : {}),
          ...(state.outcome && (!next || next.kind === 'outcome' || next.kind === 'surgery')
            ? { hospitalization: { dischargeDisposition: text(state.outcome.outcome) } }
            : {}),
        }),
      );
    }
  });
  const encounterAt = (at: string): Json => {
    // the last episode that started at or before `at`
    let best = poiId;
    for (const rid of encounterIds) {
      const e = entries.find((x) => x.id === rid)!.resource as { period: { start: string } };
      if (Date.parse(e.period.start) <= Date.parse(at)) best = rid;
    }
    return ref(best);
  };

  return { encounterIds, encounterAt };
}

/** Vital signs: one panel per set, members per sign. */
function vitalsOf(d: Doc, encounterAt: (at: string) => Json): string[] {
  const { state, id, add, ref, subject } = d;
  // Vital signs: one panel per set, members per sign.
  const vitalIds: string[] = [];
  for (const v of state.vitals) {
    const base = {
      resourceType: 'Observation',
      status: 'final',
      category: VITAL_CATEGORY,
      subject,
      encounter: encounterAt(v.at),
      effectiveDateTime: v.at,
    };
    const members: string[] = [];
    const obs = (k: string, body: Json): void => {
      members.push(add(id('obs', `${v.eventId}:${k}`), { ...base, ...body }));
    };
    if (v.pulse !== undefined)
      obs('pulse', {
        code: loinc('pulse'),
        valueQuantity: qty(v.pulse, 'beats/minute', '/min'),
        ...(v.pulseSite ? { bodySite: text(v.pulseSite) } : {}),
      });
    if (v.rr !== undefined) obs('rr', { code: loinc('rr'), valueQuantity: qty(v.rr, 'breaths/minute', '/min') });
    if (v.sbp !== undefined || v.dbp !== undefined) {
      obs('bp', {
        code: loinc('bp'),
        component: [
          ...(v.sbp !== undefined ? [{ code: loinc('sbp'), valueQuantity: qty(v.sbp, 'mmHg', 'mm[Hg]') }] : []),
          ...(v.dbp !== undefined ? [{ code: loinc('dbp'), valueQuantity: qty(v.dbp, 'mmHg', 'mm[Hg]') }] : []),
        ],
        ...(v.bpPalpated ? { method: text('palpated (systolic only)') } : {}),
      });
    }
    if (v.spo2 !== undefined) {
      const code = loinc('spo2');
      (code['coding'] as Json[]).push({ system: LOINC, code: VITAL_LOINC.spo2Alt[0], display: VITAL_LOINC.spo2Alt[1] });
      obs('spo2', { code, valueQuantity: qty(v.spo2, '%', '%') });
    }
    if (v.tempC !== undefined) obs('temp', { code: loinc('tempC'), valueQuantity: qty(v.tempC, 'Cel', 'Cel') });
    if (v.gcs !== undefined) obs('gcs', { code: loinc('gcs'), valueQuantity: qty(v.gcs, '{score}', '{score}') });
    if (v.pain !== undefined) obs('pain', { code: loinc('pain'), valueQuantity: qty(v.pain, '{score}', '{score}') });
    if (v.avpu !== undefined) {
      const avpu = { A: 'Alert', V: 'Responds to voice', P: 'Responds to pain', U: 'Unresponsive' }[v.avpu];
      obs('avpu', { code: loinc('avpu'), valueCodeableConcept: local('avpu', v.avpu, avpu) });
    }
    vitalIds.push(
      add(id('obs', `${v.eventId}:panel`), { ...base, code: loinc('panel'), hasMember: members.map((m) => ref(m)) }),
      ...members,
    );
  }

  return vitalIds;
}

/** Injuries as Conditions with body site. */
function conditionsOf(d: Doc, encounterAt: (at: string) => Json): string[] {
  const { state, id, add, subject } = d;
  // Injuries as Conditions with body site.
  const conditionIds = state.injuries.map((i) =>
    add(id('condition', i.eventId), {
      resourceType: 'Condition',
      clinicalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
      },
      verificationStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'provisional' }],
      },
      category: [
        {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis' }],
        },
      ],
      code: local(
        'injury-kind',
        i.kind,
        `${i.kind} injury${i.burnPercent !== undefined ? `, ${i.burnPercent}% body surface` : ''}${i.detail ? ` — ${i.detail}` : ''}`,
      ),
      bodySite: [local('body-region', i.region, `${i.region} (${i.view})`)],
      subject,
      encounter: encounterAt(i.at),
      ...(state.injuredAt ? { onsetDateTime: state.injuredAt } : {}),
      recordedDate: i.at,
      ...(state.mechanisms.length ? { note: [{ text: `mechanism: ${state.mechanisms.join(', ')}` }] } : {}),
    }),
  );

  return conditionIds;
}

/** Procedures (tourniquets, airway, decompression, other treatments) and administrations (fluids, medications). */
function proceduresOf(d: Doc, encounterAt: (at: string) => Json): { procedureIds: string[]; medIds: string[] } {
  const { state, id, add, subject } = d;
  // Procedures: tourniquets, airway, decompression and the other non-fluid treatments.
  const procedureIds: string[] = [];
  for (const t of state.tourniquets) {
    const end = t.convertedAt ?? t.removedAt;
    procedureIds.push(
      add(id('procedure', t.id), {
        resourceType: 'Procedure',
        status: t.running || t.onAtOutcome ? 'in-progress' : 'completed', // on at the outcome: still on, last known
        category: text('haemorrhage control'),
        code: local('treatment', 'tourniquet', `Tourniquet (${t.tqType})`),
        subject,
        encounter: encounterAt(t.appliedAt),
        performedPeriod: { start: t.appliedAt, ...(end ? { end } : {}) },
        bodySite: [local('limb', t.limb, t.limb)],
        ...(end ? { outcome: text(t.convertedAt ? 'converted' : 'removed') } : {}),
      }),
    );
  }
  const medIds: string[] = [];
  for (const t of state.treatments) {
    if (t.group === 'C') {
      medIds.push(
        add(id('medadmin', t.eventId), {
          resourceType: 'MedicationAdministration',
          status: 'completed',
          category: text('fluid or blood product'),
          medicationCodeableConcept: local('fluid', t.kind, t.kind),
          subject,
          context: encounterAt(t.at),
          effectiveDateTime: t.at,
          ...(t.volumeMl !== undefined || t.route
            ? {
                dosage: {
                  ...(t.route ? { route: text(t.route) } : {}),
                  ...(t.volumeMl !== undefined ? { dose: qty(t.volumeMl, 'mL', 'mL') } : {}),
                },
              }
            : {}),
        }),
      );
      continue;
    }
    const category = AIRWAY.has(t.kind)
      ? 'airway'
      : DECOMPRESSION.has(t.kind)
        ? 'chest decompression'
        : `MARCH ${t.group}`;
    procedureIds.push(
      add(id('procedure', t.eventId), {
        resourceType: 'Procedure',
        status: 'completed',
        category: text(category),
        code: local('treatment', t.kind, t.kind + (t.detail ? ` — ${t.detail}` : '')),
        subject,
        encounter: encounterAt(t.at),
        performedDateTime: t.at,
      }),
    );
  }
  for (const m of state.medications) {
    const [unit, code] = DOSE_UCUM[m.unit] ?? [m.unit, m.unit];
    medIds.push(
      add(id('medadmin', m.eventId), {
        resourceType: 'MedicationAdministration',
        status: 'completed',
        category: text(m.class),
        // Ketamine for sedation says why it was given: the same drug and route as for pain, at another dose.
        ...(m.class === 'sedative' ? { reasonCode: [text('sedation')] } : {}),
        medicationCodeableConcept: text(m.name),
        subject,
        context: encounterAt(m.at),
        effectiveDateTime: m.at,
        dosage: { route: text(m.route), dose: qty(m.dose, unit, code) },
      }),
    );
  }

  return { procedureIds, medIds };
}

/** Flags: tourniquet on, allergy, contamination. */
function flagsOf(d: Doc): string[] {
  const { state, id, add, subject, poiStart } = d;
  const ident = state.identity;
  // Flags: tourniquet on, allergy, contamination.
  const flagIds: string[] = [];
  const flag = (key: string, t: string, active: boolean, start: string, end?: string): void => {
    flagIds.push(
      add(id('flag', key), {
        resourceType: 'Flag',
        status: active ? 'active' : 'inactive',
        category: [
          {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'clinical', display: 'Clinical' },
            ],
          },
        ],
        code: text(t),
        subject,
        period: { start, ...(end ? { end } : {}) },
      }),
    );
  };
  for (const t of state.tourniquets) {
    flag(
      `tq:${t.id}`,
      `TOURNIQUET ON ${t.limb} since ${t.appliedAt}`,
      t.running || !!t.onAtOutcome,
      t.appliedAt,
      t.convertedAt ?? t.removedAt,
    );
  }
  if (ident.allergies && !NKDA.test(ident.allergies.trim()))
    flag('allergy', `Allergy: ${ident.allergies}`, true, poiStart);
  const cbrn = state.evac.nineLine?.cbrn;
  if (cbrn && cbrn.length) {
    const words = { C: 'chemical', B: 'biological', R: 'radiological', N: 'nuclear' } as const;
    flag(
      'contamination',
      `CBRN contamination: ${cbrn.map((c) => words[c]).join(', ')}`,
      true,
      state.evac.requestedAt ?? poiStart,
    );
  }

  return flagIds;
}

/** Build the FHIR R4 document Bundle for one casualty. */
export function casualtyBundle(state: CasualtyState, events: readonly CasualtyEvent[], opts: BundleOptions): Json {
  const base = newDoc(state, events, opts);
  const d: Doc = { ...base, subject: patientOf(base) };
  const { id, ref, subject, closed, now, entries } = d;
  const { encounterIds, encounterAt } = encountersOf(d);
  const vitalIds = vitalsOf(d, encounterAt);
  const conditionIds = conditionsOf(d, encounterAt);
  const { procedureIds, medIds } = proceduresOf(d, encounterAt);
  const flagIds = flagsOf(d);

  const section = (title: string, code: [string, string] | null, ids: string[], empty: string): Json => ({
    title,
    ...(code ? { code: { coding: [{ system: LOINC, code: code[0], display: code[1] }] } } : {}),
    ...(ids.length
      ? { entry: ids.map((x) => ref(x)) }
      : {
          text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${empty}</div>` },
          emptyReason: text('nil known'),
        }),
  });
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const m = state.mist;
  const mistDiv = `<div xmlns="http://www.w3.org/1999/xhtml"><p>M: ${esc(m.mechanism)}</p><p>I: ${esc(m.injuries)}</p><p>S: ${esc(m.signs)}</p><p>T: ${esc(m.treatment)}</p></div>`;
  const compositionId = id('composition', state.lastEventAt ?? '');
  const composition: Json = {
    id: compositionId,
    resourceType: 'Composition',
    status: closed ? 'final' : 'preliminary',
    type: { coding: [{ system: LOINC, code: '18761-7', display: 'Transfer summary note' }] },
    subject,
    encounter: ref(encounterIds[encounterIds.length - 1]!),
    date: now,
    author: [{ display: 'Golden Hour' }],
    title: `Casualty handover — ${subject['display'] as string}`,
    text: { status: 'generated', div: mistDiv },
    section: [
      { title: 'MIST', text: { status: 'generated', div: mistDiv } },
      section('Care episodes and transport', null, encounterIds, 'none'),
      section('Vital signs', ['8716-3', 'Vital signs'], vitalIds, 'none recorded'),
      section('Injuries', ['11450-4', 'Problem list - Reported'], conditionIds, 'none recorded'),
      section('Procedures', ['47519-4', 'History of Procedures Document'], procedureIds, 'none recorded'),
      section(
        'Medications and fluids administered',
        ['29549-3', 'Medication administered Narrative'],
        medIds,
        'none recorded',
      ),
      section('Alerts', null, flagIds, 'none'),
    ],
  };
  const all = [{ id: compositionId, resource: composition }, ...entries];
  return {
    resourceType: 'Bundle',
    id: nameUuid(`fhir:${state.id}:bundle:${now}`),
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${id('bundle', state.lastEventAt ?? '')}` },
    type: 'document',
    timestamp: now,
    entry: all.map((e) => ({ fullUrl: `urn:uuid:${e.id}`, resource: e.resource })),
  };
}
