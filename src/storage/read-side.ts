// The read side of both adapters (migration 008): row scope applied in the query, narrow columns instead of whole
// folded states, aggregates in the database. The tables it reads (casualty_access, casualty_reads, entity_head)
// are kept by triggers beside every write of a projection row. Called through the casualty log's reader
// (src/log/read.ts), which builds the scope from the caller.
import type { CasualtyState } from '../core/index.ts';
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

/**
 * The planner's part of every open casualty, kept between calls (issue 16): what `Store.planInputs` answers. The
 * rows are read by a last_seq delta; a row's copy is replaced only when its last_seq moved.
 */
function keptPlanInputs(db: SqlRunner): () => Promise<PlanCasualtyState[]> {
  const d = db.dialect;
  /** The open casualties' plan inputs kept between plans, the highest last_seq read, and their ids in order. */
  const plan = { rows: new Map<string, { seq: number; c: PlanCasualtyState }>(), seen: -1, order: null as string[] | null };
  /** The planner's part of these casualties' states (live-state.ts): a decision's value, not its history. */
  const planRows = async (ids: string[] | 'open'): Promise<{ seq: number; head: number; c: PlanCasualtyState }[]> => {
    const { values, p } = placeholders(d);
    // 'open': every open row in one statement, with the highest last_seq of the same snapshot (the cold read).
    const which = (c: string) => (ids === 'open' ? `${c}stage <> 'closed'` : `${c}id IN (${ids.map((id) => p(id)).join(', ')})`);
    // PostgreSQL: the durable head (migration 026), so the delta's cursor never passes a write not yet flushed.
    const head = ids !== 'open' ? '-1' : d === 'sqlite' ? '(SELECT max(last_seq) FROM casualties)' : '(SELECT max(seq) FROM append_durable)';
    // PostgreSQL: a state is parsed once; only one holding a NUL escape (older rows: the boundary refuses them now)
    // is cleaned by casualty_json first, whose copy is parsed again (for every row, that was most of the cold plan's
    // read at 10,000 casualties: issue 16).
    const rows =
      d === 'sqlite'
        ? (
            await db.all<{ j: string; last_seq: number; head: number | null }>(
              `SELECT json_extract(state, '$.id', '$.stage', '$.outcome', '$.vitals', '$.triage.value', '$.precedence.value', '$.injuredAt', '$.chain',
                 '$.evac.nineLine.location', '$.position', '$.facilityId', '$.destination.value', '$.vehicleId', '$.vehicle.history[#-1]', '$.incident') AS j, last_seq, ${head} AS head
               FROM casualties WHERE ${which('')}`,
              values,
            )
          ).map((r) => ({ seq: Number(r.last_seq), head: Number(r.head ?? -1), j: JSON.parse(r.j) as unknown[] }))
        : (
            await db.all<{ j: unknown[]; last_seq: number | string; head: number | string | null }>(
              `SELECT json_build_array(x.id, x.stage, x.outcome, x.vitals, x.triage -> 'value', x.precedence -> 'value', x."injuredAt", x.chain,
                 x.evac -> 'nineLine' -> 'location', x.position, x."facilityId", x.destination -> 'value', x."vehicleId", x.vehicle -> 'history' -> -1, x.incident) AS j, c.last_seq, ${head} AS head
               FROM casualties c, json_to_record(CASE WHEN strpos(c.state::text, '\\u0000') > 0 THEN casualty_json(c.state) ELSE c.state END) AS x(id json, stage json, outcome json, vitals json, triage json, precedence json, "injuredAt" json,
                 chain json, evac json, position json, "facilityId" json, destination json, "vehicleId" json, vehicle json, incident json)
               WHERE ${which('c.')}`,
              values,
            )
          ).map((r) => ({ seq: Number(r.last_seq), head: Number(r.head ?? -1), j: r.j }));
    return rows.map(({ seq, head, j: [id, stage, outcome, vitals, triage, precedence, injuredAt, chain, location, position, facilityId, destination, vehicleId, assigned, incident] }) => ({
      seq,
      head,
      c: {
        id, stage, outcome: outcome ?? null, vitals: vitals ?? [], triage: { value: triage ?? null }, precedence: { value: precedence ?? null },
        injuredAt: injuredAt ?? null, chain: chain ?? [], evac: { nineLine: location ? { location } : null }, position: position ?? null,
        facilityId: facilityId ?? null, destination: { value: destination ?? null }, vehicleId: vehicleId ?? null, vehicle: { history: assigned ? [assigned] : [] }, incident: incident ?? null,
      } as unknown as PlanCasualtyState,
    }));
  };
  return async (): Promise<PlanCasualtyState[]> => {
    // Nothing kept yet: the open rows in one statement (no per-row delta, no IN lists), the head from the same
    // snapshot, so a write that lands meanwhile is past it and read by the next delta.
    if (plan.seen < 0) {
      for (const row of await planRows('open')) {
        plan.seen = Math.max(plan.seen, row.head);
        plan.rows.set(row.c.id as string, row);
      }
      plan.order = null;
    }
    // Incremental (issue 16): only rows whose last_seq passed the highest one seen are read (by the last_seq
    // index), the planner's part of the state only for those still open. last_seq moves with every change to a
    // projection (a late event's refold included) and is allocated in commit order, so no change is missed; a
    // row that closed leaves the kept set. A copy with the same last_seq is still right and stays the same object.
    const moved = await db.all<{ id: string; last_seq: number | string; stage: string }>(
      `SELECT id, last_seq, stage FROM casualties WHERE ${d === 'sqlite' ? 'last_seq > ?1' : 'last_seq > $1 AND last_seq <= (SELECT max(seq) FROM append_durable)'} ORDER BY last_seq`,
      [plan.seen],
    );
    const stale: string[] = [];
    for (const r of moved) {
      const seq = Number(r.last_seq);
      plan.seen = Math.max(plan.seen, seq);
      if (r.stage === 'closed') {
        if (plan.rows.delete(r.id)) plan.order = null;
      } else if (plan.rows.get(r.id)?.seq !== seq) stale.push(r.id);
    }
    for (let i = 0; i < stale.length; i += CHUNK)
      for (const row of await planRows(stale.slice(i, i + CHUNK))) {
        const id = row.c.id as string;
        if (!plan.rows.has(id)) plan.order = null;
        // Read after a later write that closed it: dropped here, and its last_seq brings it back if it reopens.
        if (row.c.stage === 'closed') {
          if (plan.rows.delete(id)) plan.order = null;
        } else plan.rows.set(id, row);
      }
    plan.order ??= [...plan.rows.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return plan.order.map((id) => plan.rows.get(id)!.c);
  };
}

/** The planner's casualties as folded states (the planner reads only the fields PlanCasualtyState names). */
export const asPlanStates = (xs: PlanCasualtyState[]): CasualtyState[] => xs as unknown as CasualtyState[];
