// GET /api/stats as of the start of the hour (test/attack/README.md, "/api/stats by the first request"; docs/security.md,
// "The analyst's hour"). Computed at the hour's first request, the statistics were the log at an instant the caller
// chose (the last second of one hour, then the first of the next: a write timed to the second) and each API process
// took its own. As the analysts' accounting figures (snapshot.ts), they are now the log as received before the hour's
// start, in every scope: a function of the data, the same in every process whenever it is first asked.
//
// Per scope, once per hour, ONE statement (one snapshot of the database) gives both the counts of the casualties with
// no event received since the hour began (their casualty_reads rows are as they were at its start) and which ones
// with one were recorded before it; those are refolded from their events received before it (once an hour in the
// process, for every scope) and counted in the scope their access keys gave then. Everything (seesAll) reads
// migration 019's roll-ups and takes the written-since casualties' current rows back out, grouped in the database:
// rows per group, per minute and per casualty refolded, none per casualty registered since (`hourCtes`). A
// narrower scope groups its own rows in the database (as `Store.statistics`).
import type { Db } from './db.ts';
import type { CasualtySummary } from '../core/index.ts';
import type { ReadScope, StatisticsRows } from '../storage/port.ts';
import { ACCESS_KEY } from '../storage/port.ts';
import { scopeSql } from '../storage/scope-sql.ts';
import { statisticsRowOf } from '../auth/stats.ts';
import { HourSeqsOf, hourCtes, hourStart, refoldedAsOf } from './snapshot.ts';
import type { HourSeqs } from './snapshot.ts';

type Group = Omit<StatisticsRows['groups'][number], 'n'>;
/** A casualty written since the hour began, as it was at the start: its group, its minutes to arrival, its access keys. */
interface Then {
  group: Group;
  minutes: number | null;
  keys: Set<string>;
}

/** casualty_access' keys of a projection row (migration 008): its authors, unit, facility, destination, chain's facilities. */
export function accessKeysOf(s: CasualtySummary): Set<string> {
  const keys = new Set(s.authors.map(ACCESS_KEY.author));
  if (s.unitId !== null) keys.add(ACCESS_KEY.unit(s.unitId));
  for (const f of [s.facilityId, s.destinationId, ...s.state.chain.map((c) => c.facilityId)]) if (f) keys.add(ACCESS_KEY.facility(f));
  return keys;
}

/** The count and one or two middle values of minutes counted per value (as `middleOf` over the values themselves). */
export function middleOfCounts(counts: ReadonlyMap<number, number>): StatisticsRows['toArrival'] {
  const sorted = [...counts].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const n = sorted.reduce((s, [, k]) => s + k, 0);
  const at = (rank: number): number => {
    let seen = 0;
    for (const [m, k] of sorted) if ((seen += k) > rank) return m;
    throw new Error('rank past the counts');
  };
  return { n, middle: n === 0 ? [] : n % 2 ? [at((n - 1) / 2)] : [at(n / 2 - 1), at(n / 2)] };
}

/**
 * One row of the statement: 'g' a group's count, 'm' a minute's count, 'w' a count of the casualties written since by
 * their rows now (group and minutes), 'o' one of them recorded before the hour (refolded).
 */
interface Row {
  k: 'g' | 'm' | 'w' | 'o';
  stage: string | null;
  precedence: string | null;
  triage: string | null;
  outcome: string | null;
  conflict: number | boolean | null;
  n: number | string;
  m: number | string | null;
  id: string | null;
}

/** The statement of a scope (`?`s in order: the hour's, `hourCtes`, then the scope's keys as often as it is written). */
function statement(kind: Db['kind'], scope: ReadScope, h: HourSeqs): { sql: string; params: (string | number)[] } {
  const hour = hourCtes(h);
  const params: (string | number)[] = [...hour.params];
  const minutes = kind === 'sqlite' ? "CAST(floor((unixepoch(r.arrival_at, 'subsec') - unixepoch(r.injured_at, 'subsec')) / 60.0 + 0.5) AS INTEGER)" : 'gh_arrival_minutes(r)';
  const old = "SELECT 'o', NULL, NULL, NULL, NULL, NULL, 1, NULL, id FROM old";
  if (scope.all) {
    // The roll-ups hold the rows written since as they are now: counted here by group and minutes, to be taken back out.
    return {
      sql: `WITH ${hour.sql}
        SELECT 'g' AS k, stage, precedence, triage, outcome, conflict, n, NULL AS m, NULL AS id FROM casualty_stats_rollup WHERE n > 0
        UNION ALL SELECT 'm', NULL, NULL, NULL, NULL, NULL, n, minutes, NULL FROM casualty_arrival_minutes WHERE n > 0
        UNION ALL SELECT 'w', stage, precedence, triage, outcome, conflict, count(*), m, NULL FROM (
          SELECT r.stage, r.precedence, r.triage, r.outcome, r.conflict, ${minutes} AS m FROM casualty_reads r WHERE r.id IN (SELECT id FROM since)) w
          GROUP BY stage, precedence, triage, outcome, conflict, m
        UNION ALL ${old}`,
      params,
    };
  }
  const p = (v: string): string => (params.push(v), '?');
  const unchanged = () => `${scopeSql(scope, 'r.id', p) ?? '1 = 1'} AND r.id NOT IN (SELECT id FROM since)`;
  const groups = `SELECT 'g' AS k, r.stage, r.precedence, r.triage, r.outcome, r.conflict, count(*) AS n, NULL AS m, NULL AS id FROM casualty_reads r
    WHERE ${unchanged()} GROUP BY r.stage, r.precedence, r.triage, r.outcome, r.conflict`;
  const arrivals = `SELECT 'm', NULL, NULL, NULL, NULL, NULL, count(*), ${minutes}, NULL FROM casualty_reads r
    WHERE r.arrival_at IS NOT NULL AND r.injured_at IS NOT NULL AND ${unchanged()} GROUP BY ${minutes}`;
  return { sql: `WITH ${hour.sql} ${groups} UNION ALL ${arrivals} UNION ALL ${old}`, params };
}

const rolled = (v: string | null): string | null => (v === null || v === '' ? null : v.slice(1));

/** One hour's statistics of one process: each scope counted once, the casualties written since refolded once. */
interface Hour {
  asOf: string;
  then: Map<string, Then | null>;
  byScope: Map<string, Promise<StatisticsRows>>;
}

/** The statistics of each scope as of the current hour's start; the last hour's are forgotten. */
export class HourlyStatistics {
  #hour: Hour | null = null;
  /** Scopes counted (tests and the bench). */
  computed = 0;
  readonly #db: () => Db;
  readonly #seqs: HourSeqsOf;

  constructor(db: () => Db, seqs = new HourSeqsOf(db)) {
    this.#db = db;
    this.#seqs = seqs;
  }

  /** The statistics of `scope` as of the start of `now`'s hour. Concurrent first requests share one; a failed one is not kept. */
  get(scope: ReadScope, now: string): Promise<StatisticsRows> {
    const asOf = hourStart(now);
    if (this.#hour?.asOf !== asOf) this.#hour = { asOf, then: new Map(), byScope: new Map() };
    const hour = this.#hour;
    const key = JSON.stringify(scope);
    let value = hour.byScope.get(key);
    if (!value) {
      this.computed++;
      value = this.#count(hour, scope);
      hour.byScope.set(key, value);
      const kept = value;
      kept.catch(() => {
        if (hour.byScope.get(key) === kept) hour.byScope.delete(key);
      });
    }
    return value;
  }

  async #count(hour: Hour, scope: ReadScope): Promise<StatisticsRows> {
    const h = await this.#seqs.get(hour.asOf);
    const db = this.#db();
    const { sql, params } = statement(db.kind, scope, h);
    const groups = new Map<string, Group & { n: number }>();
    const minutes = new Map<number, number>();
    const add = (g: Group, m: number | null, n: number) => {
      const k = JSON.stringify([g.stage, g.precedence, g.triage, g.outcome, g.conflict]);
      (groups.get(k) ?? groups.set(k, { ...g, n: 0 }).get(k)!).n += n;
      if (m !== null) minutes.set(m, (minutes.get(m) ?? 0) + n);
    };
    const old: string[] = [];
    for (const r of await db.all<Row>(sql, params)) {
      const g = { stage: String(r.stage), precedence: r.precedence, triage: r.triage, outcome: r.outcome, conflict: r.conflict === true || Number(r.conflict) === 1 };
      if (r.k === 'm') minutes.set(Number(r.m), (minutes.get(Number(r.m)) ?? 0) + Number(r.n));
      else if (r.k === 'g' && scope.all) add({ ...g, precedence: rolled(r.precedence), triage: rolled(r.triage), outcome: rolled(r.outcome) }, null, Number(r.n));
      else if (r.k === 'g') add(g, null, Number(r.n));
      else if (r.k === 'w') add(g, r.m === null ? null : Number(r.m), -Number(r.n));
      else old.push(r.id!);
    }
    // Those recorded before the hour, counted as they were then (in the scope their access keys gave then).
    for (const c of await this.#then(hour, old)) if (c && (scope.all || scope.keys.some((k) => c.keys.has(k)))) add(c.group, c.minutes, 1);
    return { groups: [...groups.values()].filter((g) => g.n > 0), toArrival: middleOfCounts(minutes) };
  }

  /** These casualties as they were at the hour's start (null: not yet recorded), refolded once an hour. */
  async #then(hour: Hour, ids: readonly string[]): Promise<(Then | null)[]> {
    const missing = ids.filter((id) => !hour.then.has(id));
    if (missing.length) {
      for (const [id, s] of await refoldedAsOf(this.#db(), hour.asOf, missing)) hour.then.set(id, s && { ...statisticsRowOf(s), keys: accessKeysOf(s) });
    }
    return ids.map((id) => hour.then.get(id) ?? null);
  }
}
