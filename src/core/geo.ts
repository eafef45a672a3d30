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

export { KM_PER_DEGREE_LAT, haversineKm, cosLat, haversineKmCos } from './geo-math.ts';
