// What a claim's recorded figures counted (`RecordedBasis`), said in the reader's language: the server sends it as
// data, never as its own English sentence. Times in the app's clock (`time`) with its zone; whole UTC days as dates.
import type { RecordedBasis } from '../../../src/core/claims.ts';
import { langTag, time, zone } from '../fmt.ts';
import { at } from './i18n.ts';

const fixed = (x: number, digits: number): string => new Intl.NumberFormat(langTag(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
/** A radius with its unit: "500 m", "2 km", "1.5 km". */
const distance = (m: number): string => (m >= 1000 ? at('acc.basis.km', { n: fixed(m / 1000, m % 1000 ? 1 : 0) }) : at('acc.basis.m', { n: fixed(m, 0) }));
const latLon = (lat: number, lon: number): string =>
  `${fixed(Math.abs(lat), 2)}° ${at(lat < 0 ? 'acc.basis.S' : 'acc.basis.N')}, ${fixed(Math.abs(lon), 2)}° ${at(lon < 0 ? 'acc.basis.W' : 'acc.basis.E')}`;

/** A window: whole UTC days (a bare date, or a coarse answer) as their dates; otherwise two times of the app's clock. */
function period(from: string, to: string): string {
  if (/T00:00:00(\.000)?Z$/.test(from) && /T23:59:59\.999Z$/.test(to)) {
    // Non-breaking hyphens: a date never breaks across lines.
    const day = (iso: string): string => iso.slice(0, 10).replaceAll('-', '\u2011');
    const [a, b] = [day(from), day(to)];
    return at('acc.basis.days', { days: a === b ? a : `${a} – ${b}` });
  }
  return `${time(from)} – ${time(to)} (${zone(from)})`;
}

export function basisText(b: RecordedBasis): string {
  if (b.kind === 'linked') return at('acc.basis.linked');
  const when = period(b.from, b.to);
  if (b.kind === 'place') return at('acc.basis.place', { r: distance(b.radiusM), when });
  return at('acc.basis.cells', { r: distance(b.radiusM), at: latLon(b.lat, b.lon), when });
}
