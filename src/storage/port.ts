// The one storage port. SQLite (embedded default) and PostgreSQL implement it; one contract suite runs on both.
// Events are append-only; the casualty projection is updated in the same transaction as the append.
import type { WorkforceLog } from './workforce.ts';
import type { SqlRunner } from './sql.ts';
import type { CasualtyEvent, CasualtySummary, StoredEvent, Stage, Precedence, Unit, Facility, Vehicle, ThreatZone, DeviceKey } from '../core/index.ts';

export type EntityKind = 'unit' | 'facility' | 'vehicle' | 'threat-zone' | 'device-key';
export interface EntityOf {
  unit: Unit;
  facility: Facility;
  vehicle: Vehicle;
  'threat-zone': ThreatZone;
  'device-key': DeviceKey;
}

export interface AppendResult {
  /** One entry per submitted event, in submission order. */
  results: { id: string; seq: number; duplicate: boolean }[];
  accepted: number;
  duplicates: number;
  /** Highest sequence number in the store after the append. */
  head: number;
  /** The stored projection of each casualty this append changed (bounded state): answers need no second read. */
  summaries?: CasualtySummary[];
}

export type { CasualtySummary } from '../core/index.ts';

/** A casualty the door read from the store's memory before an append: its last_seq as read. */
export interface WriterRead {
  casualtyId: string;
  lastSeq: number;
}

/** Who wrote an append and through which door: recorded in the log's own audit chain, in the same transaction. */
export interface WriteAudit {
  actor: string;
  deviceId: string | null;
  /** The writer: `POST /api/casualties/:id/events`, `sync push`, `upstream pull`, `tak`, `import`, `demo`… */
  action: string;
  detail?: Record<string, unknown>;
}

/** One entry of the log's audit chain: names every event it wrote by id, seq and content hash. */
export interface LogAuditEntry {
  seq: number;
  at: string;
  actor: string;
  deviceId: string | null;
  action: string;
  detail: Record<string, unknown>;
  /** [event id, seq, content hash] of each event this append stored. */
  events: [string, number, string][];
  prevHash: string;
  hash: string;
}

export interface LogAuditHead {
  seq: number;
  hash: string;
  /** Events up to this seq were stored before the log's audit chain existed (migration 002). */
  legacyThrough: number;
}

export interface CasualtyFilter {
  /** 'open' = any stage but closed; or one stage. */
  status?: 'open' | 'closed' | Stage;
  precedence?: Precedence;
  unitId?: string;
  facilityId?: string;
  /** Only the casualties linked to this mass-casualty incident (issue 15). */
  incidentId?: string;
  /** Only casualties changed after this sequence number. */
  since?: number;
  limit?: number;
  /** Only these casualties. */
  ids?: readonly string[];
  /** Row scope of the reader, applied in the query (`limit` then counts rows in scope). Absent: every row. */
  scope?: ReadScope;
}

/**
 * The rows a reader may see (built by src/auth/policy.ts `readScope`, applied by the store IN the query): every row, or
 * the casualties carrying one of `keys` in `casualty_access` (migration 008: `a:<author>`, `u:<unit>`, `f:<facility>`).
 */
export type ReadScope = { all: true } | { all: false; keys: readonly string[] };
export const ACCESS_KEY = {
  author: (a: string): string => `a:${a}`,
  unit: (u: string): string => `u:${u}`,
  facility: (f: string): string => `f:${f}`,
};

/** One page of the log in a scope: the events in scope among the `limit` scanned, and the cursor past the scan. */
export interface ScopedEventPage {
  events: StoredEvent[];
  /** The last sequence number scanned (in scope or not): the next page starts after it. */
  next: number;
  /** How many events were scanned (fewer than the limit: the end of the log). */
  scanned: number;
}

/** An open evacuation request as the board lists it: narrow columns and the request, not the whole state. */
export interface EvacuationRow {
  id: string;
  stage: Stage;
  precedence: Precedence | null;
  triage: string | null;
  vehicleId: string | null;
  destinationId: string | null;
  injuredAt: string | null;
  evac: CasualtySummary['state']['evac'];
  tourniquets: CasualtySummary['state']['tourniquets'];
  /** Keyset cursor of this row (pass as `after` for the next page). */
  cursor: string;
}

export interface EvacuationQuery {
  /** open: not cancelled, not closed; all: every casualty with a 9-line. */
  status: 'open' | 'all';
  limit: number;
  /** The cursor of the last row of the previous page. */
  after?: string;
  scope?: ReadScope;
}

/** What the planner reads of an open casualty (src/dispatch/live-state.ts): a narrow part of its folded state. */
export type PlanCasualtyState = Pick<CasualtySummary['state'],
  'id' | 'stage' | 'outcome' | 'vitals' | 'triage' | 'precedence' | 'injuredAt' | 'chain' | 'evac' | 'position' | 'facilityId' | 'destination' | 'vehicleId' | 'vehicle' | 'incident'>;

/** Counts for the de-identified statistics (src/auth/stats.ts), grouped in the database. */
export interface StatisticsRows {
  groups: { stage: string; precedence: string | null; triage: string | null; outcome: string | null; conflict: boolean; n: number }[];
  /**
   * Minutes from injury to first arrival (each rounded) over the casualties that have both: how many, and the one or
   * two middle values in order (the median's part, found in the database: issue 16, no row per casualty is read).
   */
  toArrival: { n: number; middle: number[] };
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Apply pending versioned migrations; returns the versions applied. */
  migrate(): Promise<number[]>;
  /**
   * Append a batch atomically: all or nothing. Events whose id is already stored are no-ops (duplicate: true).
   * Projections of every touched casualty are refolded at `now` inside the same transaction, and one entry naming
   * the stored events (with their content hashes) is chained onto the log's audit in it too. An id already stored
   * with different clinical content rejects the whole batch (EventConflictError). Resolves only once the
   * transaction is durable (fsync'd). Call it only from the casualty log service (src/log): lint enforces it.
   * Concurrent appends are group-committed: those queued while a commit is in flight share the next transaction
   * (one fsync), each with its own audit entry; one refused batch does not refuse the others.
   */
  append(events: readonly CasualtyEvent[], now: string, audit?: WriteAudit, checks?: readonly WriterRead[]): Promise<AppendResult>;
  /**
   * The casualty as the door's checks see it before an append (issue 16: no round trip of its own on PostgreSQL).
   * Either the committed row (`check` null), or this process's memory of the row it last wrote or read: then
   * `check` names what was read, and an append given it refuses (StaleReadError, nothing stored) unless the memory
   * was what the database held at the read — i.e. no other process had written the casualty unseen.
   */
  casualtyToWrite(id: string): Promise<{ summary: CasualtySummary | null; check: WriterRead | null }>;
  /** The log's audit chain, entries with seq > after. */
  logAudit(after: number, limit: number): Promise<LogAuditEntry[]>;
  logAuditHead(): Promise<LogAuditHead>;
  /** The whole log of one casualty, in sequence order. Empty when unknown. */
  eventsOf(casualtyId: string): Promise<StoredEvent[]>;
  /** Events with seq > after, in sequence order (sync pull and the live stream). */
  eventsAfter(after: number, limit: number): Promise<StoredEvent[]>;
  getEvent(id: string): Promise<StoredEvent | null>;
  head(): Promise<number>;
  casualty(id: string): Promise<CasualtySummary | null>;
  casualties(filter: CasualtyFilter): Promise<CasualtySummary[]>;
  // ---- The read side (migration 008): call these through the casualty log's reader (src/log/read.ts). ----
  /** Events with seq > after in a scope: `limit` events of the log are scanned, those in scope returned. */
  eventsAfterIn(after: number, limit: number, scope: ReadScope): Promise<ScopedEventPage>;
  /** Evacuation requests, most urgent first, then longest since injury; paged by keyset. */
  evacuations(q: EvacuationQuery): Promise<EvacuationRow[]>;
  /** Every open casualty, the planner's part of its state only. */
  planInputs(): Promise<PlanCasualtyState[]>;
  /** Aggregates for the statistics in a scope. */
  statistics(scope: ReadScope): Promise<StatisticsRows>;
  /** Which of these casualties are in the scope (one query per few hundred ids). */
  inScope(ids: readonly string[], scope: ReadScope): Promise<Set<string>>;
  /** A number that changes whenever a reference entity is put (keys caches of what is computed from them). */
  entityVersion(): Promise<number>;
  /** The changes of destination (`destination`, `evac.assigned`) received at or after this time, newest first, at most `limit`. */
  destinationsSince(receivedFrom: string, limit: number): Promise<StoredEvent[]>;
  /** Ids of the incidents declared in the log (issue 15); each one's state is `foldIncident(eventsOf(id))`. */
  incidentIds(): Promise<string[]>;
  /** Reference entities: current-state documents. put = create or replace. */
  /** Stored with its audit entry (the `entities` fact stream) in one transaction: no entry, no write (migration 030). */
  putEntity<K extends EntityKind>(kind: K, value: EntityOf[K], audit?: WriteAudit): Promise<void>;
  getEntity<K extends EntityKind>(kind: K, id: string): Promise<EntityOf[K] | null>;
  listEntities<K extends EntityKind>(kind: K): Promise<EntityOf[K][]>;
  /** How many entities of a kind are stored (the API's cap per kind, ENTITY_LIMITS; threat zones have a budget instead). */
  countEntities(kind: EntityKind): Promise<number>;
  /** The medical workforce log (issue 12, migration 004). */
  readonly workforce: WorkforceLog;
  /**
   * Plain SQL over the store's own connection, for the tables the migrations create beside the log (accounting's
   * figures and claims ledger, the fact streams' audit chains): no module opens a second connection of its own.
   */
  readonly sql: SqlRunner;
  close(): Promise<void>;
}
