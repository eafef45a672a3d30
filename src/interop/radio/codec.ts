// Binary radio codec, version 1. Two forms of one casualty:
//   compact (form 1): 9-line + MIST, at most 48 bytes — fits any mesh packet, even with other traffic.
//   card    (form 2): the whole casualty-card summary, at most 225 bytes — one Meshtastic LoRa frame.
//
// Layout: [header][bit-packed body, zero-padded to a byte][checksum]
//   header  = version (high nibble, 1) | form (low nibble)
//   checksum = CRC-16/CCITT-FALSE big-endian (compact), CRC-32 big-endian (card), over header + body.
// Decoding checks version, form, checksum, every code's range, that the body ends exactly where the bytes do
// and that the padding is zero; anything else is a RadioDecodeError — never a partly decoded casualty.
//
// Body field order (each optional section behind one presence bit; absent = unknown/dropped):
//   id (card: 128-bit UUID) | ref (compact: last 24 bits of it) · nine-line · precedence · triage · stage (card) · identity ·
//   t0 (minutes since 2014-01-01, 24 bits) and time offsets (variable length) · injured-at · mechanisms · injuries ·
//   vitals · tourniquets · treatments · medications.
// See DROP_ORDER for what is left out, in order, when a casualty does not fit.
import { BitReader, BitWriter, RadioDecodeError, crc16, crc32, readText, writeText } from './bits.ts';
import type { RadioCard, RadioNineLine, RadioVitals } from './model.ts';
import { TREATMENT_KINDS, compactProjection } from './model.ts';
import {
  Mechanism,
  BodyRegion,
  InjuryKind,
  Limb,
  TourniquetType,
  Route,
  DoseUnit,
  MedicationClass,
  Precedence,
  Avpu,
  PersonStatus,
  Sex,
  NatoTriage,
  StartTriage,
  SaltTriage,
} from '../../core/index.ts';
import type { Stage, Triage } from '../../core/index.ts';

export const RADIO_VERSION = 1;
/** The medication classes v1 carries in 2 bits; a later class (a sedative) goes as "other" (its name and dose say it). */
const RADIO_MED_CLASSES = MedicationClass.options.slice(0, 4) as ('analgesic' | 'antibiotic' | 'haemostatic' | 'other')[];
export const FORM = { compact: 1, card: 2 } as const;
export type Form = keyof typeof FORM;
export const MAX_BYTES: Record<Form, number> = { compact: 48, card: 225 };
export { RadioDecodeError };
export class RadioEncodeError extends Error {
  override name = 'RadioEncodeError';
}

const EPOCH_MS = Date.parse('2014-01-01T00:00:00Z');
const T0_BITS = 24;
const STAGES: readonly Stage[] = [
  'at-poi',
  'requested',
  'assigned',
  'in-transit',
  'at-facility',
  'in-surgery',
  'closed',
];
const TRIAGE_SYSTEMS = [
  ['NATO', NatoTriage.options],
  ['START', StartTriage.options],
  ['SALT', SaltTriage.options],
] as const;
const PULSE_SITES = ['radial', 'carotid', 'femoral', 'pedal', 'other'] as const;
const TQ_STATES = ['on', 'converted', 'removed'] as const;
const L3 = ['A', 'B', 'C', 'D', 'E'] as const;
const L4 = ['A', 'B', 'C', 'D'] as const;
const L6 = ['N', 'P', 'E', 'X'] as const;
const L7 = ['A', 'B', 'C', 'D', 'E'] as const;
const L9 = ['C', 'B', 'R', 'N'] as const;
const MGRS_BANDS = 'CDEFGHJKLMNPQRSTUVWX';
const MGRS_COLS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const MGRS_ROWS = 'ABCDEFGHJKLMNPQRSTUV';

// ---------- small helpers ----------
function code<T extends string>(w: BitWriter, options: readonly T[], v: T, width: number): void {
  const i = options.indexOf(v);
  if (i < 0) throw new RadioEncodeError(`unknown code ${v}`);
  w.u(i, width);
}
function readCode<T extends string>(r: BitReader, options: readonly T[], width: number, what: string): T {
  const i = r.u(width);
  const v = options[i];
  if (v === undefined) throw new RadioDecodeError(`bad ${what} code ${i}`);
  return v;
}
function opt<T>(w: BitWriter, v: T | undefined, write: (v: T) => void): void {
  w.bool(v !== undefined);
  if (v !== undefined) write(v);
}
function readOpt<T>(r: BitReader, read: () => T): T | undefined {
  return r.bool() ? read() : undefined;
}
function list<T>(w: BitWriter, xs: readonly T[], write: (x: T) => void): void {
  w.uvar(xs.length, 2);
  xs.forEach(write);
}
function readList<T>(r: BitReader, max: number, read: () => T): T[] {
  const n = r.uvar(2);
  if (n > max) throw new RadioDecodeError(`list too long (${n})`);
  return Array.from({ length: n }, read);
}
function readInt(r: BitReader, width: number, min: number, max: number, what: string): number {
  const v = r.u(width);
  if (v < min || v > max) throw new RadioDecodeError(`${what} out of range: ${v}`);
  return v;
}
const minutes = (iso: string): number => Math.floor((Date.parse(iso) - EPOCH_MS) / 60_000);
const fromMinutes = (m: number): string => new Date(EPOCH_MS + m * 60_000).toISOString();

function writeCounts(w: BitWriter, keys: readonly string[], c: Record<string, number>): void {
  for (const k of keys) w.count(c[k] ?? 0);
}
function readCounts<K extends string>(r: BitReader, keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, r.count()])) as Record<K, number>;
}

// ---------- MGRS: zone 6 · band 5 · column 5 · row 5 · easting 17 · northing 17 = 55 bits ----------
const MGRS_RE = /^(\d{1,2})([C-HJ-NP-X])([A-HJ-NP-Z])([A-HJ-NP-V])(\d{5})(\d{5})$/;
function writeMgrs(w: BitWriter, mgrs: string): void {
  const m = MGRS_RE.exec(mgrs);
  if (!m) throw new RadioEncodeError(`not a 10-digit MGRS grid: ${mgrs}`);
  const zone = Number(m[1]);
  if (zone < 1 || zone > 60) throw new RadioEncodeError(`bad MGRS zone ${zone}`);
  w.u(zone, 6).u(MGRS_BANDS.indexOf(m[2]!), 5).u(MGRS_COLS.indexOf(m[3]!), 5).u(MGRS_ROWS.indexOf(m[4]!), 5);
  w.u(Number(m[5]), 17).u(Number(m[6]), 17);
}
function readMgrs(r: BitReader): string {
  const zone = readInt(r, 6, 1, 60, 'MGRS zone');
  const band = MGRS_BANDS[r.u(5)];
  const col = MGRS_COLS[r.u(5)];
  const row = MGRS_ROWS[r.u(5)];
  const e = readInt(r, 17, 0, 99_999, 'easting');
  const n = readInt(r, 17, 0, 99_999, 'northing');
  if (!band || !col || !row) throw new RadioDecodeError('bad MGRS letter');
  return `${zone}${band}${col}${row}${String(e).padStart(5, '0')}${String(n).padStart(5, '0')}`;
}

// ---------- nine-line ----------
function writeNineLine(w: BitWriter, n: RadioNineLine): void {
  writeMgrs(w, n.mgrs);
  writeText(w, n.callSign);
  opt(w, n.suffix, (s) => writeText(w, s));
  opt(w, n.frequency, (s) => writeText(w, s));
  writeCounts(w, L3, n.patientsByPrecedence);
  for (const k of L4) w.bool(n.specialEquipment.includes(k));
  writeCounts(w, ['L', 'A'], n.patientsByType);
  w.u(n.security ? L6.indexOf(n.security) + 1 : 0, 3);
  w.u(n.marking ? L7.indexOf(n.marking) + 1 : 0, 3);
  opt(w, n.markingDetail, (s) => writeText(w, s));
  opt(w, n.nationality, (c) => writeCounts(w, L3, c));
  opt(w, n.cbrn, (c) => L9.forEach((k) => w.bool(c.includes(k))));
  opt(w, n.hazards, (s) => writeText(w, s));
}
function readNineLine(r: BitReader): RadioNineLine {
  const mgrs = readMgrs(r);
  const callSign = readText(r, 32);
  if (callSign.length === 0) throw new RadioDecodeError('empty call sign');
  const suffix = readOpt(r, () => readText(r, 8));
  const frequency = readOpt(r, () => readText(r, 32));
  const patientsByPrecedence = readCounts(r, L3);
  const specialEquipment = L4.filter(() => r.bool());
  const patientsByType = readCounts(r, ['L', 'A'] as const);
  const sec = r.u(3);
  const mark = r.u(3);
  if (sec > L6.length || mark > L7.length) throw new RadioDecodeError('bad line 6/7 code');
  const markingDetail = readOpt(r, () => readText(r, 64));
  const nationality = readOpt(r, () => readCounts(r, L3));
  const cbrn = readOpt(r, () => L9.filter(() => r.bool()));
  const hazards = readOpt(r, () => readText(r, 500));
  if (Object.values(patientsByPrecedence).every((c) => c === 0)) throw new RadioDecodeError('9-line without patients');
  if (specialEquipment.length === 0 || (specialEquipment.includes('A') && specialEquipment.length > 1))
    throw new RadioDecodeError('bad line 4');
  return strip({
    mgrs,
    callSign,
    suffix,
    frequency,
    patientsByPrecedence,
    specialEquipment,
    patientsByType,
    security: sec ? L6[sec - 1] : undefined,
    marking: mark ? L7[mark - 1] : undefined,
    markingDetail,
    nationality,
    cbrn,
    hazards,
  });
}

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

// ---------- triage ----------
function writeTriage(w: BitWriter, t: Triage): void {
  const si = TRIAGE_SYSTEMS.findIndex(([s]) => s === t.system);
  w.u(si, 2);
  code(w, TRIAGE_SYSTEMS[si]![1] as readonly string[], t.category, 3);
}
function readTriage(r: BitReader): Triage {
  const si = r.u(2);
  const sys = TRIAGE_SYSTEMS[si];
  if (!sys) throw new RadioDecodeError('bad triage system');
  const category = readCode(r, sys[1] as readonly string[], 3, 'triage');
  return { system: sys[0], category } as Triage;
}

// ---------- vitals: a presence mask, then each present sign ----------
const SIGNS = ['pulse', 'sbp', 'dbp', 'bpPalpated', 'rr', 'spo2', 'avpu', 'pain', 'gcs', 'tempC', 'pulseSite'] as const;
function writeVitals(w: BitWriter, v: RadioVitals, card: boolean, t: (iso: string) => void): void {
  t(v.at);
  const signs = card ? SIGNS : SIGNS.slice(0, -1);
  for (const k of signs) w.bool(v[k] !== undefined);
  if (v.pulse !== undefined) w.u(v.pulse, 9);
  if (v.sbp !== undefined) w.u(v.sbp, 9);
  if (v.dbp !== undefined) w.u(v.dbp, 8);
  if (v.bpPalpated !== undefined) w.bool(v.bpPalpated);
  if (v.rr !== undefined) w.u(v.rr, 7);
  if (v.spo2 !== undefined) w.u(v.spo2, 7);
  if (v.avpu !== undefined) code(w, Avpu.options, v.avpu, 2);
  if (v.pain !== undefined) w.u(v.pain, 4);
  if (v.gcs !== undefined) w.u(v.gcs, 4);
  if (v.tempC !== undefined) w.u(Math.round((v.tempC - 20) * 10), 8);
  if (card && v.pulseSite !== undefined) code(w, PULSE_SITES, v.pulseSite, 3);
}
function readVitals(r: BitReader, card: boolean, t: () => string): RadioVitals {
  const at = t();
  const signs = card ? SIGNS : SIGNS.slice(0, -1);
  const has = new Set(signs.filter(() => r.bool()));
  const v: RadioVitals = { at };
  if (has.has('pulse')) v.pulse = readInt(r, 9, 0, 300, 'pulse');
  if (has.has('sbp')) v.sbp = readInt(r, 9, 0, 300, 'systolic');
  if (has.has('dbp')) v.dbp = readInt(r, 8, 0, 250, 'diastolic');
  if (has.has('bpPalpated')) v.bpPalpated = r.bool();
  if (has.has('rr')) v.rr = readInt(r, 7, 0, 80, 'respiratory rate');
  if (has.has('spo2')) v.spo2 = readInt(r, 7, 0, 100, 'SpO2');
  if (has.has('avpu')) v.avpu = readCode(r, Avpu.options, 2, 'AVPU');
  if (has.has('pain')) v.pain = readInt(r, 4, 0, 10, 'pain');
  if (has.has('gcs')) v.gcs = readInt(r, 4, 3, 15, 'GCS');
  if (has.has('tempC')) v.tempC = Number((20 + readInt(r, 8, 0, 250, 'temperature') / 10).toFixed(1));
  if (has.has('pulseSite')) v.pulseSite = readCode(r, PULSE_SITES, 3, 'pulse site');
  if (has.size === 0) throw new RadioDecodeError('vital signs without any sign');
  return v;
}

// ---------- doses: decimals (0–3) and an integer mantissa ----------
function writeDose(w: BitWriter, d: number): void {
  for (let dec = 0; dec <= 3; dec++) {
    const m = Math.round(d * 10 ** dec);
    if (Math.abs(m / 10 ** dec - d) < 1e-9 || dec === 3) {
      w.u(dec, 2).uvar(m, 4);
      return;
    }
  }
}
function readDose(r: BitReader): number {
  const dec = r.u(2);
  const m = r.uvar(4);
  const d = Number((m / 10 ** dec).toFixed(dec));
  if (d <= 0 || d > 100_000) throw new RadioDecodeError('dose out of range');
  return d;
}

// ---------- the body ----------
function allTimes(c: RadioCard): string[] {
  return [
    ...(c.injuredAt ? [c.injuredAt] : []),
    ...(c.vitals ?? []).map((v) => v.at),
    ...(c.tourniquets ?? []).map((t) => t.appliedAt),
  ];
}

function writeBody(w: BitWriter, c: RadioCard, form: Form): void {
  const card = form === 'card';
  if (card) {
    opt(w, c.id, (id) => {
      const hex = id.replace(/-/g, '');
      if (!/^[0-9a-f]{32}$/.test(hex)) throw new RadioEncodeError(`bad casualty id ${id}`);
      for (let i = 0; i < 32; i += 8) w.u(parseInt(hex.slice(i, i + 8), 16), 32);
    });
  } else {
    opt(w, c.ref, (ref) => {
      if (!/^[0-9a-f]{6}$/.test(ref)) throw new RadioEncodeError(`bad casualty ref ${ref}`);
      w.u(parseInt(ref, 16), 24);
    });
  }
  if (!card && !c.nineLine) throw new RadioEncodeError('the compact form needs a 9-line');
  if (card) opt(w, c.nineLine, (n) => writeNineLine(w, n));
  else writeNineLine(w, c.nineLine!);
  opt(w, c.precedence, (p) => code(w, Precedence.options, p, 3));
  opt(w, c.triage, (t) => writeTriage(w, t));
  if (card) opt(w, c.stage, (s) => code(w, STAGES, s, 3));
  opt(w, c.identity, (id) => {
    opt(w, id.age, (a) => w.u(a, 7));
    if (card) {
      opt(w, id.battleRoster, (s) => writeText(w, s));
      opt(w, id.name, (s) => writeText(w, s));
      opt(w, id.sex, (s) => code(w, Sex.options, s, 2));
      opt(w, id.status, (s) => code(w, PersonStatus.options, s, 2));
      opt(w, id.allergies, (s) => writeText(w, s));
    }
  });
  // Times: one base (minutes since 2014; the time of injury when known) and signed offsets from it.
  const times = allTimes(c).map(minutes);
  const t0 = c.injuredAt ? minutes(c.injuredAt) : times.length ? Math.min(...times) : 0;
  if (times.length && (t0 < 0 || t0 >= 2 ** T0_BITS)) throw new RadioEncodeError('time outside 2014–2045');
  opt(w, times.length ? t0 : undefined, (x) => {
    w.u(x, T0_BITS);
    w.bool(c.injuredAt !== undefined);
  });
  const t = (iso: string): void => {
    const d = minutes(iso) - t0;
    w.uvar(d >= 0 ? 2 * d : -2 * d - 1, 4);
  };
  opt(w, c.mechanisms, (ms) => list(w, ms, (m) => code(w, Mechanism.options, m, 4)));
  opt(w, c.injuries, (is) => {
    list(w, is, (i) => {
      code(w, BodyRegion.options, i.region, 4);
      w.bool(i.view === 'back');
      code(w, InjuryKind.options, i.kind, 4);
      if (card) opt(w, i.burnPercent, (b) => w.u(b, 7));
    });
    w.bool(c.injuriesMore ?? false);
  });
  opt(w, c.vitals, (vs) => list(w, vs, (v) => writeVitals(w, v, card, t)));
  opt(w, c.tourniquets, (ts) =>
    list(w, ts, (q) => {
      code(w, Limb.options, q.limb, 3);
      code(w, TQ_STATES, q.state, 2);
      t(q.appliedAt);
      if (card) opt(w, q.tqType, (x) => code(w, TourniquetType.options, x, 3));
    }),
  );
  opt(w, c.treatments, (ts) =>
    list(w, ts, (x) => {
      code(w, TREATMENT_KINDS, x.kind, 5);
      if (card) {
        opt(w, x.volumeMl, (v) => w.uvar(v, 4));
        opt(w, x.route, (ro) => code(w, Route.options, ro, 4));
      }
    }),
  );
  opt(w, c.medications, (ms) =>
    list(w, ms, (m) => {
      code(w, RADIO_MED_CLASSES, m.class === 'sedative' ? 'other' : m.class, 2);
      if (card) {
        opt(w, m.name, (s) => writeText(w, s));
        opt(w, m.dose, (d) => writeDose(w, d));
        opt(w, m.unit, (u) => code(w, DoseUnit.options, u, 3));
        opt(w, m.route, (ro) => code(w, Route.options, ro, 4));
      }
    }),
  );
}

function readBody(r: BitReader, form: Form): RadioCard {
  const card = form === 'card';
  const c: RadioCard = {};
  if (card) {
    const id = readOpt(r, () => Array.from({ length: 4 }, () => r.u(32).toString(16).padStart(8, '0')).join(''));
    if (id) c.id = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
  } else {
    const ref = readOpt(r, () => r.u(24).toString(16).padStart(6, '0'));
    if (ref) c.ref = ref;
  }
  const nl = card ? readOpt(r, () => readNineLine(r)) : readNineLine(r);
  if (nl) c.nineLine = nl;
  const p = readOpt(r, () => readCode(r, Precedence.options, 3, 'precedence'));
  if (p) c.precedence = p;
  const tr = readOpt(r, () => readTriage(r));
  if (tr) c.triage = tr;
  if (card) {
    const s = readOpt(r, () => readCode(r, STAGES, 3, 'stage'));
    if (s) c.stage = s;
  }
  const identity = readOpt(r, () =>
    strip({
      age: readOpt(r, () => readInt(r, 7, 0, 120, 'age')),
      ...(card
        ? {
            battleRoster: readOpt(r, () => readText(r, 16)),
            name: readOpt(r, () => readText(r, 120)),
            sex: readOpt(r, () => readCode(r, Sex.options, 2, 'sex')),
            status: readOpt(r, () => readCode(r, PersonStatus.options, 2, 'status')),
            allergies: readOpt(r, () => readText(r, 200)),
          }
        : {}),
    }),
  );
  if (identity) c.identity = identity;
  let injuredIsBase = false;
  const t0 = readOpt(r, () => {
    const x = r.u(T0_BITS);
    injuredIsBase = r.bool();
    return x;
  });
  const t = (): string => {
    if (t0 === undefined) throw new RadioDecodeError('a time without a base time');
    const z = r.uvar(4);
    const off = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    if (Math.abs(off) > 10 * 365 * 1440) throw new RadioDecodeError('time offset out of range');
    return fromMinutes(t0 + off);
  };
  if (injuredIsBase) c.injuredAt = fromMinutes(t0!);
  const mech = readOpt(r, () => readList(r, 15, () => readCode(r, Mechanism.options, 4, 'mechanism')));
  if (mech) c.mechanisms = mech;
  const injuries = readOpt(r, () => {
    const is = readList(r, 64, () =>
      strip({
        region: readCode(r, BodyRegion.options, 4, 'body region'),
        view: r.bool() ? ('back' as const) : ('front' as const),
        kind: readCode(r, InjuryKind.options, 4, 'injury kind'),
        burnPercent: card ? readOpt(r, () => readInt(r, 7, 0, 100, 'burn %')) : undefined,
      }),
    );
    if (r.bool()) c.injuriesMore = true;
    return is;
  });
  if (injuries) c.injuries = injuries;
  const vitals = readOpt(r, () => readList(r, 16, () => readVitals(r, card, t)));
  if (vitals) c.vitals = vitals;
  const tqs = readOpt(r, () =>
    readList(r, 16, () =>
      strip({
        limb: readCode(r, Limb.options, 3, 'limb'),
        state: readCode(r, TQ_STATES, 2, 'tourniquet state'),
        appliedAt: t(),
        tqType: card ? readOpt(r, () => readCode(r, TourniquetType.options, 3, 'tourniquet type')) : undefined,
      }),
    ),
  );
  if (tqs) c.tourniquets = tqs;
  const treatments = readOpt(r, () =>
    readList(r, 64, () =>
      strip({
        kind: readCode(r, TREATMENT_KINDS, 5, 'treatment'),
        volumeMl: card ? readOpt(r, () => r.uvar(4)) : undefined,
        route: card ? readOpt(r, () => readCode(r, Route.options, 4, 'route')) : undefined,
      }),
    ),
  );
  if (treatments) c.treatments = treatments;
  const meds = readOpt(r, () =>
    readList(r, 64, () =>
      strip({
        class: readCode(r, RADIO_MED_CLASSES, 2, 'medication class'),
        name: card ? readOpt(r, () => readText(r, 80)) : undefined,
        dose: card ? readOpt(r, () => readDose(r)) : undefined,
        unit: card ? readOpt(r, () => readCode(r, DoseUnit.options, 3, 'dose unit')) : undefined,
        route: card ? readOpt(r, () => readCode(r, Route.options, 4, 'route')) : undefined,
      }),
    ),
  );
  if (meds) c.medications = meds;
  if (t0 !== undefined && allTimes(c).length === 0) throw new RadioDecodeError('base time without times');
  return c;
}

function frame(c: RadioCard, form: Form): Uint8Array {
  const w = new BitWriter();
  w.u(RADIO_VERSION, 4).u(FORM[form], 4);
  writeBody(w, c, form);
  const body = w.finish();
  const sumLen = form === 'card' ? 4 : 2;
  const out = new Uint8Array(body.length + sumLen);
  out.set(body);
  const sum = form === 'card' ? crc32(body) : crc16(body);
  for (let i = 0; i < sumLen; i++) out[body.length + i] = (sum >>> (8 * (sumLen - 1 - i))) & 0xff;
  return out;
}

// ---------- drop order ----------
type Drop = { name: string; apply: (c: RadioCard) => RadioCard | null };
const without = <K extends keyof RadioCard>(c: RadioCard, k: K): RadioCard | null => {
  if (c[k] === undefined) return null;
  const { [k]: _gone, ...rest } = c;
  return rest;
};
const nlWithout = (c: RadioCard, k: 'hazards' | 'markingDetail' | 'suffix' | 'frequency'): RadioCard | null => {
  if (!c.nineLine || c.nineLine[k] === undefined) return null;
  const { [k]: _gone, ...n } = c.nineLine;
  return { ...c, nineLine: n };
};
const idWithout = (c: RadioCard, k: 'name' | 'allergies' | 'battleRoster'): RadioCard | null => {
  if (!c.identity || c.identity[k] === undefined) return null;
  const { [k]: _gone, ...id } = c.identity;
  return { ...c, identity: id };
};

/**
 * What is left out, in this order, until the message fits (each step only if it applies):
 * 1 name (privacy first) · 2 line-9 hazards text · 3 marking detail text · 4 older vital-sign sets (latest kept) ·
 * 5 medication names/doses (classes kept) · 6 treatment volumes/routes (kinds kept) · 7 call-sign suffix ·
 * 8 injuries beyond the first 3 (flagged "more") · 9 compact casualty reference · 10 minor signs (pain, temperature,
 * GCS, diastolic, pulse site) · 11 medications · 12 treatments · 13 line-2 frequency · 14 mechanisms · 15 injuries ·
 * 16 battle-roster number · 17 stage · 18 allergies · 19 identity · 20 time of injury · 21 vital signs ·
 * 22 tourniquets.
 * Never dropped: the 9-line lines 1–8, precedence, triage. A casualty that still does not fit is an encode error.
 */
export const DROP_ORDER: readonly Drop[] = [
  { name: 'identity.name', apply: (c) => idWithout(c, 'name') },
  { name: 'nineLine.hazards', apply: (c) => nlWithout(c, 'hazards') },
  { name: 'nineLine.markingDetail', apply: (c) => nlWithout(c, 'markingDetail') },
  {
    name: 'vitals.older',
    apply: (c) => (c.vitals && c.vitals.length > 1 ? { ...c, vitals: c.vitals.slice(0, 1) } : null),
  },
  {
    name: 'medications.detail',
    apply: (c) =>
      c.medications?.some((m) => Object.keys(m).length > 1)
        ? { ...c, medications: c.medications.map((m) => ({ class: m.class })) }
        : null,
  },
  {
    name: 'treatments.detail',
    apply: (c) =>
      c.treatments?.some((t) => Object.keys(t).length > 1)
        ? { ...c, treatments: c.treatments.map((t) => ({ kind: t.kind })) }
        : null,
  },
  { name: 'nineLine.suffix', apply: (c) => nlWithout(c, 'suffix') },
  {
    name: 'injuries.beyond3',
    apply: (c) =>
      c.injuries && c.injuries.length > 3 ? { ...c, injuries: c.injuries.slice(0, 3), injuriesMore: true } : null,
  },
  { name: 'ref', apply: (c) => without(c, 'ref') },
  {
    name: 'vitals.minor',
    apply: (c) => {
      if (!c.vitals?.length) return null;
      const minor = ['pain', 'tempC', 'gcs', 'dbp', 'pulseSite'] as const;
      if (!c.vitals.some((v) => minor.some((k) => v[k] !== undefined))) return null;
      const vitals = c.vitals
        .map((v) => {
          const { pain: _p, tempC: _t, gcs: _g, dbp: _d, pulseSite: _s, ...o } = v;
          return o;
        })
        .filter((v) => Object.keys(v).length > 1);
      return { ...c, vitals };
    },
  },
  { name: 'medications', apply: (c) => without(c, 'medications') },
  { name: 'treatments', apply: (c) => without(c, 'treatments') },
  { name: 'nineLine.frequency', apply: (c) => nlWithout(c, 'frequency') },
  { name: 'mechanisms', apply: (c) => without(c, 'mechanisms') },
  {
    name: 'injuries',
    apply: (c) => {
      const r = without(c, 'injuries');
      if (r) delete r.injuriesMore;
      return r;
    },
  },
  { name: 'identity.battleRoster', apply: (c) => idWithout(c, 'battleRoster') },
  { name: 'stage', apply: (c) => without(c, 'stage') },
  { name: 'identity.allergies', apply: (c) => idWithout(c, 'allergies') },
  { name: 'identity', apply: (c) => without(c, 'identity') },
  { name: 'injuredAt', apply: (c) => without(c, 'injuredAt') },
  { name: 'vitals', apply: (c) => without(c, 'vitals') },
  { name: 'tourniquets', apply: (c) => without(c, 'tourniquets') },
];

export interface Encoded {
  bytes: Uint8Array;
  /** Exactly what the bytes carry (decode(bytes) deep-equals it). */
  sent: RadioCard;
  /** Names of DROP_ORDER steps applied to fit. */
  dropped: string[];
}

/** Encode a casualty in one of the two forms, dropping optional fields in DROP_ORDER until it fits. */
export function encodeRadio(card: RadioCard, form: Form = 'compact'): Encoded {
  let c = form === 'compact' ? compactProjection(card) : card;
  if (c.injuries && !c.injuriesMore) delete c.injuriesMore;
  const dropped: string[] = [];
  let bytes = frame(c, form);
  for (const d of DROP_ORDER) {
    if (bytes.length <= MAX_BYTES[form]) break;
    const next = d.apply(c);
    if (!next) continue;
    c = next;
    dropped.push(d.name);
    bytes = frame(c, form);
  }
  if (bytes.length > MAX_BYTES[form]) {
    throw new RadioEncodeError(
      `does not fit in ${MAX_BYTES[form]} bytes even after dropping every optional field (${bytes.length})`,
    );
  }
  return { bytes, sent: c, dropped };
}

export interface Decoded {
  version: number;
  form: Form;
  card: RadioCard;
}

/** Decode a radio message; throws RadioDecodeError on anything that is not exactly a valid message. */
export function decodeRadio(bytes: Uint8Array): Decoded {
  if (bytes.length < 4) throw new RadioDecodeError('too short to be a radio message');
  const version = bytes[0]! >> 4;
  const formCode = bytes[0]! & 0x0f;
  if (version !== RADIO_VERSION)
    throw new RadioDecodeError(`unknown codec version ${version} (this decoder reads ${RADIO_VERSION})`);
  const form = (Object.keys(FORM) as Form[]).find((f) => FORM[f] === formCode);
  if (!form) throw new RadioDecodeError(`unknown message form ${formCode}`);
  if (bytes.length > MAX_BYTES[form]) throw new RadioDecodeError(`longer than ${MAX_BYTES[form]} bytes`);
  const sumLen = form === 'card' ? 4 : 2;
  const body = bytes.subarray(0, bytes.length - sumLen);
  let sum = 0;
  for (let i = 0; i < sumLen; i++) sum = sum * 256 + bytes[body.length + i]!;
  const expect = form === 'card' ? crc32(body) : crc16(body);
  if (sum !== expect) throw new RadioDecodeError('checksum mismatch: the message is corrupted or incomplete');
  const r = new BitReader(body);
  r.u(8);
  const card = readBody(r, form);
  r.end();
  return { version, form, card };
}
