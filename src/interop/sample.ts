// Plausible casualty logs for tests and the interop benchmark: a 9-line and a MIST's worth of card entries.
import type { CasualtyEvent, CasualtyState, Mechanism, Position } from '../core/index.ts';
import { fold, parseEvent } from '../core/index.ts';
import { nameUuid } from './name-uuid.ts';

export interface SampleOptions {
  seed: string;
  position: Position;
  injuredAt: string;
  mechanism?: Mechanism;
  litter?: boolean;
  civilian?: boolean;
  /** 0 = least severe … 3 = most severe; picks precedence, injuries, vitals and treatments. */
  severity?: number;
  callSign?: string;
}

const MECH_FROM_SCENARIO: Record<string, Mechanism> = {
  mine: 'landmine',
  drone: 'fpv-drone',
  artillery: 'artillery',
  gunshot: 'gunshot',
  blast: 'ied',
  burn: 'burn',
};
export const scenarioMechanism = (m: string | undefined): Mechanism => MECH_FROM_SCENARIO[m ?? ''] ?? 'other';

const add = (iso: string, min: number): string => new Date(Date.parse(iso) + min * 60_000).toISOString();

/** The events of one plausible casualty, valid against the core schemas. */
export function sampleEvents(o: SampleOptions): CasualtyEvent[] {
  const sev = Math.max(0, Math.min(3, o.severity ?? 2));
  const cid = nameUuid(`sample:${o.seed}`);
  let n = 0;
  const ev = (type: string, minAfter: number, payload: unknown): CasualtyEvent => {
    const at = add(o.injuredAt, minAfter);
    const r = parseEvent({
      id: nameUuid(`sample:${o.seed}:${n++}`),
      casualtyId: cid,
      at,
      recordedAt: at,
      deviceId: 'medic-tablet-7',
      author: 'medic Kovalenko',
      type,
      payload,
    });
    if (!r.success) throw new Error(`sample ${type}: ${JSON.stringify(r.error.issues)}`);
    return r.data;
  };
  const seedNum = [...o.seed].reduce((a, ch) => (a * 31 + ch.charCodeAt(0)) % 9973, 7);
  const limb = (['left-leg', 'right-leg', 'left-arm', 'right-arm'] as const)[seedNum % 4]!;
  const region = limb;
  const precedence = (['routine', 'priority', 'urgent-surgical', 'urgent'] as const)[sev]!;
  const letter = ({ routine: 'D', priority: 'C', 'urgent-surgical': 'B', urgent: 'A' } as const)[precedence];
  const events: CasualtyEvent[] = [
    ev('registered', 2, {
      battleRoster: `${o.civilian ? 'CV' : 'KO'}${String(1000 + (seedNum % 9000))}`,
      sex: seedNum % 5 === 0 ? 'female' : 'male',
      age: 19 + (seedNum % 40),
      status: o.civilian ? 'civilian' : 'military',
      allergies: seedNum % 3 === 0 ? 'penicillin' : 'NKDA',
      injuredAt: o.injuredAt,
      position: o.position,
    }),
    ev('mechanism', 2, { mechanisms: [o.mechanism ?? 'artillery'] }),
    ev('injury', 3, { region, view: 'front', kind: sev >= 2 ? 'penetrating' : 'laceration' }),
    ev('triage', 4, { triage: { system: 'NATO', category: (['T3', 'T2', 'T1', 'T1'] as const)[sev] } }),
    ev('precedence', 4, { precedence }),
  ];
  if (sev >= 1) events.push(ev('injury', 3, { region: 'chest', view: 'front', kind: 'blast' }));
  if (sev >= 2) events.push(ev('tourniquet.applied', 3, { limb, tqType: seedNum % 2 ? 'SICH' : 'CAT' }));
  if (sev >= 3) {
    events.push(ev('treatment', 6, { group: 'R', kind: 'needle-decompression' }));
    events.push(ev('treatment', 7, { group: 'A', kind: 'npa' }));
  }
  events.push(
    ev('vitals', 8, {
      pulse: 80 + sev * 18,
      sbp: 130 - sev * 16,
      bpPalpated: sev >= 2,
      rr: 16 + sev * 4,
      spo2: 98 - sev * 3,
      avpu: (['A', 'A', 'V', 'P'] as const)[sev],
      pain: 3 + sev * 2,
    }),
  );
  if (sev >= 2)
    events.push(ev('medication', 9, { name: 'Ketamine', dose: 50, unit: 'mg', route: 'IM', class: 'analgesic' }));
  if (sev >= 1)
    events.push(
      ev('medication', 10, { name: 'Moxifloxacin', dose: 400, unit: 'mg', route: 'PO', class: 'antibiotic' }),
    );
  if (sev >= 2) events.push(ev('treatment', 12, { group: 'C', kind: 'whole-blood', volumeMl: 500, route: 'IV' }));
  events.push(
    ev('vitals', 20, {
      pulse: 76 + sev * 16,
      sbp: 128 - sev * 14,
      rr: 16 + sev * 3,
      spo2: 98 - sev * 2,
      avpu: 'A',
      pain: 2 + sev,
    }),
  );
  events.push(
    ev('evac.requested', 10, {
      nineLine: {
        location: o.position,
        callSign: o.callSign ?? `BANDAGE ${10 + (seedNum % 89)}`,
        frequency: '38.90',
        patientsByPrecedence: { [letter]: 1 },
        specialEquipment: sev >= 3 ? ['D'] : ['A'],
        patientsByType: (o.litter ?? sev >= 2) ? { L: 1 } : { A: 1 },
        security: (['N', 'P', 'E', 'X'] as const)[seedNum % 4],
        marking: (['A', 'B', 'C', 'D', 'E'] as const)[seedNum % 5],
        nationality: o.civilian ? { B: 1 } : { A: 1 },
        cbrn: [],
      },
    }),
  );
  return events;
}

export function sampleCasualty(o: SampleOptions, now?: string): { events: CasualtyEvent[]; state: CasualtyState } {
  const events = sampleEvents(o);
  const id = events[0]!.casualtyId;
  return { events, state: fold(id, events, now ?? add(o.injuredAt, 30)) };
}
