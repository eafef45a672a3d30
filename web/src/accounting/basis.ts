// What a claim's recorded figures counted (`RecordedBasis`), said in the reader's language: the server sends it as
// data, never as its own English sentence. Times in the app's clock (`time`) with its zone; whole UTC days as dates.
import type { ComparisonView, RecordedBasis } from '../../../src/core/claims.ts';
import { langTag, time, zone } from '../fmt.ts';
import { at, code } from './i18n.ts';
import { dayText } from '../ui/day.ts';
import type { AccKey } from './i18n.ts';

const num = (x: number, o: Intl.NumberFormatOptions): string => new Intl.NumberFormat(langTag(), o).format(x);
/** A radius with its unit, by the browser's own words for units: "500 m", "1,5 км". */
const distance = (m: number): string =>
  m >= 1000 ? num(m / 1000, { style: 'unit', unit: 'kilometer', maximumFractionDigits: 1 }) : num(m, { style: 'unit', unit: 'meter', maximumFractionDigits: 0 });
/** Signed degrees, as the claim form takes them. */
const degrees = (x: number): string => `${num(x, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}°`;

/** A UTC date in the app's date format, "01.03.2026" (ui/day.ts). */
const day = (iso: string): string => dayText(iso);

/** A window: whole UTC days (a bare date, or a coarse answer) as their dates; otherwise two times of the app's clock. */
function period(from: string, to: string): string {
  if (/T00:00:00(\.000)?Z$/.test(from) && /T23:59:59\.999Z$/.test(to)) {
    const [a, b] = [day(from), day(to)];
    return `${a === b ? a : `${a} – ${b}`} (UTC)`;
  }
  return `${time(from)} – ${time(to)} (${zone(from)})`;
}

export function basisText(b: RecordedBasis): string {
  // asOf is always the start of a UTC day: what was recorded before that date.
  const upTo = b.asOf ? ` · ${at('acc.basis.asOf', { day: day(b.asOf) })}` : '';
  if (b.kind === 'linked') return at('acc.basis.linked') + upTo;
  const when = period(b.from, b.to);
  if (b.kind === 'place') return at('acc.basis.place', { r: distance(b.radiusM), when }) + upTo;
  return at('acc.basis.cells', { r: distance(b.radiusM), at: `${degrees(b.lat)}, ${degrees(b.lon)}`, when }) + upTo;
}

/** A de-identified cell as the reader's language says it ("<5" is the same in both). */
const cellText = (v: number | string): string => (v === 'suppressed' ? at('acc.kept.suppressed') : String(v));

/**
 * A comparison kept as evidence, in the reader's language with the same words as the live comparison: its counts at
 * the reader's level (as the server sends them: cells for an analyst, none when not for this reader), the claimed
 * figure, and what was counted.
 */
export function comparisonText(c: ComparisonView): string {
  const claimed = `${c.claimed.qualifier ? `${code(c.claimed.qualifier)} ` : ''}${c.claimed.value}`;
  const counts = c.counts
    ? Object.entries(c.counts).map(([k, v]) => `${at(`acc.rec.${k}` as AccKey)}: ${cellText(v)}`).join(', ')
    : null;
  return `${counts === null ? at('acc.kept.withheld', { claimed }) : at('acc.kept.recorded', { counts, claimed })} ${basisText(c.basis)}`;
}
