// Recorded statistics: what Golden Hour itself knows, casualty by casualty. Every figure is a SQL aggregate over
// casualty_facts (kept by a trigger on the projection, migration 005), never a fold of logs per request. The counts
// are read from its day × unit × category roll-up (casualty_rollup, migration 017, kept by triggers in the same
// transaction): a few thousand cells instead of every casualty. Quantiles and drill-downs read casualty_facts.
//
// Definitions (docs/accounting.md): killed in action = dead before reaching a facility; died of wounds = after;
// wounded = every casualty not killed in action (so DOW count as wounded who died); wounded-to-killed ratio =
// (wounded − DOW) : (KIA + DOW); case fatality rate = (KIA + DOW) / all; DOW rate = DOW / wounded.
import type { Db, Param } from './db.ts';

export interface RecordedFilter {
  /** Inclusive days (UTC) of injury, YYYY-MM-DD. */
  from?: string | undefined;
  to?: string | undefined;
  unit?: string | undefined;
  /** military | civilian | prisoner */
  status?: string | undefined;
  /** Row scope of the caller: only these units (undefined = all). */
  scopeUnits?: readonly string[] | undefined;
}

export const FIGURES = ['all', 'wounded', 'kia', 'dow', 'rtd', 'evacuated-onward', 'permanent-injury', 'open', 't1', 't1-surgery-60', 't1-surgery-120'] as const;
export type Figure = (typeof FIGURES)[number];

/** The SQL condition of each figure (a drill-down lists exactly the casualties a figure counts). */
export const FIGURE_SQL: Record<Figure, string> = {
  all: '1 = 1',
  wounded: "(outcome IS NULL OR outcome <> 'killed-in-action')",
  kia: "outcome = 'killed-in-action'",
  dow: "outcome = 'died-of-wounds'",
  rtd: "outcome = 'returned-to-duty'",
  'evacuated-onward': "outcome = 'evacuated-onward'",
  'permanent-injury': "outcome = 'permanent-injury'",
  open: 'outcome IS NULL',
  t1: "triage = 'T1'",
  't1-surgery-60': "triage = 'T1' AND min_to_surgery <= 60",
  't1-surgery-120': "triage = 'T1' AND min_to_surgery <= 120",
};

export interface OutcomeCounts {
  all: number;
  wounded: number;
  kia: number;
  dow: number;
  rtd: number;
  'evacuated-onward': number;
  'permanent-injury': number;
  open: number;
  t1: number;
  't1-surgery-60': number;
  't1-surgery-120': number;
}

const COUNT_COLUMNS = FIGURES.map((f) => `sum(CASE WHEN ${FIGURE_SQL[f]} THEN 1 ELSE 0 END) AS "${f}"`).join(', ');
/** The roll-up's column of each figure (migration 017 adds 1 to it for every casualty FIGURE_SQL[f] counts). */
export const ROLLUP_COLUMN = (f: Figure): string => `n_${f.replace(/-/g, '_')}`;
const ROLLUP_SUMS = FIGURES.map((f) => `sum(${ROLLUP_COLUMN(f)}) AS "${f}"`).join(', ');

/**
 * The filter as a WHERE clause. `keyed`: over a roll-up, whose key has '' for a missing day and '+' before a unit's
 * id ('' for none), so that a filter selects exactly the cells whose casualties it selects in casualty_facts.
 */
export function whereOf(f: RecordedFilter, alias = '', keyed = false): { sql: string; params: Param[] } {
  const a = alias ? `${alias}.` : '';
  const day = keyed ? `nullif(${a}injured_day, '')` : `${a}injured_day`;
  const unit = (u: string): string => (keyed ? `+${u}` : u);
  const where: string[] = [];
  const params: Param[] = [];
  const add = (sql: string, ...values: Param[]): void => {
    where.push(sql);
    params.push(...values);
  };
  if (f.from) add(`${day} >= ?`, f.from);
  if (f.to) add(`${day} <= ?`, f.to);
  if (f.unit) add(`${a}unit_id = ?`, unit(f.unit));
  if (f.status) add(`${a}person_status = ?`, f.status);
  if (f.scopeUnits) {
    if (f.scopeUnits.length === 0) add('1 = 0');
    else add(`${a}unit_id IN (${f.scopeUnits.map(() => '?').join(', ')})`, ...f.scopeUnits.map(unit));
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

const toCounts = (r: Record<string, unknown> | undefined): OutcomeCounts =>
  Object.fromEntries(FIGURES.map((f) => [f, Number(r?.[f] ?? 0)])) as unknown as OutcomeCounts;

export interface Quantiles {
  n: number;
  median: number | null;
  p90: number | null;
}

export interface RecordedStats {
  filter: RecordedFilter;
  totals: OutcomeCounts;
  rates: {
    woundedToKilled: number | null;
    caseFatality: number | null;
    diedOfWounds: number | null;
    t1SurgeryWithin60: number | null;
    t1SurgeryWithin120: number | null;
  };
  byDay: ({ day: string } & OutcomeCounts)[];
  byUnit: ({ unit: string | null } & OutcomeCounts)[];
  byStatus: ({ status: string } & OutcomeCounts)[];
  minutesInjuryTo: { pickup: Quantiles; firstFacility: Quantiles; surgery: Quantiles };
  tourniquets: { count: number; buckets: { bucket: string; n: number }[]; convertedWithin2h: number };
  vehiclesLost: number;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? Math.round((num / den) * 1000) / 1000 : null);

/** The rates the dashboard shows, from the counts (the live path and the analyst's hour give them by this one rule). */
export const ratesOf = (totals: OutcomeCounts): RecordedStats['rates'] => ({
  woundedToKilled: ratio(totals.wounded - totals.dow, totals.kia + totals.dow),
  caseFatality: ratio(totals.kia + totals.dow, totals.all),
  diedOfWounds: ratio(totals.dow, totals.wounded),
  t1SurgeryWithin60: ratio(totals['t1-surgery-60'], totals.t1),
  t1SurgeryWithin120: ratio(totals['t1-surgery-120'], totals.t1),
});

const QUANTILE_COLUMNS = { pickup: 'min_to_pickup', firstFacility: 'min_to_arrival', surgery: 'min_to_surgery' } as const;
type TimeKey = keyof typeof QUANTILE_COLUMNS;

/**
 * Median and p90 (nearest rank) of one time, in the database: the value at rank ceil(p·n) by an ordered walk of the
 * column's covering index (ORDER BY … LIMIT 1 OFFSET k); n comes from the grouped scan.
 */
async function quantile(db: Db, col: string, n: number, f: RecordedFilter, sortOnceUnder: number): Promise<Quantiles> {
  if (n === 0) return { n, median: null, p90: null };
  const w = whereOf(f);
  const rank = (p: number) => Math.max(0, Math.ceil(p * n) - 1);
  const round = (v: unknown) => (v === undefined || v === null ? null : Math.round(Number(v) * 10) / 10);
  if (n <= sortOnceUnder) {
    // A narrow filter: its rows are found by another index and sorted anyway — sort them once for both ranks.
    const rows = await db.all<{ v: number }>(`SELECT ${col} AS v FROM casualty_facts ${w.sql ? `${w.sql} AND` : 'WHERE'} ${col} IS NOT NULL ORDER BY ${col}`, w.params);
    return { n, median: round(rows[rank(0.5)]?.v), p90: round(rows[rank(0.9)]?.v) };
  }
  const at = async (p: number): Promise<number | null> => {
    const [r] = await db.all<{ v: number }>(
      `SELECT ${col} AS v FROM casualty_facts ${w.sql ? `${w.sql} AND` : 'WHERE'} ${col} IS NOT NULL ORDER BY ${col} LIMIT 1 OFFSET ?`,
      [...w.params, Math.max(0, Math.ceil(p * n) - 1)],
    );
    return r ? Math.round(Number(r.v) * 10) / 10 : null;
  };
  const [median, p90] = await Promise.all([at(0.5), at(0.9)]);
  return { n, median, p90 };
}

/**
 * The three times' quantiles of everything (no filter) from migration 019's counts per tenth of a minute: the first
 * distinct value whose running count passes each rank — the same ranks and the same rounding as `quantile`, with no
 * read per casualty (issue 16: GET /api/stats carries these figures).
 */
async function quantilesOfAll(db: Db, n: Record<TimeKey, number>): Promise<Quantiles[]> {
  const kind: Record<TimeKey, string> = { pickup: 'pickup', firstFacility: 'arrival', surgery: 'surgery' };
  const tenth = (v: unknown): number | null => (v === undefined || v === null ? null : Number(v) / 10);
  return Promise.all((Object.keys(QUANTILE_COLUMNS) as TimeKey[]).map(async (k): Promise<Quantiles> => {
    const count = n[k];
    if (count === 0) return { n: count, median: null, p90: null };
    const rank = (p: number): number => Math.max(0, Math.ceil(p * count) - 1);
    const [r] = await db.all<{ median: number | string | null; p90: number | string | null }>(
      `SELECT min(CASE WHEN upto > ? THEN tenths END) AS median, min(CASE WHEN upto > ? THEN tenths END) AS p90
       FROM (SELECT tenths, sum(n) OVER (ORDER BY tenths) AS upto FROM casualty_time_tenths WHERE kind = ? AND n > 0) w`,
      [rank(0.5), rank(0.9), kind[k]],
    );
    return { n: count, median: tenth(r?.median), p90: tenth(r?.p90) };
  }));
}

/**
 * The three times' quantiles of a filter that selects few casualties: one read of the three columns (one pass over
 * the covering index or the filter's rows instead of three), each sorted here. The same ranks as `quantile`.
 */
async function quantilesOfFew(db: Db, f: RecordedFilter, n: Record<TimeKey, number>): Promise<Quantiles[]> {
  const w = whereOf(f);
  const rows = await db.all<Record<string, number | null>>(`SELECT min_to_pickup, min_to_arrival, min_to_surgery FROM casualty_facts ${w.sql}`, w.params);
  return (Object.keys(QUANTILE_COLUMNS) as TimeKey[]).map((k) => {
    const col = QUANTILE_COLUMNS[k];
    const values: number[] = [];
    for (const r of rows) if (r[col] !== null && r[col] !== undefined) values.push(Number(r[col]));
    const sorted = Float64Array.from(values).sort();
    const pick = (p: number): number | null => (sorted.length === 0 ? null : Math.round(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]! * 10) / 10);
    return { n: n[k], median: pick(0.5), p90: pick(0.9) };
  });
}

/** Below this many values one sorted read serves both quantiles; above, two walks of the column's index are cheaper. */
export const SORT_ONCE_UNDER = 10_000;

export const TOURNIQUET_BUCKETS = ['<30', '30-60', '60-120', '120-360', '>360', 'running'] as const;

const addCounts = (into: OutcomeCounts, from: OutcomeCounts): void => {
  for (const f of FIGURES) into[f] += from[f];
};
const zero = (): OutcomeCounts => toCounts(undefined);

/** Roll the (day, unit, category) cells up into totals and the three breakdowns, sorted by key. */
function rollUp(cells: { day: string; unit: string | null; status: string; counts: OutcomeCounts }[]) {
  const totals = zero();
  const byDay = new Map<string, OutcomeCounts>();
  const byUnit = new Map<string | null, OutcomeCounts>();
  const byStatus = new Map<string, OutcomeCounts>();
  const into = <K>(m: Map<K, OutcomeCounts>, k: K, c: OutcomeCounts) => {
    let x = m.get(k);
    if (!x) m.set(k, (x = zero()));
    addCounts(x, c);
  };
  for (const c of cells) {
    addCounts(totals, c.counts);
    into(byDay, c.day, c.counts);
    into(byUnit, c.unit, c.counts);
    into(byStatus, c.status, c.counts);
  }
  const sorted = <K>(m: Map<K, OutcomeCounts>) => [...m.entries()].sort((a, b) => (String(a[0] ?? '\uffff') < String(b[0] ?? '\uffff') ? -1 : 1));
  return {
    totals,
    byDay: sorted(byDay).map(([day, c]) => ({ day, ...c })),
    byUnit: sorted(byUnit).map(([unit, c]) => ({ unit, ...c })),
    byStatus: sorted(byStatus).map(([status, c]) => ({ status, ...c })),
  };
}

const TQ_BUCKET = `CASE WHEN t.minutes IS NULL THEN 'running' WHEN t.minutes < 30 THEN '<30' WHEN t.minutes < 60 THEN '30-60'
    WHEN t.minutes < 120 THEN '60-120' WHEN t.minutes < 360 THEN '120-360' ELSE '>360' END`;

/**
 * The (day, unit, category) cells and tourniquet buckets of a filter: from the roll-ups, or (`fromFacts`) grouped
 * from casualty_facts row by row — the way the roll-ups are checked against a computation from scratch.
 */
function cellQueries(db: Db, f: RecordedFilter, fromFacts: boolean) {
  if (fromFacts) {
    const w = whereOf(f);
    const tw = whereOf(f, 't');
    return Promise.all([
      db.all<Record<string, unknown>>(
        `SELECT injured_day AS day, unit_id AS unit, person_status AS status, ${COUNT_COLUMNS},
           count(min_to_pickup) AS n_pickup, count(min_to_arrival) AS n_arrival, count(min_to_surgery) AS n_surgery
         FROM casualty_facts ${w.sql} GROUP BY injured_day, unit_id, person_status`, w.params,
      ),
      db.all<{ bucket: string; n: number; conv: number }>(
        `SELECT ${TQ_BUCKET} AS bucket, count(*) AS n, sum(t.converted_within_2h) AS conv FROM casualty_tourniquets t ${tw.sql} GROUP BY ${TQ_BUCKET}`, tw.params,
      ),
    ]);
  }
  const w = whereOf(f, '', true);
  const and = w.sql ? `${w.sql} AND` : 'WHERE';
  return Promise.all([
    db.all<Record<string, unknown>>(
      `SELECT nullif(injured_day, '') AS day, CASE WHEN unit_id = '' THEN NULL ELSE substr(unit_id, 2) END AS unit, person_status AS status, ${ROLLUP_SUMS},
         sum(n_pickup) AS n_pickup, sum(n_arrival) AS n_arrival, sum(n_surgery) AS n_surgery
       FROM casualty_rollup ${and} n_all > 0 GROUP BY injured_day, unit_id, person_status`, w.params,
    ),
    db.all<{ bucket: string; n: number; conv: number }>(
      `SELECT bucket, sum(n) AS n, sum(converted_within_2h) AS conv FROM casualty_tq_rollup ${and} n > 0 GROUP BY bucket`, w.params,
    ),
  ]);
}

/**
 * `sortOnceUnder`: where the quantiles switch from one sorted read to index walks (tests compare both ways).
 * `fromFacts`: count from casualty_facts instead of the roll-up (tests compare both ways).
 */
export async function recordedStats(db: Db, f: RecordedFilter, opts: { sortOnceUnder?: number; fromFacts?: boolean } = {}): Promise<RecordedStats> {
  const lostSql = db.kind === 'sqlite'
    ? `SELECT count(*) AS n FROM entities WHERE kind = 'vehicle' AND json_extract(body, '$.status') = 'lost'${f.unit ? ` AND json_extract(body, '$.unitId') = ?` : ''}`
    : `SELECT count(*) AS n FROM entities WHERE kind = 'vehicle' AND body ->> 'status' = 'lost'${f.unit ? ` AND body ->> 'unitId' = ?` : ''}`;
  // Independent statements: PostgreSQL runs them on several connections at once; SQLite one after the other.
  const [[cellRows, tq], lost] = await Promise.all([
    cellQueries(db, f, opts.fromFacts ?? false),
    db.all<{ n: number }>(lostSql, f.unit ? [f.unit] : []),
  ]);
  const n = (k: string): number => cellRows.reduce((a, r) => a + Number(r[k] ?? 0), 0);
  const sortOnceUnder = opts.sortOnceUnder ?? SORT_ONCE_UNDER;
  const counts = { pickup: n('n_pickup'), firstFacility: n('n_arrival'), surgery: n('n_surgery') };
  const [pickup, firstFacility, surgery] = !opts.fromFacts && whereOf(f).sql === ''
    ? await quantilesOfAll(db, counts)
    : n('all') <= sortOnceUnder
    ? await quantilesOfFew(db, f, counts)
    : await Promise.all((Object.keys(QUANTILE_COLUMNS) as TimeKey[]).map((k) => quantile(db, QUANTILE_COLUMNS[k], counts[k], f, sortOnceUnder)));
  const minutesInjuryTo = { pickup: pickup!, firstFacility: firstFacility!, surgery: surgery! };
  const { totals, byDay, byUnit, byStatus } = rollUp(cellRows.map((r) => ({
    day: String(r.day ?? 'unknown'), unit: (r.unit as string | null) ?? null, status: String(r.status), counts: toCounts(r),
  })));
  return {
    filter: f,
    totals,
    rates: ratesOf(totals),
    byDay,
    byUnit,
    byStatus,
    minutesInjuryTo,
    tourniquets: {
      count: tq.reduce((n, r) => n + Number(r.n), 0),
      buckets: TOURNIQUET_BUCKETS.map((b) => ({ bucket: b, n: Number(tq.find((r) => r.bucket === b)?.n ?? 0) })),
      convertedWithin2h: tq.reduce((n, r) => n + Number(r.conv ?? 0), 0),
    },
    vehiclesLost: Number(lost[0]?.n ?? 0),
  };
}

export interface DrillRow {
  id: string;
  unitId: string | null;
  personStatus: string;
  injuredAt: string | null;
  triage: string | null;
  stage: string;
  outcome: string | null;
  minToSurgery: number | null;
}

/** The casualties behind one figure (optionally one day), for callers allowed to see them. */
export async function drillDown(db: Db, figure: Figure, f: RecordedFilter & { day?: string | undefined }, limit = 500): Promise<DrillRow[]> {
  const w = whereOf({ ...f, ...(f.day ? { from: f.day, to: f.day } : {}) });
  const rows = await db.all<Record<string, unknown>>(
    `SELECT id, unit_id, person_status, injured_at, triage, stage, outcome, min_to_surgery FROM casualty_facts
     ${w.sql ? `${w.sql} AND` : 'WHERE'} ${FIGURE_SQL[figure]} ORDER BY injured_ms, id LIMIT ?`,
    [...w.params, limit],
  );
  return rows.map((r) => ({
    id: String(r.id),
    unitId: (r.unit_id as string | null) ?? null,
    personStatus: String(r.person_status),
    injuredAt: (r.injured_at as string | null) ?? null,
    triage: (r.triage as string | null) ?? null,
    stage: String(r.stage),
    outcome: (r.outcome as string | null) ?? null,
    minToSurgery: r.min_to_surgery === null || r.min_to_surgery === undefined ? null : Math.round(Number(r.min_to_surgery)),
  }));
}
