// Positions are WGS84 inside the system; MGRS (10-digit, 1 m) at the user interface and in the 9-line.
import { z } from 'zod';
import * as mgrsModule from 'mgrs';

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

/** MGRS with grid-zone designator, 10 digits (1 m), grouped for reading aloud: "37U DQ 12345 67890". */
export function toMgrs(p: Position, digits = 5): string {
  const raw = mgrs.forward([p.lon, p.lat], digits);
  const m = MGRS_RE.exec(raw)!;
  const n = m[4]!.length / 2;
  return `${m[1]}${m[2]} ${m[3]} ${m[4]!.slice(0, n)} ${m[4]!.slice(n)}`.trim();
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

const EARTH_RADIUS_KM = 6371.0088;
const rad = (d: number): number => (d * Math.PI) / 180;

/**
 * km per degree of latitude on the same sphere: |Δlat| × this is a lower bound of `haversineKm` (the arc along a
 * meridian is the shortest way to change latitude), which lets a nearest-neighbour search skip the trigonometry.
 */
export const KM_PER_DEGREE_LAT = rad(EARTH_RADIUS_KM);

/** Great-circle distance in km (haversine). */
export function haversineKm(a: Position, b: Position): number {
  return haversineKmCos(a.lat, a.lon, cosLat(a.lat), b.lat, b.lon, cosLat(b.lat));
}

/** The cosine of a latitude in degrees, as `haversineKm` takes it: one made per point serves all its distances. */
export const cosLat = (lat: number): number => Math.cos(rad(lat));

/** `haversineKm` with each point's `cosLat` made beforehand: the same arithmetic, so the same number to the last bit. */
export function haversineKmCos(aLat: number, aLon: number, aCos: number, bLat: number, bLon: number, bCos: number): number {
  const dLat = rad(bLat - aLat);
  const dLon = rad(bLon - aLon);
  const h = Math.sin(dLat / 2) ** 2 + aCos * bCos * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
