// Distances on the sphere, apart from geo.ts so that the plan thread (src/server/plan-worker.ts) loads them without
// zod or any schema: the thread imports no module that loads zod (src/server/plan-worker-imports.test.ts).
/** A WGS84 point (geo.ts's Position, without its schema: geo.ts imports this module). */
type Position = { lat: number; lon: number };

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
