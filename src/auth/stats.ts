// De-identified aggregates for analysts: counts and durations only — no ids, names, positions, free text or
// exact times; a cell under 5 casualties is reported as "<5" (small counts re-identify people), and when a breakdown
// has only one such cell, the next smallest is "suppressed" (else the total minus the others gives it away).
import type { CasualtySummary } from '../core/index.ts';

export const SMALL = 5;
export type Cell = number | '<5' | 'suppressed';
export const cell = (n: number): Cell => (n > 0 && n < SMALL ? '<5' : n);

function countBy(xs: CasualtySummary[], key: (c: CasualtySummary) => string | null): Record<string, Cell> {
  const m = new Map<string, number>();
  for (const c of xs) {
    const k = key(c) ?? 'unknown';
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return suppressBreakdown(Object.fromEntries(m));
}

/**
 * Small-cell suppression of one breakdown (cells that partition a total): under 5 is "<5", and a lone small cell
 * takes the next smallest down with it (else the total minus the others gives it away). Also used by the
 * accounting dashboard's de-identified figures.
 */
export function suppressBreakdown(counts: Record<string, number>): Record<string, Cell> {
  const m = new Map(Object.entries(counts));
  const out = Object.fromEntries([...m.entries()].sort().map(([k, n]): [string, Cell] => [k, cell(n)]));
  // One small cell alone would be the total minus the others: suppress the next smallest cell too.
  if (Object.values(out).filter((v) => v === '<5').length === 1) {
    const next = [...m.entries()].filter(([k, n]) => out[k] !== '<5' && n > 0).sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))[0];
    if (next) out[next[0]] = 'suppressed';
  }
  return out;
}

function median(xs: number[]): number | null {
  if (xs.length < SMALL) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function deidentifiedStats(all: CasualtySummary[], now: string) {
  const toArrival: number[] = [];
  for (const c of all) {
    const arr = c.state.chain.find((s) => s.kind === 'arrival');
    if (c.injuredAt && arr) toArrival.push(Math.round((Date.parse(arr.at) - Date.parse(c.injuredAt)) / 60_000));
  }
  return {
    generatedAt: now.slice(0, 13) + ':00:00Z',
    casualties: cell(all.length),
    byStage: countBy(all, (c) => c.stage),
    byPrecedence: countBy(all, (c) => c.precedence),
    byTriage: countBy(all, (c) => c.triage),
    byOutcome: countBy(all, (c) => c.state.outcome?.outcome ?? null),
    openConflicts: cell(all.filter((c) => c.state.triage.conflict || c.state.precedence.conflict || c.state.destination.conflict).length),
    medianMinutesInjuryToArrival: median(toArrival),
  };
}
