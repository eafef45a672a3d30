// De-identified aggregates for analysts: counts and durations only — no ids, names, positions, free text or
// exact times; a cell under 5 casualties is reported as "<5" (small counts re-identify people), and when a breakdown
// has only one such cell, the next smallest is "suppressed" (else the total minus the others gives it away).
import type { CasualtySummary } from '../core/index.ts';
import type { StatisticsRows } from '../storage/port.ts';

export const SMALL = 5;
export type Cell = number | '<5' | 'suppressed';
export const cell = (n: number): Cell => (n > 0 && n < SMALL ? '<5' : n);

function countBy(groups: StatisticsRows['groups'], key: (g: StatisticsRows['groups'][number]) => string | null): Record<string, Cell> {
  const m = new Map<string, number>();
  for (const g of groups) {
    const k = key(g) ?? 'unknown';
    m.set(k, (m.get(k) ?? 0) + g.n);
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

function median({ n, middle }: StatisticsRows['toArrival']): number | null {
  if (n < SMALL) return null;
  return n % 2 ? middle[0]! : (middle[0]! + middle[1]!) / 2;
}

/** Whole minutes from injury to arrival, rounded as the databases round them (half up). */
export const minutesToArrival = (injuredAt: string, arrivalAt: string): number => Math.floor((Date.parse(arrivalAt) - Date.parse(injuredAt)) / 60_000 + 0.5);

/** Count and middle values of a list of minutes (the JS twin of the store's query). */
export function middleOf(xs: number[]): StatisticsRows['toArrival'] {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return { n, middle: n === 0 ? [] : n % 2 ? [s[(n - 1) / 2]!] : [s[n / 2 - 1]!, s[n / 2]!] };
}

/** One casualty's part of the statistics: its group (casualty_reads' columns) and its minutes to first arrival. */
export function statisticsRowOf(c: CasualtySummary): { group: Omit<StatisticsRows['groups'][number], 'n'>; minutes: number | null } {
  const group = { stage: c.stage, precedence: c.precedence, triage: c.triage, outcome: c.state.outcome?.outcome ?? null,
    conflict: Boolean(c.state.triage.conflict || c.state.precedence.conflict || c.state.destination.conflict) };
  const arr = c.state.chain.find((s) => s.kind === 'arrival');
  return { group, minutes: c.injuredAt && arr ? minutesToArrival(c.injuredAt, arr.at) : null };
}

/** The counts the statistics are made of, from casualty summaries (the store groups them in SQL: read-side.ts). */
export function statisticsRowsOf(all: readonly CasualtySummary[]): StatisticsRows {
  const groups = new Map<string, StatisticsRows['groups'][number]>();
  const toArrival: number[] = [];
  for (const c of all) {
    const { group: g, minutes } = statisticsRowOf(c);
    const k = JSON.stringify([g.stage, g.precedence, g.triage, g.outcome, g.conflict]);
    (groups.get(k) ?? groups.set(k, { ...g, n: 0 }).get(k)!).n++;
    if (minutes !== null) toArrival.push(minutes);
  }
  return { groups: [...groups.values()], toArrival: middleOf(toArrival) };
}

/** De-identified statistics from grouped counts (however they were counted). */
export function deidentifiedFromRows(rows: StatisticsRows, now: string) {
  const { groups } = rows;
  const total = groups.reduce((n, g) => n + g.n, 0);
  return {
    generatedAt: now.slice(0, 13) + ':00:00Z',
    casualties: cell(total),
    byStage: countBy(groups, (g) => g.stage),
    byPrecedence: countBy(groups, (g) => g.precedence),
    byTriage: countBy(groups, (g) => g.triage),
    byOutcome: countBy(groups, (g) => g.outcome),
    openConflicts: cell(groups.filter((g) => g.conflict).reduce((n, g) => n + g.n, 0)),
    medianMinutesInjuryToArrival: median(rows.toArrival),
  };
}

export function deidentifiedStats(all: readonly CasualtySummary[], now: string) {
  return deidentifiedFromRows(statisticsRowsOf(all), now);
}
