// The analyst's version of the recorded statistics: aggregates only, with small-cell suppression (src/auth/stats.ts).
// Breakdowns that partition a total are suppressed as a whole; the overlapping figures that would let a hidden cell be
// recovered by subtraction (wounded = all − KIA, the T1 counts) are left out; a rate is given only when its numerator
// and denominator are both at least 5, and a quantile only over enough casualties.
import type { Cell } from '../auth/stats.ts';
import { SMALL, cell, suppressBreakdown } from '../auth/stats.ts';
import type { Quantiles, RecordedStats } from './recorded.ts';

const OUTCOMES = ['kia', 'dow', 'rtd', 'evacuated-onward', 'permanent-injury', 'open'] as const;

const rate = (num: number, den: number): number | null => (num >= SMALL && den >= SMALL ? Math.round((num / den) * 100) / 100 : null);
const q = (x: Quantiles): { median: number | null; p90: number | null } => ({
  median: x.n >= SMALL ? x.median : null,
  p90: x.n >= 2 * SMALL ? x.p90 : null,
});
const by = <T>(rows: T[], key: (r: T) => string | null, n: (r: T) => number): Record<string, Cell> =>
  suppressBreakdown(Object.fromEntries(rows.map((r) => [key(r) ?? 'unknown', n(r)])));

export function deidentifyRecorded(s: RecordedStats) {
  const t = s.totals;
  return {
    casualties: cell(t.all),
    byOutcome: suppressBreakdown(Object.fromEntries(OUTCOMES.map((o) => [o, t[o]]))),
    rates: {
      // Survivors to dead: 1 / case fatality − 1, so it tells nothing the case fatality rate does not (same thresholds).
      woundedToKilled: rate(t.wounded - t.dow, t.kia + t.dow),
      caseFatality: rate(t.kia + t.dow, t.all),
      diedOfWounds: rate(t.dow, t.wounded),
      t1SurgeryWithin60: rate(t['t1-surgery-60'], t.t1),
      t1SurgeryWithin120: rate(t['t1-surgery-120'], t.t1),
    },
    byDay: by(s.byDay, (r) => r.day, (r) => r.all),
    byUnit: by(s.byUnit, (r) => r.unit, (r) => r.all),
    byStatus: by(s.byStatus, (r) => r.status, (r) => r.all),
    minutesInjuryTo: { pickup: q(s.minutesInjuryTo.pickup), firstFacility: q(s.minutesInjuryTo.firstFacility), surgery: q(s.minutesInjuryTo.surgery) },
    tourniquets: by(s.tourniquets.buckets.filter((b) => b.n > 0), (b) => b.bucket, (b) => b.n),
    vehiclesLost: cell(s.vehiclesLost),
  };
}
export type DeidentifiedRecorded = ReturnType<typeof deidentifyRecorded>;
