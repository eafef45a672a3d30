// Positions are WGS84 inside the system; MGRS (10-digit, 1 m) at the user interface and in the 9-line.
import { z } from 'zod';
import * as mgrsModule from 'mgrs';
import { haversineKm as haversineKmOf } from './geo-math.ts';

// The package ships UMD (Node resolves it as CommonJS: a default export) and ESM (named exports, used by bundlers).
type MgrsApi = { forward(ll: [number, number], accuracy?: number): string; toPoint(mgrs: string): [number, number] };
const mgrs: MgrsApi = ((mgrsModule as unknown as { default?: MgrsApi }).default ?? mgrsModule) as MgrsApi;

export const Position = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});
export type Position = z.infer<typeof Position>;

const MGRS_RE = /^(\d{1,2})([C-HJ-NP-X])([A-HJ-NP-Z]{2})(\d{0,10})$/;

/** Normalise user-typed MGRS: upper case, no spaces. Returns null when it is not MGRS. */
export function normaliseMgrs(text: string): string | null {
  const s = text.toUpperCase().replace(/\s+/g, '');
  const m = MGRS_RE.exec(s);
  if (!m || m[4]!.length % 2 !== 0) return null;
  return s;
}

/** Where the MGRS grid is defined (UTM's latitude bands): 80°S to 84°N. Nearer the poles it is UPS, which mgrs lacks. */
export const MGRS_LAT_MIN = -80;
export const MGRS_LAT_MAX = 84;

/**
 * MGRS with grid-zone designator, 10 digits (1 m), grouped for reading aloud: "37U DQ 12345 67890"; null where the
 * grid is not defined (beyond 80°S–84°N, or not a position): the caller shows the coordinates (`positionText`).
 * A valid `Position` reaches the poles (stored events stay valid), so nothing may call `mgrs.forward` unguarded: one
 * registration at 89.5°N made both admin exports answer 500.
 */
export function toMgrs(p: Position, digits = 5): string | null {
  if (!(p.lat >= MGRS_LAT_MIN && p.lat <= MGRS_LAT_MAX && p.lon >= -180 && p.lon <= 180)) return null;
  let raw: string;
  try {
    raw = mgrs.forward([p.lon, p.lat], digits);
  } catch {
    return null;
  }
  const m = MGRS_RE.exec(raw);
  if (!m) return null;
  const n = m[4]!.length / 2;
  return `${m[1]}${m[2]} ${m[3]} ${m[4]!.slice(0, n)} ${m[4]!.slice(n)}`.trim();
}

/**
 * A place known to within an MGRS square: a medic types "37U DP 12 34", a 1 km square, and every reader must see that
 * square, never a 1 m grid made up from its centre. `grid` keeps the reference as typed (normalised); lat/lon are its
 * square's centre (a square cut by a zone's edge has its centre outside it, so the grid cannot be made again from
 * the centre). Without `grid` the place came otherwise (a GPS fix, a tap on the map) and is shown from its coordinates.
 */
export const GridPosition = Position.extend({ grid: z.string().max(20).optional() }).superRefine((p, ctx) => {
  if (p.grid === undefined) return;
  const n = normaliseMgrs(p.grid);
  // The grid and the coordinates say one place: the centre of its square (within a metre or so of rounding). A grid
  // of a zone that does not exist (61–99) passes the pattern and throws in the library: refused, never a 500.
  let centre: Position | null = null;
  try {
    centre = n ? fromMgrs(n) : null;
  } catch {
    centre = null;
  }
  if (!n || n !== p.grid || !centre || haversineKmOf(centre, p) > 0.01) ctx.addIssue({ code: 'custom', path: ['grid'], message: 'must be the normalised MGRS reference whose square centre lat/lon are' });
});
export type GridPosition = z.infer<typeof GridPosition>;

/** The sides of MGRS squares, in metres, by digits per axis: 0 → 100 km … 5 → 1 m. */
const SQUARE_M = [100_000, 10_000, 1_000, 100, 10, 1] as const;
/** The side of the square a typed MGRS reference names (1 m for 10 digits), or null when it is not MGRS. */
export function mgrsSquareM(text: string): number | null {
  const s = normaliseMgrs(text);
  const m = s ? MGRS_RE.exec(s) : null;
  return m ? SQUARE_M[m[4]!.length / 2]! : null;
}
/** A typed reference as a place, the reference kept as typed (`GridPosition`): at a zone's edge even a 1 m grid read
 *  back from its coordinates may name the neighbouring zone. */
export function placeOfMgrs(text: string): GridPosition {
  const n = normaliseMgrs(text);
  if (!n) throw new Error(`not an MGRS reference: ${text}`);
  const c = fromMgrs(n);
  // A square across the antimeridian has its centre past ±180°: the same meridian, said within the range.
  const at = { lat: c.lat, lon: c.lon < -180 ? c.lon + 360 : c.lon > 180 ? c.lon - 360 : c.lon };
  return { ...at, grid: n };
}
/** "37UDP1234" → "37U DP 12 34". */
const spaced = (n: string): string => {
  const m = MGRS_RE.exec(n)!;
  const k = m[4]!.length / 2;
  return `${m[1]}${m[2]} ${m[3]} ${m[4]!.slice(0, k)} ${m[4]!.slice(k)}`.trim();
};

/** A position's MGRS: its grid as typed (its square's digits), else the 1 m grid where the grid is defined, else null. */
export const gridText = (p: Position & { grid?: string | undefined }): string | null =>
  (p.grid && MGRS_RE.test(p.grid) ? spaced(p.grid) : null) ?? toMgrs(p);
/** A position as people read it: `gridText`, else "lat, lon" beyond the grid (5 decimals, ~1 m). */
export const positionText = (p: Position & { grid?: string | undefined }): string => gridText(p) ?? `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}`;

/** "lat, lon" in decimal degrees (as `positionText` writes beyond the grid) to a position, or null. */
export function parseLatLon(text: string): Position | null {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*[,;\s]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m) return null;
  const r = Position.safeParse({ lat: Number(m[1]), lon: Number(m[2]) });
  return r.success ? r.data : null;
}

/** The centre of the square an MGRS reference names; throws on text that is not MGRS. */
export function fromMgrs(text: string): Position {
  const s = normaliseMgrs(text);
  if (!s) throw new Error(`not an MGRS reference: ${text}`);
  const [lon, lat] = mgrs.toPoint(s);
  return { lat, lon };
}

export const Mgrs = z
  .string()
  .transform((s, ctx) => {
    const n = normaliseMgrs(s);
    if (!n) {
      ctx.addIssue({ code: 'custom', message: 'must be an MGRS reference with grid-zone designator, e.g. 37U DQ 12345 67890' });
      return z.NEVER;
    }
    return n;
  });

export { KM_PER_DEGREE_LAT, haversineKm, cosLat, haversineKmCos } from './geo-math.ts';
