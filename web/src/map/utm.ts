// WGS84 ⇄ UTM (Snyder's formulas), enough to draw the MGRS grid: MGRS squares are UTM metres with letters.
import type { FeatureCollection, Feature } from 'geojson';
const a = 6378137;
const f = 1 / 298.257223563;
const k0 = 0.9996;
const e2 = f * (2 - f);
const ep2 = e2 / (1 - e2);
const rad = Math.PI / 180;

export const zoneOf = (lon: number): number => Math.floor((lon + 180) / 6) + 1;
const centralLon = (zone: number): number => (zone - 1) * 6 - 180 + 3;

function meridianArc(phi: number): number {
  return a * ((1 - e2 / 4 - (3 * e2 ** 2) / 64 - (5 * e2 ** 3) / 256) * phi
    - ((3 * e2) / 8 + (3 * e2 ** 2) / 32 + (45 * e2 ** 3) / 1024) * Math.sin(2 * phi)
    + ((15 * e2 ** 2) / 256 + (45 * e2 ** 3) / 1024) * Math.sin(4 * phi)
    - ((35 * e2 ** 3) / 3072) * Math.sin(6 * phi));
}

/** Northern hemisphere only (the app's area of operations). */
export function toUtm(lat: number, lon: number, zone: number): { e: number; n: number } {
  const phi = lat * rad;
  const lam = (lon - centralLon(zone)) * rad;
  const N = a / Math.sqrt(1 - e2 * Math.sin(phi) ** 2);
  const T = Math.tan(phi) ** 2;
  const C = ep2 * Math.cos(phi) ** 2;
  const A = Math.cos(phi) * lam;
  const M = meridianArc(phi);
  const e = k0 * N * (A + ((1 - T + C) * A ** 3) / 6 + ((5 - 18 * T + T ** 2 + 72 * C - 58 * ep2) * A ** 5) / 120) + 500000;
  const n = k0 * (M + N * Math.tan(phi) * (A ** 2 / 2 + ((5 - T + 9 * C + 4 * C ** 2) * A ** 4) / 24 + ((61 - 58 * T + T ** 2 + 600 * C - 330 * ep2) * A ** 6) / 720));
  return { e, n };
}

export function fromUtm(e: number, n: number, zone: number): { lat: number; lon: number } {
  const x = e - 500000;
  const M = n / k0;
  const mu = M / (a * (1 - e2 / 4 - (3 * e2 ** 2) / 64 - (5 * e2 ** 3) / 256));
  const e1 = (1 - Math.sqrt(1 - e2)) / (1 + Math.sqrt(1 - e2));
  const phi1 = mu + ((3 * e1) / 2 - (27 * e1 ** 3) / 32) * Math.sin(2 * mu) + ((21 * e1 ** 2) / 16 - (55 * e1 ** 4) / 32) * Math.sin(4 * mu)
    + ((151 * e1 ** 3) / 96) * Math.sin(6 * mu) + ((1097 * e1 ** 4) / 512) * Math.sin(8 * mu);
  const N1 = a / Math.sqrt(1 - e2 * Math.sin(phi1) ** 2);
  const T1 = Math.tan(phi1) ** 2;
  const C1 = ep2 * Math.cos(phi1) ** 2;
  const R1 = (a * (1 - e2)) / (1 - e2 * Math.sin(phi1) ** 2) ** 1.5;
  const D = x / (N1 * k0);
  const lat = phi1 - ((N1 * Math.tan(phi1)) / R1) * (D ** 2 / 2 - ((5 + 3 * T1 + 10 * C1 - 4 * C1 ** 2 - 9 * ep2) * D ** 4) / 24
    + ((61 + 90 * T1 + 298 * C1 + 45 * T1 ** 2 - 252 * ep2 - 3 * C1 ** 2) * D ** 6) / 720);
  const lon = (D - ((1 + 2 * T1 + C1) * D ** 3) / 6 + ((5 - 2 * C1 + 28 * T1 - 3 * C1 ** 2 + 8 * ep2 + 24 * T1 ** 2) * D ** 5) / 120) / Math.cos(phi1);
  return { lat: lat / rad, lon: centralLon(zone) + lon / rad };
}

/** Grid lines (GeoJSON LineStrings) every `stepM` metres of the UTM zone at the view's centre, covering the bounds. */
export function gridLines(b: { west: number; south: number; east: number; north: number }, stepM: number): FeatureCollection {
  const zone = zoneOf((b.west + b.east) / 2);
  const corners = [toUtm(b.south, b.west, zone), toUtm(b.south, b.east, zone), toUtm(b.north, b.west, zone), toUtm(b.north, b.east, zone)];
  const e0 = Math.floor(Math.min(...corners.map((c) => c.e)) / stepM) * stepM;
  const e1 = Math.ceil(Math.max(...corners.map((c) => c.e)) / stepM) * stepM;
  const n0 = Math.floor(Math.min(...corners.map((c) => c.n)) / stepM) * stepM;
  const n1 = Math.ceil(Math.max(...corners.map((c) => c.n)) / stepM) * stepM;
  const features: Feature[] = [];
  const line = (pts: { lat: number; lon: number }[], major: boolean): void =>
    void features.push({ type: 'Feature', properties: { major }, geometry: { type: 'LineString', coordinates: pts.map((p) => [p.lon, p.lat]) } });
  if ((e1 - e0) / stepM > 80 || (n1 - n0) / stepM > 80) return { type: 'FeatureCollection', features };
  const seg = (n1 - n0) / 16;
  for (let e = e0; e <= e1; e += stepM) {
    const pts = [];
    for (let n = n0; n <= n1 + 1; n += seg) pts.push(fromUtm(e, n, zone));
    line(pts, e % 100000 === 0);
  }
  const segE = (e1 - e0) / 16;
  for (let n = n0; n <= n1; n += stepM) {
    const pts = [];
    for (let e = e0; e <= e1 + 1; e += segE) pts.push(fromUtm(e, n, zone));
    line(pts, n % 100000 === 0);
  }
  return { type: 'FeatureCollection', features };
}
