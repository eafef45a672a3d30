// The radio codec's data model: what a radio message can carry about one casualty, at radio precision
// (times to the minute, SpO2 to 1 %, temperature to 0.1 °C, position as a 10-digit MGRS grid = 1 m).
// A section that is absent is unknown (never sent, or dropped to fit); a present empty list means "none recorded".
import type {
  CasualtyState,
  NineLine,
  Precedence,
  Triage,
  Stage,
  Mechanism,
  BodyRegion,
  Limb,
  InjuryKind,
  TourniquetType,
  Route,
  DoseUnit,
  MedicationClass,
  PersonStatus,
  Sex,
  Avpu,
} from '../../core/index.ts';
import { toMgrs, fromMgrs, normaliseMgrs, MARCH, TreatmentKind } from '../../core/index.ts';
import type { z } from 'zod';

type Counts<K extends string> = Record<K, number>;

export interface RadioNineLine {
  /** 10-digit MGRS without spaces, e.g. 37UDQ1234567890. */
  mgrs: string;
  callSign: string;
  suffix?: string;
  frequency?: string;
  patientsByPrecedence: Counts<'A' | 'B' | 'C' | 'D' | 'E'>;
  specialEquipment: ('A' | 'B' | 'C' | 'D')[];
  patientsByType: Counts<'L' | 'A'>;
  security?: 'N' | 'P' | 'E' | 'X';
  marking?: 'A' | 'B' | 'C' | 'D' | 'E';
  markingDetail?: string;
  nationality?: Counts<'A' | 'B' | 'C' | 'D' | 'E'>;
  cbrn?: ('C' | 'B' | 'R' | 'N')[];
  hazards?: string;
}

export interface RadioVitals {
  at: string;
  pulse?: number;
  pulseSite?: 'radial' | 'carotid' | 'femoral' | 'pedal' | 'other';
  sbp?: number;
  dbp?: number;
  bpPalpated?: boolean;
  rr?: number;
  spo2?: number;
  avpu?: z.infer<typeof Avpu>;
  pain?: number;
  gcs?: number;
  tempC?: number;
}

export interface RadioCard {
  /** Full casualty id (card form). */
  id?: string;
  /** Last 6 hex digits of the casualty id (compact form). */
  ref?: string;
  nineLine?: RadioNineLine;
  precedence?: Precedence;
  triage?: Triage;
  stage?: Stage;
  identity?: {
    battleRoster?: string;
    name?: string;
    sex?: z.infer<typeof Sex>;
    status?: z.infer<typeof PersonStatus>;
    age?: number;
    allergies?: string;
  };
  injuredAt?: string;
  mechanisms?: Mechanism[];
  injuries?: { region: BodyRegion; view: 'front' | 'back'; kind: z.infer<typeof InjuryKind>; burnPercent?: number }[];
  injuriesMore?: boolean;
  /** Latest first. */
  vitals?: RadioVitals[];
  tourniquets?: {
    limb: Limb;
    appliedAt: string;
    state: 'on' | 'converted' | 'removed';
    tqType?: z.infer<typeof TourniquetType>;
  }[];
  treatments?: { kind: string; volumeMl?: number; route?: z.infer<typeof Route> }[];
  medications?: {
    class: z.infer<typeof MedicationClass>;
    name?: string;
    dose?: number;
    unit?: z.infer<typeof DoseUnit>;
    route?: z.infer<typeof Route>;
  }[];
}

export const TREATMENT_KINDS = TreatmentKind.options as readonly string[];

/** An instant truncated to the minute, ISO form. */
export const toMinute = (iso: string): string => new Date(Math.floor(Date.parse(iso) / 60_000) * 60_000).toISOString();
const round = (x: number, step: number): number => Math.round(x / step) * step;
const roundDose = (d: number): number => Math.max(0.001, Math.round(d * 1000) / 1000);
const def = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** The 9-line at radio precision, or undefined beyond the MGRS grid (80°S–84°N: line 1 cannot be said as a grid). */
export function nineLineToRadio(n: NineLine): RadioNineLine | undefined {
  const grid = toMgrs(n.location);
  if (grid === null) return undefined;
  return def({
    mgrs: grid.replace(/\s+/g, ''),
    callSign: n.callSign,
    suffix: n.suffix,
    frequency: n.frequency,
    patientsByPrecedence: { ...n.patientsByPrecedence },
    specialEquipment: [...new Set(n.specialEquipment)].sort(),
    patientsByType: { ...n.patientsByType },
    security: n.security,
    marking: n.marking,
    markingDetail: n.markingDetail,
    nationality: n.nationality ? { ...n.nationality } : undefined,
    cbrn: n.cbrn ? [...new Set(n.cbrn)].sort((a, b) => 'CBRN'.indexOf(a) - 'CBRN'.indexOf(b)) : undefined,
    hazards: n.hazards,
  });
}

export function radioToNineLine(r: RadioNineLine): NineLine {
  const mgrs = normaliseMgrs(r.mgrs);
  if (!mgrs) throw new Error(`not an MGRS grid: ${r.mgrs}`);
  return def({
    location: fromMgrs(mgrs),
    callSign: r.callSign,
    suffix: r.suffix,
    frequency: r.frequency,
    patientsByPrecedence: { ...r.patientsByPrecedence },
    specialEquipment: [...r.specialEquipment],
    patientsByType: { ...r.patientsByType },
    security: r.security,
    marking: r.marking,
    markingDetail: r.markingDetail,
    nationality: r.nationality ? { ...r.nationality } : undefined,
    cbrn: r.cbrn ? [...r.cbrn] : undefined,
    hazards: r.hazards,
  }) as NineLine;
}

/** Everything the card summary can carry, from a folded casualty (`maxVitals` most recent sets). */
export function cardFromState(s: CasualtyState, maxVitals = 3): RadioCard {
  const vitals = [...s.vitals]
    .reverse()
    .slice(0, maxVitals)
    .map((v) =>
      def({
        at: toMinute(v.at),
        pulse: v.pulse,
        pulseSite: v.pulseSite,
        sbp: v.sbp,
        dbp: v.dbp,
        bpPalpated: v.bpPalpated,
        rr: v.rr,
        spo2: v.spo2 === undefined ? undefined : Math.round(v.spo2),
        avpu: v.avpu,
        pain: v.pain,
        gcs: v.gcs,
        tempC: v.tempC === undefined ? undefined : Math.min(45, Math.max(20, Number(round(v.tempC, 0.1).toFixed(1)))),
      }),
    );
  const id = s.identity;
  return def({
    id: s.id,
    nineLine: s.evac.nineLine && !s.evac.cancelled ? nineLineToRadio(s.evac.nineLine) : undefined, // none beyond the grid
    precedence: s.precedence.value ?? undefined,
    triage: s.triage.value ?? undefined,
    stage: s.stage,
    identity: def({
      battleRoster: id.battleRoster,
      name: id.name,
      sex: id.sex,
      status: id.status,
      age: id.age,
      allergies: id.allergies,
    }),
    injuredAt: s.injuredAt ? toMinute(s.injuredAt) : undefined,
    mechanisms: [...s.mechanisms] as Mechanism[],
    injuries: s.injuries.map((i) =>
      def({
        region: i.region,
        view: i.view,
        kind: i.kind,
        burnPercent: i.burnPercent === undefined ? undefined : Math.round(i.burnPercent),
      }),
    ),
    vitals,
    tourniquets: s.tourniquets.map((t) => ({
      limb: t.limb,
      appliedAt: toMinute(t.appliedAt),
      state: t.running || t.onAtOutcome ? ('on' as const) : t.convertedAt ? ('converted' as const) : ('removed' as const),
      tqType: t.tqType as z.infer<typeof TourniquetType>,
    })),
    treatments: s.treatments.map((t) =>
      def({ kind: t.kind, volumeMl: t.volumeMl === undefined ? undefined : Math.round(t.volumeMl), route: t.route }),
    ),
    medications: s.medications.map((m) => ({
      class: m.class,
      name: m.name,
      dose: roundDose(m.dose),
      unit: m.unit,
      route: m.route,
    })),
  });
}

/** What the compact form (9-line + MIST, ≤ 48 bytes) carries of a card: fewer details, same meaning. */
export function compactProjection(c: RadioCard): RadioCard {
  const out: RadioCard = def({
    ref: c.ref ?? (c.id ? c.id.replace(/-/g, '').slice(-6) : undefined),
    nineLine: c.nineLine,
    precedence: c.precedence,
    triage: c.triage,
    identity: c.identity?.age !== undefined ? { age: c.identity.age } : undefined,
    injuredAt: c.injuredAt,
    mechanisms: c.mechanisms,
    injuries: c.injuries?.map(({ region, view, kind }) => ({ region, view, kind })),
    injuriesMore: c.injuriesMore,
    vitals: c.vitals
      ?.map(({ pulseSite: _ps, ...v }) => v)
      .filter((v) => Object.keys(v).length > 1)
      .slice(0, 1),
    tourniquets: c.tourniquets?.map(({ limb, appliedAt, state }) => ({ limb, appliedAt, state })),
    treatments: c.treatments ? [...new Set(c.treatments.map((t) => t.kind))].map((kind) => ({ kind })) : undefined,
    medications: c.medications
      ? [...new Set(c.medications.map((m) => m.class))].map((cl) => ({ class: cl }))
      : undefined,
  });
  return out;
}

export const MARCH_KINDS = MARCH;
