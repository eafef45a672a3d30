// Comparison notes kept before session 23: an English sentence in the evidence's note (and its history entry's
// reason). The ledger is append-only, so they are never rewritten; they are read back as data at every read, to be
// said in each reader's language and at their level like a comparison kept since (docs/accounting.md). Apart from
// claims.ts so that the web bundle, which never reads an old note, does not carry the parser.
import { basisInEnglish } from './claims.ts';
import type { KeptComparison, RecordedBasis } from './claims.ts';

/** The English sentence a comparison's note was before session 23 (with the keeper's own note after it). */
export function comparisonInEnglish(k: KeptComparison, note?: string): string {
  const claimed = `${k.claimed.qualifier ? `${k.claimed.qualifier} ` : ''}${k.claimed.value}`;
  return `Golden Hour recorded (${basisInEnglish(k.basis)}): ${k.casualties} casualties, ${k.killedInAction} killed in action, ${k.diedOfWounds} died of wounds, ${k.wounded} wounded, ${k.stillOpen} still open; claimed ${claimed}.${note ? ` ${note}` : ''}`;
}

const NUM = String.raw`-?\d+(?:\.\d+)?(?:e[+-]\d+)?`;
const NOTE = new RegExp(String.raw`^Golden Hour recorded \((.+?)\): (\d+) casualties, (\d+) killed in action, (\d+) died of wounds, (\d+) wounded, (\d+) still open; claimed (?:(about|more-than|at-least|up-to) )?(${NUM})\.(?: ([\s\S]*))?$`);
const LINKED = /^linked casualties(?: \(as of (\S+)\))?$/;
const WITHIN = new RegExp(String.raw`^within (${NUM}) m(?: of (-?\d+\.\d\d), (-?\d+\.\d\d) \(positions to 0\.01°, whole days\))?, (\S+) – (\S+?)(?: \(as of (\S+)\))?$`);

function basisFromEnglish(s: string): RecordedBasis | null {
  const l = LINKED.exec(s);
  if (l) return { kind: 'linked', ...(l[1] ? { asOf: l[1] } : {}) };
  const w = WITHIN.exec(s);
  if (!w) return null;
  const [, r, lat, lon, from, to, asOf] = w as unknown as [string, string, string | undefined, string | undefined, string, string, string | undefined];
  const win = { radiusM: Number(r), from, to, ...(asOf ? { asOf } : {}) };
  return lat !== undefined && lon !== undefined ? { kind: 'cells', lat: Number(lat), lon: Number(lon), ...win } : { kind: 'place', ...win };
}

/**
 * A comparison note kept before session 23 (`comparisonInEnglish`'s sentence) read back as data, with the keeper's
 * own words after it; null when the note is not such a sentence (free text). Nothing stored is rewritten: old notes
 * are read this way each time.
 */
export function keptFromNote(note: string): { kept: KeptComparison; note: string | null } | null {
  const m = NOTE.exec(note);
  const basis = m ? basisFromEnglish(m[1]!) : null;
  if (!m || !basis) return null;
  const [casualties, killedInAction, diedOfWounds, wounded, stillOpen] = m.slice(2, 7).map(Number) as [number, number, number, number, number];
  return { kept: { casualties, killedInAction, diedOfWounds, wounded, stillOpen, basis, claimed: { value: Number(m[8]), qualifier: m[7] ?? null } }, note: m[9] || null };
}
