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
}

export type { CasualtySummary } from '../core/index.ts';

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
   */
  append(events: readonly CasualtyEvent[], now: string, audit?: WriteAudit): Promise<AppendResult>;
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
  /** Ids of the incidents declared in the log (issue 15); each one's state is `foldIncident(eventsOf(id))`. */
  incidentIds(): Promise<string[]>;
  /** Reference entities: current-state documents. put = create or replace. */
  putEntity<K extends EntityKind>(kind: K, value: EntityOf[K]): Promise<void>;
  getEntity<K extends EntityKind>(kind: K, id: string): Promise<EntityOf[K] | null>;
  listEntities<K extends EntityKind>(kind: K): Promise<EntityOf[K][]>;
  /** The medical workforce log (issue 12, migration 004). */
  readonly workforce: WorkforceLog;
  /**
   * Plain SQL over the store's own connection, for the tables the migrations create beside the log (accounting's
   * figures and claims ledger, the fact streams' audit chains): no module opens a second connection of its own.
   */
  readonly sql: SqlRunner;
  close(): Promise<void>;
}
