// Golden Hour → TAK. Open evacuation requests become ATAK casualty markers (b-r-f-h-c) carrying a complete
// `_medevac_` detail, re-sent in full on every change; closed ones are deleted with t-x-d-d. Facilities and
// vehicles become markers too. CoT XML and protobuf are written by node-cot.
import { CoT, ForceDelete } from './node-cot.ts';
import type { CasualtyState, Facility, Vehicle, NineLine } from '../../core/index.ts';
import { mgrsSquareM } from '../../core/index.ts';
import type { IndexBase, MedevacAttributes, ZMist } from './medevac.ts';
import { MARKING_ORDER, SECURITY_ORDER } from './medevac.ts';

export const CASUALTY_TYPE = 'b-r-f-h-c';
export const HOW_HUMAN = 'h-g-i-g-o';
/**
 * Markers go stale after minutes: a marker of a request closed while the link was down, or of a link that stopped,
 * leaves TAK screens by itself. The TAK link re-sends every marker well before (src/interop/tak/service.ts).
 */
export const STALE_MS = 10 * 60_000;
const UNKNOWN_ERR = '9999999.0';

export interface Creator {
  uid: string;
  callsign: string;
}
export const DEFAULT_CREATOR: Creator = { uid: 'GOLDENHOUR-SERVER', callsign: 'GOLDENHOUR' };

export interface MarkerOptions {
  now: string;
  /** The marker's uid: keep the TAK uid of a request that came from TAK; default `GH-CAS-<casualty id>`. */
  uid?: string;
  creator?: Creator;
  /** 'meshtastic' writes security / HLZ marking 1-based for a Meshtastic gateway; ATAK's own numbering is 0-based. */
  indexBase?: IndexBase;
}

export const casualtyUid = (casualtyId: string): string => `GH-CAS-${casualtyId}`;

const CBRN_WORDS = { C: 'chemical', B: 'biological', R: 'radiological', N: 'nuclear' } as const;

/** Our CBRN line as written into remarks (ATAK's line 9 is terrain; it has no CBRN attribute). */
export function cbrnRemark(n: NineLine): string | null {
  if (!n.cbrn) return null;
  return `Line 9 CBRN: ${n.cbrn.length ? n.cbrn.map((c) => CBRN_WORDS[c]).join(', ') : 'none'}`;
}

/** The `_medevac_` attributes of a 9-line, exactly as ATAK names and numbers them. */
export function medevacAttributes(
  n: NineLine,
  title: string,
  remarks: string,
  base: IndexBase = 'atak',
): MedevacAttributes {
  const off = base === 'meshtastic' ? 1 : 0;
  const p = n.patientsByPrecedence;
  const eq = new Set(n.specialEquipment);
  const a: MedevacAttributes = {
    title,
    casevac: 'false',
    medline_remarks: remarks,
    ...(n.frequency !== undefined ? { freq: n.frequency } : {}),
    urgent: String(p.A),
    urgent_surgical: String(p.B),
    priority: String(p.C),
    routine: String(p.D),
    convenience: String(p.E),
    equipment_none: String(eq.has('A')) as 'true' | 'false',
    hoist: String(eq.has('B')) as 'true' | 'false',
    extraction_equipment: String(eq.has('C')) as 'true' | 'false',
    ventilator: String(eq.has('D')) as 'true' | 'false',
    equipment_other: 'false',
    litter: String(n.patientsByType.L),
    ambulatory: String(n.patientsByType.A),
    ...(n.security ? { security: String(SECURITY_ORDER.indexOf(n.security) + off) } : {}),
    ...(n.marking ? { hlz_marking: String(MARKING_ORDER.indexOf(n.marking) + off) } : {}),
    ...(n.markingDetail !== undefined ? { hlz_other: n.markingDetail } : {}),
    ...(n.nationality
      ? {
          us_military: String(n.nationality.A),
          us_civilian: String(n.nationality.B),
          nonus_military: String(n.nationality.C),
          nonus_civilian: String(n.nationality.D),
          epw: String(n.nationality.E),
        }
      : {}),
    ...(n.hazards !== undefined ? { obstacles: n.hazards } : {}),
  };
  return a;
}

/** One zMist per patient, from the casualty's MIST summary. */
export function zMistOf(s: CasualtyState, i: number): ZMist {
  const who = s.identity.battleRoster ?? s.id.slice(-8);
  const age = s.identity.age !== undefined ? `, age ${s.identity.age}` : '';
  const toi = s.injuredAt ? `, injured ${s.injuredAt.slice(11, 16)}Z` : '';
  return {
    title: `ZMIST${i + 1}`,
    z: `${who}${age}${toi}`,
    m: s.mist.mechanism,
    i: s.mist.injuries,
    s: s.mist.signs,
    t: s.mist.treatment,
  };
}

/** CoT's circular error (m) of a place known to an MGRS square of side `squareM`: the circle round the square. */
const squareCe = (squareM: number | undefined): string => (squareM && squareM > 1 ? (squareM / Math.SQRT2).toFixed(1) : UNKNOWN_ERR);

function baseEvent(uid: string, type: string, now: string, lat: number, lon: number, staleMs = STALE_MS, ce = UNKNOWN_ERR) {
  return {
    _attributes: {
      version: '2.0',
      uid,
      type,
      how: HOW_HUMAN,
      time: now,
      start: now,
      stale: new Date(Date.parse(now) + staleMs).toISOString(),
    },
    point: { _attributes: { lat, lon, hae: UNKNOWN_ERR, ce, le: UNKNOWN_ERR } },
  };
}

/** xml-js (inside node-cot) escapes only quotes in attribute values: escape the rest before it writes them. */
export const escapeAttr = (v: string): string =>
  v
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');

function escapeTree(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(escapeTree);
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === '_attributes' && v && typeof v === 'object') {
      const attrs = v as Record<string, unknown>;
      for (const [ak, av] of Object.entries(attrs)) if (typeof av === 'string') attrs[ak] = escapeAttr(av);
    } else escapeTree(v);
  }
}

function finish(cot: CoT): CoT {
  // node-cot stamps its own flow tag on every message; it is not ours to send.
  delete cot.raw.event.detail?.['_flow-tags_'];
  escapeTree(cot.raw.event.detail);
  return cot;
}

/**
 * The casualty marker of an open evacuation request, or null when there is none to show (no 9-line, cancelled,
 * closed). `patients` are the casualties the request is for (one zMist each; the first is usually `state`).
 */
export function casualtyMarker(
  state: CasualtyState,
  opts: MarkerOptions,
  patients: CasualtyState[] = [state],
): CoT | null {
  const n = state.evac.nineLine;
  if (!n || state.evac.cancelled || state.stage === 'closed') return null;
  const creator = opts.creator ?? DEFAULT_CREATOR;
  const title = n.suffix ? `${n.callSign} ${n.suffix}` : n.callSign;
  const remarkLines = [cbrnRemark(n), `Golden Hour casualty ${state.id}`].filter((x): x is string => x !== null);
  const remarks = remarkLines.join('\n');
  const zMists = patients.map((p, i) => ({ _attributes: zMistOf(p, i) }));
  const uid = opts.uid ?? casualtyUid(state.id);
  return finish(
    new CoT({
      event: {
        ...baseEvent(uid, CASUALTY_TYPE, opts.now, n.location.lat, n.location.lon, STALE_MS, squareCe(n.location.grid ? mgrsSquareM(n.location.grid) ?? undefined : undefined)),
        detail: {
          contact: { _attributes: { callsign: title } },
          link: {
            _attributes: {
              uid: creator.uid,
              type: 'a-f-G-U-C',
              parent_callsign: creator.callsign,
              relation: 'p-p',
              production_time: state.evac.requestedAt ?? opts.now,
            },
          },
          archive: { _attributes: {} },
          remarks: { _text: remarks },
          _medevac_: {
            _attributes: medevacAttributes(n, title, remarks, opts.indexBase),
            zMistsMap: { zMist: zMists.length === 1 ? zMists[0] : zMists },
          },
        },
      },
    }),
  );
}

/** Delete a marker (closed or cancelled request, removed facility). */
export function deleteMarker(uid: string, now: string): CoT {
  const cot = new ForceDelete(uid);
  const a = cot.raw.event._attributes;
  a.time = now;
  a.start = now;
  a.stale = new Date(Date.parse(now) + 60_000).toISOString();
  return finish(cot);
}

/** The message TAK should get for a casualty now: its full marker, or a delete once the request is over. */
export function casualtyMessage(state: CasualtyState, opts: MarkerOptions): CoT | null {
  const marker = casualtyMarker(state, opts);
  if (marker) return marker;
  if (state.evac.nineLine) return deleteMarker(opts.uid ?? casualtyUid(state.id), opts.now);
  return null;
}

const FACILITY_TYPE = {
  CCP: 'a-f-G-I-X',
  R1: 'a-f-G-I-X',
  R2: 'a-f-G-I-X-H',
  R3: 'a-f-G-I-X-H',
  R4: 'a-f-G-I-X-H',
} as const;
export const facilityUid = (id: string): string => `GH-FAC-${id}`;

export function facilityMarker(f: Facility, now: string): CoT {
  const beds = f.bedsAvailable !== undefined ? `${f.bedsAvailable}/${f.beds}` : `${f.beds}`;
  const tables = f.tablesAvailable !== undefined ? `${f.tablesAvailable}/${f.surgicalTables}` : `${f.surgicalTables}`;
  const remarks = [
    `${f.role} ${f.name}`,
    `status ${f.status}, intake ${f.intake}`,
    `beds ${beds}, surgical tables ${tables}`,
    f.capabilities.length ? `capabilities: ${f.capabilities.join(', ')}` : '',
    f.updatedAt ? `updated ${f.updatedAt}` : '',
  ].filter(Boolean);
  return finish(
    new CoT({
      event: {
        ...baseEvent(facilityUid(f.id), FACILITY_TYPE[f.role], now, f.position.lat, f.position.lon),
        detail: {
          contact: { _attributes: { callsign: `${f.role} ${f.name}` } },
          archive: { _attributes: {} },
          remarks: { _text: remarks.join('\n') },
        },
      },
    }),
  );
}

const VEHICLE_TYPE = {
  ambulance: 'a-f-G-E-V-m',
  armoured: 'a-f-G-E-V-A',
  'civilian-car': 'a-f-G-E-V',
  ugv: 'a-f-G-E-V',
  drone: 'a-f-A-M-F-Q',
  helicopter: 'a-f-A-M-H-O',
} as const;
export const vehicleUid = (id: string): string => `GH-VEH-${id}`;

/**
 * A vehicle marker, or null when the vehicle has no known position or reports its own position to TAK
 * (it has a takUid: TAK already shows it, a second marker would be a duplicate).
 */
export function vehicleMarker(v: Vehicle, now: string): CoT | null {
  if (!v.position || v.takUid) return null;
  return finish(
    new CoT({
      event: {
        ...baseEvent(vehicleUid(v.id), VEHICLE_TYPE[v.kind], now, v.position.lat, v.position.lon),
        detail: {
          contact: { _attributes: { callsign: v.name ?? v.id } },
          remarks: {
            _text: `${v.kind}, ${v.status}, litter ${v.litter}, seated ${v.seated}${v.medic ? ', medic' : ''}`,
          },
        },
      },
    }),
  );
}
