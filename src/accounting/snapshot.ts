// The analyst's figures as of the start of the hour (test/attack README, analyst-live; docs/security.md). Live
// figures, polled, time each casualty and each death of a unit to the poll; a snapshot taken at the hour's first
// request would let the analyst choose its instant (the last second of one hour, the first of the next: two
// snapshots a second apart). So the snapshot of hour H is what the log held at H exactly — every casualty as folded
// from the events RECEIVED before H — a function of the data alone: every process (several on one PostgreSQL)
// computes the same figures, whenever in the hour it is asked.
//
// Taken once per hour: the narrow fact rows (casualty_facts: day, unit, status, outcome, triage, three times;
// casualty_tourniquets) of the casualties with no event received since H, then those with one that were recorded
// before H, refolded from their events before it (none read for one registered since: `hourCtes`; the facts of a
// refolded state computed here the way migration 005's views compute them on each database). Every analyst filter
// of the hour is then summed and ranked from memory (48 bytes a casualty), never read again.
import type { Db } from './db.ts';
import type { CasualtySummary } from '../core/index.ts';
import { project } from '../core/index.ts';
import type { EventRow } from '../storage/common.ts';
import { EVENT_COLUMNS, rowToEvent } from '../storage/common.ts';
import { FIGURES, TOURNIQUET_BUCKETS, ratesOf } from './recorded.ts';
import type { OutcomeCounts, Quantiles, RecordedFilter, RecordedStats } from './recorded.ts';

const HOUR_MS = 3_600_000;
/** The start of the hour of an instant, as an ISO instant. */
export const hourStart = (iso: string): string => new Date(Math.floor(Date.parse(iso) / HOUR_MS) * HOUR_MS).toISOString();

/** One casualty's facts as the figures read them (casualty_facts' columns of that name). */
export interface FactRow {
  day: string | null;
  unit: string | null;
  status: string;
  outcome: string | null;
  triage: string | null;
  pickup: number | null;
  arrival: number | null;
  surgery: number | null;
}
export interface TourniquetRow {
  day: string | null;
  unit: string | null;
  status: string;
  /** Applied to converted or removed; null while it runs. */
  minutes: number | null;
  converted: boolean;
}

// Minutes between two instants as each database's view computes them: SQLite by julian days (whole milliseconds since
// the julian epoch, over 86,400,000, times 1440 — the same doubles, so `<= 60` decides as it does there), PostgreSQL
// by epoch milliseconds over 60,000.
const JD_EPOCH_MS = 210_866_760_000_000;
function minutesFn(kind: Db['kind']): (from: string | null | undefined, to: string | null | undefined) => number | null {
  return (from, to) => {
    if (!from || !to) return null;
    const a = Date.parse(from);
    const b = Date.parse(to);
    if (Number.isNaN(a) || Number.isNaN(b)) return null;
    return kind === 'sqlite' ? ((b + JD_EPOCH_MS) / 86_400_000 - (a + JD_EPOCH_MS) / 86_400_000) * 1440 : (b - a) / 60_000;
  };
}

/** The fact rows of one projected casualty (migration 005's casualty_facts_source and casualty_tourniquets_source). */
export function factsOf(s: CasualtySummary, kind: Db['kind']): { fact: FactRow; tourniquets: TourniquetRow[] } {
  const minutes = minutesFn(kind);
  const injured = s.injuredAt;
  const ms = injured ? Date.parse(injured) : NaN;
  const day = Number.isNaN(ms) ? null : new Date(ms).toISOString().slice(0, 10);
  const unit = s.unitId;
  const status = s.state.identity.status ?? 'military';
  const first = (k: 'pickup' | 'arrival' | 'surgery'): number | null => {
    let m: number | null = null;
    for (const step of s.state.chain) {
      if (step.kind !== k) continue;
      const v = minutes(injured, step.at);
      if (v !== null && (m === null || v < m)) m = v;
    }
    return m;
  };
  const fact: FactRow = { day, unit, status, outcome: s.state.outcome?.outcome ?? null, triage: s.triage, pickup: first('pickup'), arrival: first('arrival'), surgery: first('surgery') };
  const tourniquets = s.state.tourniquets.map((t): TourniquetRow => {
    const conv = minutes(t.appliedAt, t.convertedAt);
    return { day, unit, status, minutes: minutes(t.appliedAt, t.convertedAt ?? t.removedAt), converted: conv !== null && conv <= 120 };
  });
  return { fact, tourniquets };
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const chunks = <T>(xs: readonly T[], n = 500): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

/**
 * How long an append may take from its receipt (`received_at`, the request's clock) to its commit: events are numbered
 * in commit order, so every event received at or after an instant comes after every one received this long before it.
 */
export const APPEND_SLACK_MS = 10 * 60_000;

/**
 * The first event number received at or after `iso`, by a binary search over the log's numbers (a few index reads
 * instead of a scan of every event's receipt time: ~150 ms at 200,000 events under load). Receipt times grow with the
 * numbers up to an append's duration: the caller searches `APPEND_SLACK_MS` earlier.
 */
export async function seqReceivedFrom(db: Db, iso: string): Promise<number> {
  const [b] = await db.all<{ lo: number | string | null; hi: number | string | null }>('SELECT min(seq) AS lo, max(seq) AS hi FROM events', []);
  let lo = Number(b?.lo ?? 0);
  let hi = Number(b?.hi ?? 0) + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const [r] = await db.all<{ seq: number | string; received_at: string }>('SELECT seq, received_at FROM events WHERE seq >= ? ORDER BY seq LIMIT 1', [mid]);
    if (!r || r.received_at >= iso) hi = mid;
    else lo = Number(r.seq) + 1;
  }
  return lo;
}

/**
 * The log's numbers around an hour's start: every event numbered below `from` was received before `asOf`, every one
 * numbered from `hi` on at or after it (an append commits within APPEND_SLACK_MS of its receipt, in number order, so
 * one received that long after `asOf` has only later receipts after it). Only those between are told apart by their
 * receipt time.
 */
export interface HourSeqs {
  asOf: string;
  from: number;
  hi: number;
  /** The log's first number (none before `from`: every casualty written since was recorded since). */
  first: number;
}

export async function hourSeqs(db: Db, asOf: string): Promise<HourSeqs> {
  const at = Date.parse(asOf);
  const [from, hi] = [await seqReceivedFrom(db, new Date(at - APPEND_SLACK_MS).toISOString()), await seqReceivedFrom(db, new Date(at + APPEND_SLACK_MS).toISOString())];
  const [f] = await db.all<{ first: number | string | null }>('SELECT min(seq) AS first FROM events', []);
  return { asOf, from, hi, first: Number(f?.first ?? 0) };
}

/** The current hour's `HourSeqs`, found once and shared by the hour's figures; a failed search is not kept. */
export class HourSeqsOf {
  #kept: { asOf: string; value: Promise<HourSeqs> } | null = null;
  readonly #db: () => Db;

  constructor(db: () => Db) {
    this.#db = db;
  }

  get(asOf: string): Promise<HourSeqs> {
    if (this.#kept?.asOf === asOf) return this.#kept.value;
    const kept = { asOf, value: hourSeqs(this.#db(), asOf) };
    this.#kept = kept;
    kept.value.catch(() => {
      if (this.#kept === kept) this.#kept = null;
    });
    return kept.value;
  }
}

/**
 * Two common table expressions over an hour's `HourSeqs`, with their parameters: `since`, the casualties with an event
 * received at or after `asOf` — by the projection's `last_seq` (its index holds the id) from `hi` on, by the events'
 * receipt between `from` and `hi` — and `old`, those of them recorded before it (refolded as they were then). Nothing
 * is read per casualty registered since (all of them, in a process started late in a busy hour) but its index entries:
 * no scan of the log from the hour's start, no row of theirs returned. `since` may name a casualty twice: it is read
 * through `IN` only (a UNION of the two made SQLite scan every casualty by id).
 */
export function hourCtes(h: HourSeqs): { sql: string; params: (string | number)[] } {
  // With nothing in the log before `from`, no casualty is looked up for an event there.
  const before = h.from > h.first ? 'EXISTS (SELECT 1 FROM events e WHERE e.casualty_id = r.id AND e.seq < ?) OR ' : '';
  return {
    sql: `since AS (SELECT id FROM casualties WHERE last_seq >= ?
    UNION ALL SELECT casualty_id FROM events WHERE seq >= ? AND seq < ? AND received_at >= ?),
  old AS (SELECT r.id FROM casualty_reads r WHERE r.id IN (SELECT id FROM since)
    AND (${before}r.id IN (SELECT casualty_id FROM events WHERE seq >= ? AND seq < ? AND received_at < ?)))`,
    params: [h.hi, h.from, h.hi, h.asOf, ...(before ? [h.from] : []), h.from, h.hi, h.asOf],
  };
}

/**
 * The projections as of `asOf` of those of `ids` written since (an event received at or after it): refolded from
 * their events received before it (null: none then). A casualty absent from the answer is as stored now.
 */
export async function summariesAsOf(db: Db, asOf: string, ids?: readonly string[]): Promise<Map<string, CasualtySummary | null>> {
  const touched: string[] = [];
  if (ids === undefined) {
    const from = await seqReceivedFrom(db, new Date(Date.parse(asOf) - APPEND_SLACK_MS).toISOString());
    for (const r of await db.all<{ id: string }>('SELECT DISTINCT casualty_id AS id FROM events WHERE seq >= ? AND received_at >= ?', [from, asOf])) touched.push(r.id);
  } else {
    for (const part of chunks(ids))
      for (const r of await db.all<{ id: string }>(`SELECT DISTINCT casualty_id AS id FROM events WHERE received_at >= ? AND casualty_id IN (${part.map(() => '?').join(', ')})`, [asOf, ...part])) touched.push(r.id);
  }
  return refoldedAsOf(db, asOf, touched);
}

/** The projections as of `asOf` of these casualties, refolded from their events received before it (null: none then). */
export async function refoldedAsOf(db: Db, asOf: string, touched: readonly string[]): Promise<Map<string, CasualtySummary | null>> {
  const out = new Map<string, CasualtySummary | null>(touched.map((id) => [id, null]));
  for (const part of chunks(touched)) {
    const rows = await db.all<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE received_at < ? AND casualty_id IN (${part.map(() => '?').join(', ')}) ORDER BY seq`, [asOf, ...part]);
    const logs = new Map<string, ReturnType<typeof rowToEvent>[]>();
    for (const r of rows) {
      const e = rowToEvent(r);
      (logs.get(e.casualtyId) ?? logs.set(e.casualtyId, []).get(e.casualtyId)!).push(e);
    }
    for (const [id, log] of logs) out.set(id, project(id, log, asOf).summary);
  }
  return out;
}

const OUTCOME_CODES = ['killed-in-action', 'died-of-wounds', 'returned-to-duty', 'evacuated-onward', 'permanent-injury'] as const;
const NO_OUTCOME = 0;
const OTHER_OUTCOME = OUTCOME_CODES.length + 1;
const outcomeCode = (o: string | null): number => (o === null ? NO_OUTCOME : (OUTCOME_CODES as readonly string[]).indexOf(o) + 1 || OTHER_OUTCOME);
const fig = (k: (typeof FIGURES)[number]): number => FIGURES.indexOf(k);
const [ALL, WOUNDED, OPEN, T1, T1_60, T1_120] = [fig('all'), fig('wounded'), fig('open'), fig('t1'), fig('t1-surgery-60'), fig('t1-surgery-120')];
const KIA = 1;
/** The figure of each outcome code (1 = killed in action, …: OUTCOME_CODES' order). */
const OUTCOME_FIGURE = (['kia', 'dow', 'rtd', 'evacuated-onward', 'permanent-injury'] as const).map(fig);
const BUCKET_RUNNING = TOURNIQUET_BUCKETS.indexOf('running');
const bucketOf = (m: number): number => (Number.isNaN(m) ? BUCKET_RUNNING : m < 30 ? 0 : m < 60 ? 1 : m < 120 ? 2 : m < 360 ? 3 : 4);

interface CellKey {
  day: string | null;
  unit: string | null;
  status: string;
}

/** The hour's figures: one row per casualty in typed arrays (no id kept), its (day, unit, status) as a cell number. */
export class AnalystSnapshot {
  readonly asOf: string;
  readonly #cells: CellKey[] = [];
  readonly #cellOf = new Map<string, number>();
  readonly #cell: Uint32Array;
  readonly #outcome: Uint8Array;
  readonly #t1: Uint8Array;
  readonly #times: [Float64Array, Float64Array, Float64Array];
  /** Per time: the casualties that have it, sorted by it (the quantiles walk these). */
  readonly #order: Uint32Array[];
  readonly #tqCell: Uint32Array;
  readonly #tqBucket: Uint8Array;
  readonly #tqConverted: Uint8Array;
  readonly #lost: Map<string | null, number>;

  constructor(asOf: string, facts: readonly FactRow[], tourniquets: readonly TourniquetRow[], lost: Map<string | null, number>) {
    this.asOf = asOf;
    const n = facts.length;
    this.#cell = new Uint32Array(n);
    this.#outcome = new Uint8Array(n);
    this.#t1 = new Uint8Array(n);
    this.#times = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    facts.forEach((f, i) => {
      this.#cell[i] = this.#key(f);
      this.#outcome[i] = outcomeCode(f.outcome);
      this.#t1[i] = f.triage === 'T1' ? 1 : 0;
      this.#times[0][i] = f.pickup ?? NaN;
      this.#times[1][i] = f.arrival ?? NaN;
      this.#times[2][i] = f.surgery ?? NaN;
    });
    this.#order = this.#times.map((v) => {
      const has: number[] = [];
      for (let i = 0; i < n; i++) if (!Number.isNaN(v[i]!)) has.push(i);
      return Uint32Array.from(has.sort((a, b) => v[a]! - v[b]!));
    });
    this.#tqCell = Uint32Array.from(tourniquets, (t) => this.#key(t));
    this.#tqBucket = Uint8Array.from(tourniquets, (t) => bucketOf(t.minutes ?? NaN));
    this.#tqConverted = Uint8Array.from(tourniquets, (t) => (t.converted ? 1 : 0));
    this.#lost = lost;
  }

  /** The figures of the hour's most recent filters (they cannot change within it): a dashboard's repeated polls. */
  readonly #answered = new Map<string, RecordedStats>();

  /** `stats`, remembered for the 64 most recent filters of the hour. */
  statsOf(f: RecordedFilter): RecordedStats {
    const key = JSON.stringify(f, Object.keys(f).sort());
    let s = this.#answered.get(key);
    if (s) this.#answered.delete(key);
    else s = this.stats(f);
    this.#answered.set(key, s);
    if (this.#answered.size > 64) this.#answered.delete(this.#answered.keys().next().value!);
    return s;
  }

  /** Casualties held (tests and the bench). */
  get size(): number {
    return this.#cell.length;
  }

  /** Bytes held by the per-casualty and per-tourniquet arrays. */
  get bytes(): number {
    return this.#cell.byteLength + this.#outcome.byteLength + this.#t1.byteLength + 3 * this.#times[0].byteLength
      + this.#order.reduce((a, o) => a + o.byteLength, 0) + this.#tqCell.byteLength + this.#tqBucket.byteLength + this.#tqConverted.byteLength;
  }

  #key(k: CellKey): number {
    const s = JSON.stringify([k.day, k.unit, k.status]);
    let i = this.#cellOf.get(s);
    if (i === undefined) {
      i = this.#cells.push({ day: k.day, unit: k.unit, status: k.status }) - 1;
      this.#cellOf.set(s, i);
    }
    return i;
  }

  /**
   * The cells' counters summed by day, unit and status, sorted by key: what `rollUp` (recorded.ts) makes of the same
   * cells, with a typed array per breakdown instead of an object per cell (a filter over every day costs ~1 ms, not ~25).
   */
  #rollUp(n: Int32Array): Pick<RecordedStats, 'totals' | 'byDay' | 'byUnit' | 'byStatus'> {
    const F = FIGURES.length;
    const sum = <K>(key: (c: CellKey) => K) => {
      const index = new Map<K, number>();
      const cellGroup = this.#cells.map((c) => index.get(key(c)) ?? index.set(key(c), index.size).get(key(c))!);
      const g = new Int32Array(index.size * F);
      cellGroup.forEach((to, c) => {
        if (n[c * F + ALL] === 0) return;
        for (let j = 0; j < F; j++) g[to * F + j]! += n[c * F + j]!;
      });
      const counts = (i: number) => Object.fromEntries(FIGURES.map((k, j) => [k, g[i * F + j]!])) as unknown as OutcomeCounts;
      const order = (a: [K, number], b: [K, number]) => (String(a[0] ?? '\uffff') < String(b[0] ?? '\uffff') ? -1 : 1);
      return [...index.entries()].filter(([, i]) => g[i * F + ALL]! > 0).sort(order).map(([k, i]): [K, OutcomeCounts] => [k, counts(i)]);
    };
    const totals = sum(() => 0)[0]?.[1] ?? (Object.fromEntries(FIGURES.map((k) => [k, 0])) as unknown as OutcomeCounts);
    return {
      totals,
      byDay: sum((c) => c.day ?? 'unknown').map(([day, c]) => ({ day, ...c })),
      byUnit: sum((c) => c.unit).map(([unit, c]) => ({ unit, ...c })),
      byStatus: sum((c) => c.status).map(([status, c]) => ({ status, ...c })),
    };
  }

  /** Which cells a filter selects: as `whereOf` in SQL (a missing day or unit never matches a bound on it). */
  #selected(f: RecordedFilter): Uint8Array {
    return Uint8Array.from(this.#cells, (c) => Number(
      (!f.from || (c.day !== null && c.day >= f.from)) && (!f.to || (c.day !== null && c.day <= f.to))
      && (!f.unit || c.unit === f.unit) && (!f.status || c.status === f.status)
      && (!f.scopeUnits || (c.unit !== null && f.scopeUnits.includes(c.unit))),
    ));
  }

  /** The figures of a filter, as `recordedStats` gives them over the log as it was at `asOf`. */
  stats(f: RecordedFilter): RecordedStats {
    const on = this.#selected(f);
    // One flat array of counters (cell × figure, in FIGURES' order); objects only for the cells that hold casualties.
    const F = FIGURES.length;
    const n = new Int32Array(this.#cells.length * F);
    const timed = [0, 0, 0];
    for (let i = 0; i < this.#cell.length; i++) {
      const c = this.#cell[i]!;
      if (!on[c]) continue;
      const base = c * F;
      const o = this.#outcome[i]!;
      n[base + ALL]!++;
      if (o !== KIA) n[base + WOUNDED]!++;
      if (o === NO_OUTCOME) n[base + OPEN]!++;
      else if (o <= OUTCOME_CODES.length) n[base + OUTCOME_FIGURE[o - 1]!]!++;
      if (this.#t1[i]) {
        const surgery = this.#times[2][i]!;
        n[base + T1]!++;
        if (surgery <= 60) n[base + T1_60]!++;
        if (surgery <= 120) n[base + T1_120]!++;
      }
      for (let k = 0; k < 3; k++) if (!Number.isNaN(this.#times[k]![i]!)) timed[k]!++;
    }
    const { totals, byDay, byUnit, byStatus } = this.#rollUp(n);
    const [pickup, firstFacility, surgery] = [0, 1, 2].map((k) => this.#quantiles(k, on, timed[k]!)) as [Quantiles, Quantiles, Quantiles];
    const buckets = TOURNIQUET_BUCKETS.map((bucket) => ({ bucket: bucket as string, n: 0 }));
    let convertedWithin2h = 0;
    for (let i = 0; i < this.#tqCell.length; i++) {
      if (!on[this.#tqCell[i]!]) continue;
      buckets[this.#tqBucket[i]!]!.n++;
      convertedWithin2h += this.#tqConverted[i]!;
    }
    return {
      filter: f,
      totals,
      rates: ratesOf(totals),
      byDay,
      byUnit,
      byStatus,
      minutesInjuryTo: { pickup, firstFacility, surgery },
      tourniquets: { count: buckets.reduce((a, b) => a + b.n, 0), buckets, convertedWithin2h },
      // As `recordedStats`: lost vehicles of the unit asked for, else of every unit.
      vehiclesLost: f.unit ? (this.#lost.get(f.unit) ?? 0) : [...this.#lost.values()].reduce((a, b) => a + b, 0),
    };
  }

  /**
   * Median and p90 of time `k` over the selected cells, by nearest rank and rounded to a tenth of a minute (the ranks
   * and rounding of `recordedStats`): a walk of the casualties sorted by that time once, at construction.
   */
  #quantiles(k: number, on: Uint8Array, count: number): Quantiles {
    if (count === 0) return { n: 0, median: null, p90: null };
    const rank50 = Math.max(0, Math.ceil(0.5 * count) - 1);
    const rank90 = Math.max(0, Math.ceil(0.9 * count) - 1);
    const order = this.#order[k]!;
    const values = this.#times[k]!;
    let seen = 0;
    let median: number | null = null;
    for (let j = 0; j < order.length; j++) {
      const i = order[j]!;
      if (!on[this.#cell[i]!]) continue;
      if (seen === rank50) median = Math.round(values[i]! * 10) / 10;
      if (seen === rank90) return { n: count, median, p90: Math.round(values[i]! * 10) / 10 };
      seen++;
    }
    return { n: count, median, p90: null };
  }
}

/**
 * Take the snapshot as of `asOf`. One statement (one snapshot of the database) reads the fact and tourniquet rows of
 * the casualties with nothing received since (as they were then) and names those written since that existed then;
 * only those are refolded, from their events received before it.
 */
export async function takeSnapshot(db: Db, asOf: string, seqs?: HourSeqs): Promise<AnalystSnapshot> {
  const h = seqs ?? (await hourSeqs(db, asOf));
  const hour = hourCtes(h);
  const rows = await db.all<Record<string, unknown>>(`WITH ${hour.sql}
    SELECT 'f' AS k, id, injured_day AS day, unit_id AS unit, person_status AS status, outcome, triage, min_to_pickup AS pickup, min_to_arrival AS arrival, min_to_surgery AS surgery, NULL AS minutes, NULL AS converted
      FROM casualty_facts WHERE id NOT IN (SELECT id FROM since)
    UNION ALL SELECT 'q', casualty_id, injured_day, unit_id, person_status, NULL, NULL, NULL, NULL, NULL, minutes, converted_within_2h
      FROM casualty_tourniquets WHERE casualty_id NOT IN (SELECT id FROM since)
    UNION ALL SELECT 'o', id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM old`, hour.params);
  const lostSql = db.kind === 'sqlite'
    ? "SELECT json_extract(body, '$.unitId') AS unit, count(*) AS n FROM entities WHERE kind = 'vehicle' AND json_extract(body, '$.status') = 'lost' GROUP BY 1"
    : "SELECT body ->> 'unitId' AS unit, count(*) AS n FROM entities WHERE kind = 'vehicle' AND body ->> 'status' = 'lost' GROUP BY 1";
  const lost = new Map((await db.all<{ unit: string | null; n: number }>(lostSql, [])).map((r) => [r.unit ?? null, Number(r.n)]));
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  const facts: FactRow[] = [];
  const tourniquets: TourniquetRow[] = [];
  const old: string[] = [];
  for (const r of rows) {
    if (r.k === 'f') facts.push({ day: text(r.day), unit: text(r.unit), status: String(r.status), outcome: text(r.outcome), triage: text(r.triage),
      pickup: num(r.pickup), arrival: num(r.arrival), surgery: num(r.surgery) });
    else if (r.k === 'q') tourniquets.push({ day: text(r.day), unit: text(r.unit), status: String(r.status), minutes: num(r.minutes), converted: Number(r.converted) === 1 });
    else old.push(String(r.id));
  }
  for (const s of (await refoldedAsOf(db, asOf, old)).values()) {
    if (!s) continue;
    const f = factsOf(s, db.kind);
    facts.push(f.fact);
    tourniquets.push(...f.tourniquets);
  }
  return new AnalystSnapshot(asOf, facts, tourniquets, lost);
}

/** One snapshot kept: the current hour's. Concurrent first requests share the one being taken; a failed one is not kept. */
export class HourlySnapshot {
  #kept: { asOf: string; value: Promise<AnalystSnapshot> } | null = null;
  /** Snapshots taken (tests and the bench). */
  taken = 0;

  readonly #db: () => Db;
  readonly #seqs: HourSeqsOf;

  constructor(db: () => Db, seqs = new HourSeqsOf(db)) {
    this.#db = db;
    this.#seqs = seqs;
  }

  get(now: string): Promise<AnalystSnapshot> {
    const asOf = hourStart(now);
    if (this.#kept?.asOf === asOf) return this.#kept.value;
    this.taken++;
    const value = this.#seqs.get(asOf).then((h) => takeSnapshot(this.#db(), asOf, h));
    const kept = { asOf, value };
    this.#kept = kept;
    value.catch(() => {
      if (this.#kept === kept) this.#kept = null;
    });
    return value;
  }
}
