// A kept comparison with our records (claim evidence of kind `recorded-comparison`) as each claims reader reads it,
// and the ledger's counts of linked casualties likewise: the analyst reads counts as cells (`deidentifyRecorded`'s
// rule), a unit-scoped reader none counted over every unit, and nobody who sees no casualty reads an exact answer
// (docs/accounting.md, "Kept comparisons").
import { KeptComparison, keptCoarse } from '../core/claims.ts';
import { keptFromNote } from '../core/kept-note.ts';
import type { ClaimHistoryEntry, ComparisonView, Evidence } from '../core/claims.ts';
import { cell, suppressBreakdown } from '../auth/stats.ts';
import type { Cell } from '../auth/stats.ts';

/**
 * How a claims reader reads kept counts: `all` sees every casualty; `coarse` sees none and is answered by cell and day
 * (editor); `cells` reads those as de-identified cells (analyst); `units` is scoped to units (a unit's commander).
 */
export type ComparisonReader = 'all' | 'coarse' | 'cells' | 'units';

/** A count of casualties (linked, or in a link entry) as this reader reads it. */
export const countFor = (n: number, r: ComparisonReader): Cell => (r === 'cells' ? cell(n) : n);

export function comparisonView(k: KeptComparison, r: ComparisonReader): ComparisonView {
  const view = { basis: k.basis, claimed: k.claimed };
  if (r === 'all') return { ...view, counts: pick(k) };
  // Counted over every unit, or exactly by someone who saw casualties (kept before session 23): not for this reader.
  if (r === 'units' || !keptCoarse(k.basis)) return { ...view, counts: null };
  if (r === 'coarse') return { ...view, counts: pick(k) };
  // The outcomes partition the casualties (other: returned to duty, evacuated, permanent injury); wounded overlaps them.
  const other = k.casualties - k.killedInAction - k.diedOfWounds - k.stillOpen;
  const c = suppressBreakdown({ kia: k.killedInAction, dow: k.diedOfWounds, open: k.stillOpen, other });
  return { ...view, counts: { casualties: cell(k.casualties), killedInAction: c.kia!, diedOfWounds: c.dow!, stillOpen: c.open! } };
}

const pick = ({ casualties, killedInAction, diedOfWounds, wounded, stillOpen }: KeptComparison) => ({ casualties, killedInAction, diedOfWounds, wounded, stillOpen });

/**
 * A kept comparison from what was stored: the history entry's `detail.comparison` (since session 23, the evidence's
 * note then holds only the keeper's own words), else an older note's English sentence read back; null for free text.
 */
export function readKept(note: string | null, stored: unknown): { kept: KeptComparison; note: string | null } | null {
  const k = KeptComparison.safeParse(stored);
  if (k.success) return { kept: k.data, note };
  return note === null ? null : keptFromNote(note);
}

const isComparison = (e: ClaimHistoryEntry): boolean => e.action === 'evidence' && e.detail.kind === 'recorded-comparison';

/** A claim's evidence as this reader reads it: each kept comparison as data at the reader's level. */
export function evidenceFor(evidence: Evidence[], history: ClaimHistoryEntry[], r: ComparisonReader): Evidence[] {
  const stored = new Map(history.filter(isComparison).map((e) => [e.detail.evidence, e.detail.comparison]));
  return evidence.map((e) => {
    if (e.kind !== 'recorded-comparison') return e;
    const k = readKept(e.note, stored.get(e.id));
    return k ? { ...e, note: k.note, comparison: comparisonView(k.kept, r) } : { ...e, comparison: null };
  });
}

/**
 * A claim's history as this reader reads it: linked casualties' ids only for those who see every casualty (others:
 * how many, the analyst as a cell), and a kept comparison's entry as data at the reader's level, its reason the
 * keeper's own words (an old entry's English sentence is read back, never passed on).
 */
export function historyFor(h: ClaimHistoryEntry[], r: ComparisonReader): ClaimHistoryEntry[] {
  return h.map((e) => {
    let x = e;
    if (Array.isArray(e.detail.casualties) && r !== 'all') x = { ...x, detail: { ...x.detail, casualties: countFor(e.detail.casualties.length, r) } };
    const k = isComparison(e) ? readKept(e.reason, e.detail.comparison) : null;
    if (k) x = { ...x, reason: k.note, detail: { ...x.detail, comparison: comparisonView(k.kept, r) } };
    return x;
  });
}
