// The read side of both adapters (migration 008): row scope applied in the query, narrow columns instead of whole
// folded states, aggregates in the database. The tables it reads (casualty_access, casualty_reads, entity_head)
// are kept by triggers beside every write of a projection row. Called through the casualty log's reader
// (src/log/read.ts), which builds the scope from the caller.
import type { EventRow } from './common.ts';
import { EVENT_COLUMNS, rowToEvent } from './common.ts';
import type { EvacuationQuery, EvacuationRow, PlanCasualtyState, ReadScope, ScopedEventPage, StatisticsRows, Store } from './port.ts';
import { scopeSql } from './scope-sql.ts';

export interface SqlRunner {
  dialect: 'sqlite' | 'postgres';
  all<R>(sql: string, params: unknown[]): Promise<R[]>;
}

/** Placeholders in order of use: `p(value)` records the value and answers its placeholder. */
function placeholders(dialect: SqlRunner['dialect']): { values: unknown[]; p: (v: unknown) => string } {
  const values: unknown[] = [];
  return { values, p: (v) => (values.push(v), dialect === 'sqlite' ? `?${values.length}` : `$${values.length}`) };
}

const parsed = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
const lim = (n: number): number => Math.max(0, Math.floor(n));

/** Keyset cursor of an evacuation row: rank, sort time, id. */
const evacCursor = (rank: number, ms: number, id: string): string => `${rank}~${ms}~${id}`;
function parseEvacCursor(c: string): [number, number, string] | null {
  const m = /^(\d{1,3})~(-?[\d.e+-]+)~(.{1,200})$/.exec(c);
  return m && Number.isFinite(Number(m[2])) ? [Number(m[1]), Number(m[2]), m[3]!] : null;
}

type ReadSide = Pick<Store, 'eventsAfterIn' | 'evacuations' | 'planInputs' | 'statistics' | 'entityVersion' | 'inScope'>;
const CHUNK = 500;

/**
 * `seqCap()`: SQL that a cursor read of the log adds to its WHERE (` AND seq …`, or ''): the highest seq a cursor
 * may pass — PostgreSQL's durable head (migration 026); SQLite commits at synchronous=FULL, so it needs none.
 */
export function readSide(db: SqlRunner, seqCap: () => string = () => ''): ReadSide {
  const d = db.dialect;
  const json = (path: string[]): string =>
    d === 'sqlite' ? `json_extract(c.state, '$.${path.join('.')}')` : `casualty_json(c.state)${path.map((k) => ` -> '${k}'`).join('')}`;
  const yes = d === 'sqlite' ? '1' : 'true';
  const planInputs = keptPlanInputs(db);
  return {
    async eventsAfterIn(after, limit, scope): Promise<ScopedEventPage> {
      const { values, p } = placeholders(d);
      const inScope = scopeSql(scope, 'casualty_id', p);
      // Incidents' logs have access rows too (migration 013): one condition serves casualties and incidents alike.
      const visible = inScope ?? '1 = 1';
      // One statement, one snapshot: the cursor moves past exactly what was scanned, in scope or not.
      const rows = await db.all<EventRow & { visible: number | boolean }>(
        `SELECT ${EVENT_COLUMNS}, ${visible} AS visible FROM events WHERE seq > ${p(after)}${seqCap()} ORDER BY seq LIMIT ${p(lim(limit))}`,
        values,
      );
      const events = rows.filter((r) => r.visible === true || Number(r.visible) === 1).map(rowToEvent);
      return { events, next: rows.length ? Number(rows[rows.length - 1]!.seq) : after, scanned: rows.length };
    },

    async evacuations(q: EvacuationQuery): Promise<EvacuationRow[]> {
      const { values, p } = placeholders(d);
      const where = [q.status === 'open' ? `r.evac_open = ${yes}` : `r.evac = ${yes}`];
      const inScope = scopeSql(q.scope, 'r.id', p);
      if (inScope) where.push(inScope);
      const from = q.after === undefined ? null : parseEvacCursor(q.after);
      if (from) where.push(d === 'sqlite' ? `(r.evac_rank, r.evac_ms, r.id) > (${p(from[0])}, ${p(from[1])}, ${p(from[2])})` : `(r.evac_rank, r.evac_ms, r.id) > (${p(from[0])}::integer, ${p(from[1])}::double precision, ${p(from[2])}::text)`);
      const rows = await db.all<Record<string, unknown>>(
        `SELECT c.id, c.stage, c.precedence, c.triage, c.vehicle_id, c.destination_id, c.injured_at, ${json(['evac'])} AS evac,
           ${json(['tourniquets'])} AS tourniquets, r.evac_rank, r.evac_ms
         FROM casualty_reads r JOIN casualties c ON c.id = r.id
         WHERE ${where.join(' AND ')} ORDER BY r.evac_rank, r.evac_ms, r.id LIMIT ${p(lim(q.limit))}`,
        values,
      );
      return rows.map((r) => ({
        id: r.id as string,
        stage: r.stage as EvacuationRow['stage'],
        precedence: r.precedence as EvacuationRow['precedence'],
        triage: r.triage as string | null,
        vehicleId: r.vehicle_id as string | null,
        destinationId: r.destination_id as string | null,
        injuredAt: r.injured_at as string | null,
        evac: parsed<EvacuationRow['evac']>(r.evac),
        tourniquets: parsed<EvacuationRow['tourniquets']>(r.tourniquets) ?? [],
        cursor: evacCursor(Number(r.evac_rank), Number(r.evac_ms), r.id as string),
      }));
    },

    planInputs,

    async statistics(scope: ReadScope): Promise<StatisticsRows> {
      const { values, p } = placeholders(d);
      const inScope = scopeSql(scope, 'r.id', p);
      if (inScope === null) return rolledUpStatistics(db);
      const where = inScope ? `WHERE ${inScope}` : '';
      const groups = await db.all<{ stage: string; precedence: string | null; triage: string | null; outcome: string | null; conflict: number | boolean; n: number | string }>(
        `SELECT r.stage, r.precedence, r.triage, r.outcome, r.conflict, count(*) AS n FROM casualty_reads r ${where}
         GROUP BY r.stage, r.precedence, r.triage, r.outcome, r.conflict`,
        values,
      );
      // The median's middle values by an ordered walk in the database: a count, then one or two rows.
      const minutes = d === 'sqlite'
        ? `CAST(floor((unixepoch(r.arrival_at, 'subsec') - unixepoch(r.injured_at, 'subsec')) / 60.0 + 0.5) AS INTEGER)`
        : `floor((gh_ms(r.arrival_at) - gh_ms(r.injured_at)) / 60000.0 + 0.5)::bigint`;
      const has = `r.arrival_at IS NOT NULL AND r.injured_at IS NOT NULL${inScope ? ` AND ${inScope}` : ''}`;
      const [{ n: count } = { n: 0 }] = await db.all<{ n: number | string }>(`SELECT count(*) AS n FROM casualty_reads r WHERE ${has}`, values);
      const n = Number(count);
      const offset = Math.max(0, Math.floor((n - 1) / 2));
      const middle = n === 0 ? [] : (await db.all<{ m: number | string }>(`SELECT ${minutes} AS m FROM casualty_reads r WHERE ${has} ORDER BY m LIMIT ${n % 2 ? 1 : 2} OFFSET ${offset}`, values)).map((r) => Number(r.m));
      return {
        groups: groups.map((g) => ({ stage: g.stage, precedence: g.precedence, triage: g.triage, outcome: g.outcome, conflict: g.conflict === true || Number(g.conflict) === 1, n: Number(g.n) })),
        toArrival: { n, middle },
      };
    },

    async inScope(ids, scope): Promise<Set<string>> {
      const unique = [...new Set(ids)];
      if (scope.all) return new Set(unique);
      const out = new Set<string>();
      if (scope.keys.length === 0) return out;
      for (let i = 0; i < unique.length; i += CHUNK) {
        const { values, p } = placeholders(d);
        const some = unique.slice(i, i + CHUNK).map((id) => p(id)).join(', ');
        const keys = scope.keys.map((k) => p(k)).join(', ');
        for (const r of await db.all<{ casualty_id: string }>(`SELECT DISTINCT casualty_id FROM casualty_access WHERE casualty_id IN (${some}) AND key IN (${keys})`, values))
          out.add(r.casualty_id);
      }
      return out;
    },

    async entityVersion(): Promise<number> {
      const [r] = await db.all<{ n: number | string }>(`SELECT n FROM entity_head WHERE ${d === 'sqlite' ? 'id = 1' : 'one'}`, []);
      return Number(r?.n ?? 0);
    },
  };
}

/**
 * The statistics of every casualty from migration 019's roll-ups (kept by triggers in each write's transaction):
 * a few rows per stage × precedence × triage × outcome × conflict, and the median's middle values by a walk over the
 * distinct minutes to arrival with their running count — nothing is read per casualty.
 */
async function rolledUpStatistics(db: SqlRunner): Promise<StatisticsRows> {
  const groups = await db.all<{ stage: string; precedence: string; triage: string; outcome: string; conflict: number | boolean; n: number | string }>(
    'SELECT stage, precedence, triage, outcome, conflict, n FROM casualty_stats_rollup WHERE n > 0',
    [],
  );
  const [{ n: count } = { n: 0 }] = await db.all<{ n: number | string | null }>('SELECT sum(n) AS n FROM casualty_arrival_minutes', []);
  const n = Number(count ?? 0);
  const offset = Math.max(0, Math.floor((n - 1) / 2));
  const ph = db.dialect === 'sqlite' ? '?1' : '$1';
  // The first two distinct minutes whose running count passes the middle offset hold both middle values.
  const walk = n === 0 ? [] : await db.all<{ m: number | string; upto: number | string }>(
    `SELECT m, upto FROM (SELECT minutes AS m, sum(n) OVER (ORDER BY minutes) AS upto FROM casualty_arrival_minutes WHERE n > 0) w
     WHERE upto > ${ph} ORDER BY m LIMIT 2`,
    [offset],
  );
  const middle = walk.length === 0 ? [] : [Number(walk[0]!.m)];
  if (n > 0 && n % 2 === 0) middle.push(Number(walk[0]!.upto) > offset + 1 ? middle[0]! : Number(walk[1]!.m));
  const value = (k: string): string | null => (k === '' ? null : k.slice(1));
  return {
    groups: groups.map((g) => ({ stage: g.stage, precedence: value(g.precedence), triage: value(g.triage), outcome: value(g.outcome), conflict: g.conflict === true || Number(g.conflict) === 1, n: Number(g.n) })),
    toArrival: { n, middle },
  };
}

/** A casualty_plan row (migration 028): the planner's scalar fields as columns, the structured ones in `parts`. */
interface PlanRow {
  id: string;
  stage: string | null;
  precedence: string | null;
  injured_at: string | null;
  facility_id: string | null;
  destination: string | null;
  vehicle_id: string | null;
  /** JSON: [outcome, vitals, triage's value, chain, the 9-line's location, position, latest assignment, incident, the 9-line's line 3]. */
  parts: string;
}
const PLAN_COLUMNS = ['id', 'stage', 'precedence', 'injured_at', 'facility_id', 'destination', 'vehicle_id', 'parts'] as const;

/** The planner's part of a casualty's state (live-state.ts) from its casualty_plan row. */
function planState(r: PlanRow): PlanCasualtyState {
  const [outcome, vitals, triage, chain, location, position, assigned, incident, line3] = JSON.parse(r.parts) as unknown[];
  return {
    id: r.id, stage: r.stage, outcome: outcome ?? null, vitals: vitals ?? [], triage: { value: triage ?? null }, precedence: { value: r.precedence },
    injuredAt: r.injured_at, chain: chain ?? [], evac: { nineLine: location ? { location, ...(line3 ? { patientsByPrecedence: line3 } : {}) } : null }, position: position ?? null,
    facilityId: r.facility_id, destination: { value: r.destination }, vehicleId: r.vehicle_id, vehicle: { history: assigned ? [assigned] : [] }, incident: incident ?? null,
  } as unknown as PlanCasualtyState;
}

/** The kept copy still holds what the row says (a write that moved none of the planner's fields). */
const sameRow = (a: PlanRow, b: PlanRow): boolean => PLAN_COLUMNS.every((k) => a[k] === b[k]);

/**
 * The planner's part of every open casualty, kept between calls (issue 16): what `Store.planInputs` answers, read
 * from casualty_plan (migration 028: one narrow row per open casualty, kept by triggers), never from the states.
 * The first call reads every row; later calls read only the casualties whose last_seq moved, with their plan rows.
 */
function keptPlanInputs(db: SqlRunner): () => Promise<PlanCasualtyState[]> {
  const d = db.dialect;
  /** The open casualties' rows and plan inputs kept between plans, the highest last_seq read, and their ids in order. */
  const plan = { rows: new Map<string, { row: PlanRow; c: PlanCasualtyState }>(), seen: -1, order: null as string[] | null };
  const cols = PLAN_COLUMNS.map((k) => `p.${k}`).join(', ');
  return async (): Promise<PlanCasualtyState[]> => {
    // Nothing kept yet: every plan row in one statement, with the highest last_seq of the same snapshot, so a write
    // that lands meanwhile is past it and read by the next delta. PostgreSQL: the durable head (migration 026), so
    // the delta's cursor never passes a write not yet flushed.
    if (plan.seen < 0) {
      const head = d === 'sqlite' ? '(SELECT max(last_seq) FROM casualties)' : '(SELECT max(seq) FROM append_durable)';
      const rows = await db.all<PlanRow & { head: number | string | null }>(`SELECT ${cols}, ${head} AS head FROM casualty_plan p`, []);
      for (const row of rows) {
        plan.seen = Math.max(plan.seen, Number(row.head ?? -1));
        plan.rows.set(row.id, { row, c: planState(row) });
      }
      plan.order = null;
    }
    // Incremental (issue 16): only casualties whose last_seq passed the highest one seen are read (by the last_seq
    // index), each with its plan row (none: closed). last_seq moves with every change to a projection (a late
    // event's refold included) and is allocated in commit order, so no change is missed; a row that closed leaves
    // the kept set. A copy whose row says the same (a note, say) stays the same object.
    const moved = await db.all<Omit<PlanRow, 'id'> & { cid: string; last_seq: number | string; id: string | null }>(
      `SELECT c.id AS cid, c.last_seq, ${cols} FROM casualties c LEFT JOIN casualty_plan p ON p.id = c.id
       WHERE ${d === 'sqlite' ? 'c.last_seq > ?1' : 'c.last_seq > $1 AND c.last_seq <= (SELECT max(seq) FROM append_durable)'} ORDER BY c.last_seq`,
      [plan.seen],
    );
    for (const r of moved) {
      plan.seen = Math.max(plan.seen, Number(r.last_seq));
      const kept = plan.rows.get(r.cid);
      if (r.id === null) {
        // Closed (read after a later write that closed it, too): dropped; its last_seq brings it back if it reopens.
        if (plan.rows.delete(r.cid)) plan.order = null;
        continue;
      }
      const row: PlanRow = { id: r.id, stage: r.stage, precedence: r.precedence, injured_at: r.injured_at, facility_id: r.facility_id, destination: r.destination, vehicle_id: r.vehicle_id, parts: r.parts };
      if (kept && sameRow(kept.row, row)) continue;
      if (!kept) plan.order = null;
      plan.rows.set(r.id, { row, c: planState(row) });
    }
    plan.order ??= [...plan.rows.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return plan.order.map((id) => plan.rows.get(id)!.c);
  };
}

export { asPlanStates } from './plan-states.ts';
