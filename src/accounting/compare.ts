// Claimed vs evidenced, per common category over time: the General Staff's claimed cumulative series beside Oryx's
// photo-verified cumulative counts (summed over the Oryx types mapped to the category). The ratio compares two
// sources that count differently; the caveats travel with the numbers, and both sources are attributed.
import type { Db } from './db.ts';
import { ATTRIBUTION } from './datasets.ts';

export const CAVEATS = [
  'different counting rules: a claim of "destroyed" is not the same as a photographed loss',
  'an Oryx date is the date of the scrape, not of the loss',
  'verified counts are lower bounds: a loss without a photograph is not counted',
  'the ratio compares two sources, it is not an error rate of either',
  'the General Staff revised its series: corrections are shown and taken out of the daily figure',
] as const;

export interface ComparePoint {
  date: string;
  /** Claimed cumulative (carried forward to days without a report). */
  claimed: number | null;
  /** Claimed new losses that day: the change of the cumulative less that day's correction. */
  claimedDaily: number | null;
  correction: number | null;
  /** Evidenced cumulative: Oryx types of the category, each carried forward, summed. */
  evidenced: number | null;
  ratio: number | null;
}

export interface Comparison {
  category: string;
  subjectSide: string;
  points: ComparePoint[];
  caveats: readonly string[];
  attribution: string[];
}

/** Pure merge of the three series (each sorted or not; one value per date and type). */
export function mergeSeries(
  claimed: readonly { date: string; value: number }[],
  corrections: readonly { date: string; value: number }[],
  evidenced: readonly { type: string; date: string; value: number }[],
): ComparePoint[] {
  const claimedAt = new Map(claimed.map((c) => [c.date, c.value]));
  const corrAt = new Map<string, number>();
  for (const c of corrections) corrAt.set(c.date, (corrAt.get(c.date) ?? 0) + c.value);
  const evAt = new Map<string, Map<string, number>>();
  for (const e of evidenced) {
    const m = evAt.get(e.date) ?? new Map<string, number>();
    m.set(e.type, e.value);
    evAt.set(e.date, m);
  }
  const dates = [...new Set([...claimedAt.keys(), ...evAt.keys(), ...corrAt.keys()])].sort();
  const perType = new Map<string, number>();
  let lastClaimed: number | null = null;
  const out: ComparePoint[] = [];
  for (const date of dates) {
    for (const [t, v] of evAt.get(date) ?? []) perType.set(t, v);
    const c = claimedAt.get(date);
    const correction = corrAt.get(date) ?? null;
    let claimedDaily: number | null = null;
    if (c !== undefined) {
      claimedDaily = lastClaimed === null ? null : c - lastClaimed - (correction ?? 0);
      lastClaimed = c;
    }
    const evidenced = perType.size ? [...perType.values()].reduce((a, b) => a + b, 0) : null;
    out.push({
      date,
      claimed: lastClaimed,
      claimedDaily,
      correction,
      evidenced,
      ratio: evidenced !== null && lastClaimed ? Math.round((evidenced / lastClaimed) * 1000) / 1000 : null,
    });
  }
  return out;
}

export async function claimedVsEvidenced(db: Db, category: string, subjectSide = 'russia'): Promise<Comparison> {
  const claimed = await db.all<{ date: string; value: number }>(
    `SELECT period_end AS date, value FROM claims WHERE dataset IN ('generalstaff-equipment', 'generalstaff-personnel')
     AND category = ? AND subject_side = ? AND value_kind = 'cumulative' ORDER BY period_end`,
    [category, subjectSide],
  );
  const corrections = await db.all<{ date: string; value: number }>(
    `SELECT period_end AS date, value FROM claims WHERE dataset = 'generalstaff-corrections' AND category = ? AND subject_side = ?`,
    [category, subjectSide],
  );
  const evidenced = await db.all<{ type: string; date: string; value: number }>(
    `SELECT source_category AS type, period_end AS date, value FROM claims WHERE dataset = 'oryx-daily' AND category = ? AND subject_side = ?`,
    [category, subjectSide],
  );
  const num = <T extends { value: number }>(xs: T[]): T[] => xs.map((x) => ({ ...x, value: Number(x.value) }));
  return {
    category,
    subjectSide,
    points: mergeSeries(num(claimed), num(corrections), num(evidenced)),
    caveats: CAVEATS,
    attribution: [ATTRIBUTION.generalStaff, ATTRIBUTION.oryx],
  };
}
