// The one storage port. SQLite (embedded default) and PostgreSQL implement it; one contract suite runs on both.
// Events are append-only; the casualty projection is updated in the same transaction as the append.
import type { WorkforceLog } from './workforce.ts';
import type { CasualtyEvent, StoredEvent, CasualtyState, Stage, Precedence, Unit, Facility, Vehicle, ThreatZone } from '../core/index.ts';

export type EntityKind = 'unit' | 'facility' | 'vehicle' | 'threat-zone';
export interface EntityOf {
  unit: Unit;
  facility: Facility;
  vehicle: Vehicle;
  'threat-zone': ThreatZone;
}

export interface AppendResult {
  /** One entry per submitted event, in submission order. */
  results: { id: string; seq: number; duplicate: boolean }[];
  accepted: number;
  duplicates: number;
  /** Highest sequence number in the store after the append. */
  head: number;
}

/** The projection row kept per casualty: enough to list and filter without folding every log. */
export interface CasualtySummary {
  id: string;
  stage: Stage;
  precedence: Precedence | null;
  /** NATO-equivalent triage category, for ordering. */
  triage: string | null;
  unitId: string | null;
  facilityId: string | null;
  /** Destination facility decided for the casualty (the facility's incoming list). */
  destinationId: string | null;
  vehicleId: string | null;
  /** Device ids and authors that wrote to this casualty (authorisation: "those they recorded"). */
  authors: string[];
  injuredAt: string | null;
  lastSeq: number;
  updatedAt: string;
  state: CasualtyState;
}

export interface CasualtyFilter {
  /** 'open' = any stage but closed; or one stage. */
  status?: 'open' | 'closed' | Stage;
  precedence?: Precedence;
  unitId?: string;
  facilityId?: string;
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
   * Projections of every touched casualty are refolded at `now` inside the same transaction. Resolves only
   * once the transaction is durable (fsync'd).
   */
  append(events: readonly CasualtyEvent[], now: string): Promise<AppendResult>;
  /** The whole log of one casualty, in sequence order. Empty when unknown. */
  eventsOf(casualtyId: string): Promise<StoredEvent[]>;
  /** Events with seq > after, in sequence order (sync pull and the live stream). */
  eventsAfter(after: number, limit: number): Promise<StoredEvent[]>;
  getEvent(id: string): Promise<StoredEvent | null>;
  head(): Promise<number>;
  casualty(id: string): Promise<CasualtySummary | null>;
  casualties(filter: CasualtyFilter): Promise<CasualtySummary[]>;
  /** Reference entities: current-state documents. put = create or replace. */
  putEntity<K extends EntityKind>(kind: K, value: EntityOf[K]): Promise<void>;
  getEntity<K extends EntityKind>(kind: K, id: string): Promise<EntityOf[K] | null>;
  listEntities<K extends EntityKind>(kind: K): Promise<EntityOf[K][]>;
  /** The medical workforce log (issue 12, migration 004). */
  readonly workforce: WorkforceLog;
  close(): Promise<void>;
}
