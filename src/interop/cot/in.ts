// TAK → Golden Hour. A 9-line sent from ATAK (b-r-f-h-c with `_medevac_`) becomes an evacuation request: every
// line ATAK carries is mapped; what it does not carry (line 9 CBRN) stays unset unless our own remark states it.
// Vehicle position reports (PLI) whose uid is a vehicle's takUid move that vehicle.
import { nameUuid } from '../name-uuid.ts';
import type { CoT } from './node-cot.ts';
import type { CasualtyEvent, CasualtyState, NineLine, Position, Vehicle } from '../../core/index.ts';
import { haversineKm, NineLine as NineLineSchema, parseEvent, Position as PositionSchema, Uuid } from '../../core/index.ts';
import type { IndexBase, MedevacDetail, ZMist } from './medevac.ts';
import { MARKING_ORDER, MedevacDetail as MedevacDetailSchema, SECURITY_ORDER, zMistsOf } from './medevac.ts';
import { CASUALTY_TYPE } from './out.ts';

export { nameUuid };

export interface NineLineFromTak {
  nineLine: NineLine | null;
  zMists: ZMist[];
  /** What could not be mapped or was malformed (the line is left unset, never guessed). */
  issues: string[];
}

const WORD_CBRN = { chemical: 'C', biological: 'B', radiological: 'R', nuclear: 'N' } as const;

function int(v: string | undefined, what: string, issues: string[]): number {
  if (v === undefined || v === '') return 0;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 99) {
    issues.push(`${what}: "${v}" is not a count 0–99; taken as 0`);
    return 0;
  }
  return n;
}

function indexed<T extends string>(
  v: string | undefined,
  order: readonly T[],
  base: IndexBase,
  what: string,
  issues: string[],
): T | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (base === 'meshtastic' && n === 0) return undefined; // Meshtastic: 0 = unspecified
  const value = Number.isInteger(n) ? order[n - (base === 'meshtastic' ? 1 : 0)] : undefined;
  if (value === undefined) issues.push(`${what}: index "${v}" is out of range for ${base} numbering; left unset`);
  return value;
}

/** Line 9 (CBRN) only from an explicit "Line 9 CBRN: …" remark; ATAK itself has no CBRN field. */
export function cbrnFromRemarks(text: string | undefined): NineLine['cbrn'] {
  const m = /^Line 9 CBRN: (.*)$/m.exec(text ?? '');
  if (!m) return undefined;
  const words = m[1]!
    .split(/[,\s]+/)
    .map((w) => w.toLowerCase())
    .filter(Boolean);
  if (words.length === 1 && words[0] === 'none') return [];
  const letters = words.map((w) => WORD_CBRN[w as keyof typeof WORD_CBRN]);
  return letters.every((l) => l !== undefined) ? letters : undefined;
}

function medevacOf(cot: CoT, issues: string[]): MedevacDetail | null {
  const raw = (cot.raw.event.detail as Record<string, unknown> | undefined)?.['_medevac_'];
  if (raw === undefined) return null;
  const r = MedevacDetailSchema.safeParse(raw);
  if (!r.success) {
    // Keep what is well-formed: drop only the malformed attributes.
    const original = (raw as { _attributes?: Record<string, unknown> })._attributes ?? {};
    const bad = new Set<string>();
    for (const issue of r.error.issues) {
      const key = issue.path[1];
      if (issue.path[0] === '_attributes' && typeof key === 'string') {
        issues.push(`_medevac_ ${key}="${String(original[key])}": ${issue.message}; ignored`);
        bad.add(key);
      }
    }
    const attrs = Object.fromEntries(Object.entries(original).filter(([k]) => !bad.has(k)));
    const again = MedevacDetailSchema.safeParse({ ...(raw as object), _attributes: attrs });
    if (!again.success) {
      issues.push(`_medevac_ detail malformed: ${again.error.issues[0]?.message ?? ''}`);
      return null;
    }
    return again.data as MedevacDetail;
  }
  return r.data as MedevacDetail;
}

/** The 9-line a CoT casualty marker carries. `base` says how its sender numbers lines 6 and 7. */
export function nineLineFromCot(cot: CoT, base: IndexBase = 'atak'): NineLineFromTak {
  const issues: string[] = [];
  const d = medevacOf(cot, issues);
  if (!d) return { nineLine: null, zMists: [], issues: issues.length ? issues : ['no _medevac_ detail'] };
  const a = d._attributes;
  const detail = cot.raw.event.detail as
    Record<string, { _attributes?: Record<string, string>; _text?: string }> | undefined;
  const callsign = (detail?.['contact']?._attributes?.['callsign'] ?? a.title ?? '').trim();
  const pt = cot.raw.event.point._attributes;
  const equipment = (
    [
      ['B', a.hoist],
      ['C', a.extraction_equipment],
      ['D', a.ventilator],
    ] as const
  )
    .filter(([, f]) => f === 'true')
    .map(([k]) => k);
  if (a.equipment_other === 'true')
    issues.push(`line 4 "other" equipment (${a.equipment_detail ?? ''}) has no 9-line code; not mapped`);
  if (a.child !== undefined && a.child !== '0')
    issues.push(`line 8: ${a.child} child(ren) — no 9-line code; counted only where ATAK also counted them`);
  const natKeys = ['us_military', 'us_civilian', 'nonus_military', 'nonus_civilian', 'epw'] as const;
  const hasNat = natKeys.some((k) => a[k] !== undefined);
  const terrain = [
    a.terrain_slope === 'true' ? `slope${a.terrain_slope_dir ? ` (${a.terrain_slope_dir})` : ''}` : '',
    a.terrain_rough === 'true' ? 'rough' : '',
    a.terrain_loose === 'true' ? 'loose' : '',
    a.terrain_other === 'true' ? `other${a.terrain_other_detail ? `: ${a.terrain_other_detail}` : ''}` : '',
  ].filter(Boolean);
  const hazards = [a.obstacles, terrain.length ? `Terrain: ${terrain.join(', ')}` : ''].filter(Boolean).join('\n');
  const remarks = [a.medline_remarks, detail?.['remarks']?._text].filter(Boolean).join('\n');
  const candidate = {
    location: { lat: Number(pt.lat), lon: Number(pt.lon) },
    callSign: callsign.slice(0, 32),
    ...(a.freq ? { frequency: a.freq.slice(0, 32) } : {}),
    patientsByPrecedence: {
      A: int(a.urgent, 'urgent', issues),
      B: int(a.urgent_surgical, 'urgent_surgical', issues),
      C: int(a.priority, 'priority', issues),
      D: int(a.routine, 'routine', issues),
      E: int(a.convenience, 'convenience', issues),
    },
    specialEquipment: equipment.length ? equipment : ['A'],
    patientsByType: { L: int(a.litter, 'litter', issues), A: int(a.ambulatory, 'ambulatory', issues) },
    security: indexed(a.security, SECURITY_ORDER, base, 'line 6 security', issues),
    marking: indexed(a.hlz_marking, MARKING_ORDER, base, 'line 7 hlz_marking', issues),
    ...(a.hlz_other ? { markingDetail: a.hlz_other.slice(0, 64) } : {}),
    ...(hasNat
      ? {
          nationality: {
            A: int(a.us_military, 'us_military', issues),
            B: int(a.us_civilian, 'us_civilian', issues),
            C: int(a.nonus_military, 'nonus_military', issues),
            D: int(a.nonus_civilian, 'nonus_civilian', issues),
            E: int(a.epw, 'epw', issues),
          },
        }
      : {}),
    cbrn: cbrnFromRemarks(remarks),
    ...(hazards ? { hazards: hazards.slice(0, 500) } : {}),
  };
  if (!callsign) issues.push('no call sign (contact callsign or title)');
  const parsed = NineLineSchema.safeParse(candidate);
  if (!parsed.success) {
    issues.push(...parsed.error.issues.map((i) => `9-line ${i.path.join('.')}: ${i.message}`));
    return { nineLine: null, zMists: zMistsOf(d), issues };
  }
  const n = parsed.data;
  if (n.security === undefined) delete n.security;
  if (n.marking === undefined) delete n.marking;
  if (n.cbrn === undefined) delete n.cbrn;
  return { nineLine: n, zMists: zMistsOf(d), issues };
}

/** The casualty a TAK marker uid stands for: ours (GH-CAS-<id>) or a stable id derived from the TAK uid. */
export function casualtyIdForTakUid(uid: string): string {
  const m = /^GH-CAS-(.+)$/.exec(uid);
  if (m && Uuid.safeParse(m[1]).success) return m[1]!;
  return nameUuid(`tak:${uid}`);
}

export interface TakImport {
  casualtyId: string;
  takUid: string;
  events: CasualtyEvent[];
  issues: string[];
}

export const mistNoteText = (z: ZMist): string =>
  `TAK MIST ${z.title ?? ''}`.trim() +
  ` — Z: ${z.z ?? ''}; M: ${z.m ?? ''}; I: ${z.i ?? ''}; S: ${z.s ?? ''}; T: ${z.t ?? ''}`;

/**
 * The events a received CoT means for our casualty log: `evac.requested` (first time) or `evac.updated` (the full
 * 9-line: ATAK always sends full state), one note per new zMist, or `evac.cancelled` for a t-x-d-d delete.
 * `existing` is the casualty's current state, when we already know it. Null when the CoT is not a 9-line/delete.
 */
export function importCot(
  cot: CoT,
  opts: { now: string; existing?: CasualtyState | null; base?: IndexBase },
): TakImport | null {
  const e = cot.raw.event._attributes;
  const detail = cot.raw.event.detail as Record<string, { _attributes?: Record<string, string> }> | undefined;
  const author =
    (
      detail?.['link']?._attributes?.['parent_callsign'] ??
      detail?.['contact']?._attributes?.['callsign'] ??
      'TAK'
    ).slice(0, 64) || 'TAK';
  const at = new Date(Date.parse(e.time)).toISOString();
  const envelope = (kind: string, casualtyId: string, takUid: string) => ({
    id: nameUuid(`tak:${takUid}:${e.time}:${kind}`),
    casualtyId,
    at,
    recordedAt: opts.now,
    deviceId: `tak:${takUid}`.slice(0, 64),
    author,
  });
  const valid = (raw: unknown, issues: string[]): CasualtyEvent[] => {
    const r = parseEvent(raw);
    if (r.success) return [r.data];
    issues.push(`event rejected: ${r.error.issues[0]?.message ?? ''}`);
    return [];
  };

  if (e.type === 't-x-d-d') {
    const target = detail?.['link']?._attributes?.['uid'] ?? e.uid;
    const casualtyId = casualtyIdForTakUid(target);
    if (opts.existing === null || (opts.existing && (!opts.existing.evac.nineLine || opts.existing.evac.cancelled))) {
      return {
        casualtyId,
        takUid: target,
        events: [],
        issues: ['delete of a marker with no open request: nothing to do'],
      };
    }
    const issues: string[] = [];
    const events = valid(
      {
        ...envelope('cancel', casualtyId, target),
        type: 'evac.cancelled',
        payload: { reason: 'marker deleted in TAK' },
      },
      issues,
    );
    return { casualtyId, takUid: target, events, issues };
  }
  if (e.type !== CASUALTY_TYPE) return null;

  const takUid = e.uid;
  const casualtyId = casualtyIdForTakUid(takUid);
  const { nineLine, zMists, issues } = nineLineFromCot(cot, opts.base ?? 'atak');
  const events: CasualtyEvent[] = [];
  if (nineLine) {
    const update = opts.existing?.evac.nineLine && !opts.existing.evac.cancelled;
    events.push(
      ...valid(
        update
          ? { ...envelope('update', casualtyId, takUid), type: 'evac.updated', payload: { nineLine } }
          : { ...envelope('request', casualtyId, takUid), type: 'evac.requested', payload: { nineLine } },
        issues,
      ),
    );
  }
  const known = new Set((opts.existing?.notes ?? []).map((n) => n.text));
  zMists.forEach((z, i) => {
    const text = mistNoteText(z).slice(0, 2000);
    if (known.has(text)) return;
    events.push(...valid({ ...envelope(`mist:${i}`, casualtyId, takUid), type: 'note', payload: { text } }, issues));
  });
  return { casualtyId, takUid, events, issues };
}

export interface VehiclePositionUpdate {
  vehicleId: string;
  takUid: string;
  position: Position;
  updatedAt: string;
}

/** A position report further ahead of our clock than this is ignored: applied, it would hide every later real one. */
export const PLI_AHEAD_MS = 10 * 60_000;

/**
 * The fastest each kind of vehicle is believed to go (km/h), well above the planner's average speeds: a report that
 * puts a vehicle further from its last one than this allows in the time between them is not that vehicle's (a TAK
 * network has no per-sender identity: anyone on it may send a PLI under a vehicle's uid). A vehicle's own recorded
 * speed, when higher, is its limit.
 */
export const PLI_MAX_KMH: Readonly<Record<Vehicle['kind'], number>> = { ambulance: 160, armoured: 110, 'civilian-car': 200, ugv: 60, drone: 300, helicopter: 400 };
/** What a GPS fix may be off by, whatever the time between two reports (km). */
export const PLI_SLACK_KM = 0.5;

/** Where a vehicle last was by TAK: its last applied report (the bridge's), else its stored position and time. */
export interface PliBaseline {
  position: Position;
  atMs: number;
}

/** A report that would move a vehicle faster than its kind can go since its last position: ignored, and counted. */
export interface ImplausiblePli {
  vehicleId: string;
  takUid: string;
  implausible: { km: number; seconds: number; maxKmh: number };
}

/**
 * A position report (PLI) of a vehicle we know by its takUid → its new position; null for anything else (with `now`:
 * also for a report stamped more than PLI_AHEAD_MS ahead of it), or why it is not that vehicle's (too fast since
 * `last`, else since the stored position).
 */
export function vehicleUpdateFromPli(cot: CoT, vehicles: readonly Vehicle[], now?: string, last?: PliBaseline): VehiclePositionUpdate | ImplausiblePli | null {
  const e = cot.raw.event._attributes;
  if (!e.type.startsWith('a-')) return null;
  const v = vehicles.find((x) => x.takUid !== undefined && x.takUid === e.uid);
  if (!v) return null;
  const pt = cot.raw.event.point._attributes;
  const pos = PositionSchema.safeParse({ lat: Number(pt.lat), lon: Number(pt.lon) });
  if (!pos.success || (pos.data.lat === 0 && pos.data.lon === 0)) return null;
  const atMs = Date.parse(e.time);
  if (!Number.isFinite(atMs)) return null; // an unreadable time: no instant to judge its speed by, nor to store
  const updatedAt = new Date(atMs).toISOString();
  const ahead = (t: string): boolean => now !== undefined && Date.parse(t) > Date.parse(now) + PLI_AHEAD_MS;
  if (ahead(updatedAt)) return null; // a forged or broken clock
  // An older report, unless the stored one is itself from the future (stored before that was refused).
  const storedOk = v.updatedAt !== undefined && !ahead(v.updatedAt);
  if (storedOk && Date.parse(v.updatedAt!) >= atMs) return null;
  const from = last && last.atMs < atMs ? last : storedOk && v.position ? { position: v.position, atMs: Date.parse(v.updatedAt!) } : null;
  if (from) {
    const km = haversineKm(from.position, pos.data);
    const seconds = (atMs - from.atMs) / 1000;
    const maxKmh = Math.max(PLI_MAX_KMH[v.kind], v.speedKmh ?? 0);
    if (km > PLI_SLACK_KM + (maxKmh * seconds) / 3600) return { vehicleId: v.id, takUid: e.uid, implausible: { km, seconds, maxKmh } };
  }
  return { vehicleId: v.id, takUid: e.uid, position: pos.data, updatedAt };
}
