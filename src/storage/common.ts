// What both adapters share: migrations on disk, event rows, the casualty summary derived from a fold, filters.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { hash } from 'node:crypto';
import type { CasualtyEvent, StoredEvent, CasualtyState, CasualtySummary, Omitted } from '../core/index.ts';
import { canonical, isIncidentStreamType, unstamped } from '../core/index.ts';
import type { CasualtyFilter, LogAuditEntry, WriteAudit } from './port.ts';
import { scopeSql } from './scope-sql.ts';
import { deepFreeze } from './projection-memory.ts';

export { summarise } from '../core/index.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Versioned migrations: src/storage/migrations/<dialect>/NNN_name.sql, applied in version order. */
export function loadMigrations(dialect: 'sqlite' | 'postgres'): Migration[] {
  const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'migrations', dialect);
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f.slice(4, -4), sql: readFileSync(join(dir, f), 'utf8') }));
}

/** An events row, as both databases store it (payload JSON as text for SQLite, parsed for PostgreSQL). */
export interface EventRow {
  seq: number | string | bigint;
  id: string;
  casualty_id: string;
  type: string;
  at: string;
  recorded_at: string;
  device_id: string;
  author: string;
  hlc: string | null;
  payload: unknown;
  /** JSON text (SQLite) or parsed (PostgreSQL); null when the event's time was not corrected. */
  clock: unknown;
  received_at: string;
}

export const EVENT_COLUMNS = 'seq, id, casualty_id, type, at, recorded_at, device_id, author, hlc, payload, received_at, clock';

/** A stored row back as its event. The one cast at the storage boundary: the door validated the event (type and
 *  payload together) before it was written, and re-parsing every row on every read would cost the reads of issue 16. */
export function rowToEvent(r: EventRow): StoredEvent {
  const payload: unknown = typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload;
  return {
    id: r.id,
    casualtyId: r.casualty_id,
    type: r.type,
    at: r.at,
    recordedAt: r.recorded_at,
    deviceId: r.device_id,
    author: r.author,
    ...(r.hlc !== null ? { hlc: r.hlc } : {}),
    ...(r.clock !== null && r.clock !== undefined ? { clock: typeof r.clock === 'string' ? JSON.parse(r.clock) : r.clock } : {}),
    payload,
    seq: Number(r.seq),
    receivedAt: r.received_at,
  } as StoredEvent;
}

export interface SummaryRow {
  id: string;
  stage: string;
  precedence: string | null;
  triage: string | null;
  unit_id: string | null;
  facility_id: string | null;
  destination_id: string | null;
  vehicle_id: string | null;
  /** Migration 007. */
  incident_id?: string | null;
  authors: unknown;
  injured_at: string | null;
  last_seq: number | string | bigint;
  updated_at: string;
  state: unknown;
}

const parsed = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

export function rowToSummary(r: SummaryRow): CasualtySummary {
  // A stored projection keeps the latest few of each growing list; how many it left out rides in the state JSON.
  const { omitted, ...state } = parsed<CasualtyState & { omitted?: Omitted }>(r.state);
  return summaryOfRow(r, parsed<string[]>(r.authors), state, omitted);
}

function summaryOfRow(r: SummaryRow, authors: string[], state: CasualtyState, omitted: Omitted | undefined): CasualtySummary {
  return {
    id: r.id,
    stage: r.stage as CasualtySummary['stage'],
    precedence: r.precedence as CasualtySummary['precedence'],
    triage: r.triage,
    unitId: r.unit_id,
    facilityId: r.facility_id,
    destinationId: r.destination_id,
    vehicleId: r.vehicle_id,
    incidentId: r.incident_id ?? null,
    authors,
    injuredAt: r.injured_at,
    lastSeq: Number(r.last_seq),
    updatedAt: r.updated_at,
    state,
    ...(omitted ? { omitted } : {}),
  };
}

/** Projection states parsed and reused by every ParsedStates since the process started (tests and benches read it). */
export const stateParseCounts = { parsed: 0, reused: 0 };

/**
 * A list read's rows, with each casualty's state JSON parsed once per stored text (issue 16's tail): a console's
 * list of 200 casualties parsed 200 states (~2 KB each) on every read, most of them unchanged since the last, the
 * longest piece of the mixed run's longest main-thread tasks and a sixth of its allocation. A row whose state text
 * is the one parsed last time gets that parse back (the text compared whole, so no assumption about which writes
 * change it); the parse is frozen, as it is shared by every reader (advanceClocks and boundSummary copy).
 */
export class ParsedStates {
  readonly #max: number;
  readonly #kept = new Map<string, { text: string; authorsText: unknown; state: CasualtyState; omitted: Omitted | undefined; authors: string[] }>();

  // Bounded: a console's page is 200 (at most 1,000); a read of every casualty (the workforce figures) must not keep
  // 10,000 parsed states (~5 KB each with their text) beside the server's 250 MiB goal.
  constructor(max = 2000) {
    this.#max = max;
  }

  summary(r: SummaryRow): CasualtySummary {
    if (typeof r.state !== 'string' || typeof r.authors !== 'string') return rowToSummary(r); // a driver that parsed it already
    const kept = this.#kept.get(r.id);
    let k = kept;
    if (k && k.text === r.state && k.authorsText === r.authors) stateParseCounts.reused++;
    else {
      stateParseCounts.parsed++;
      const { omitted, ...state } = JSON.parse(r.state) as CasualtyState & { omitted?: Omitted };
      k = { text: r.state, authorsText: r.authors, state: deepFreeze(state), omitted: omitted && deepFreeze(omitted), authors: deepFreeze(JSON.parse(r.authors) as string[]) };
      if (!kept && this.#kept.size >= this.#max) this.#kept.clear();
      this.#kept.set(r.id, k);
    }
    return summaryOfRow(r, k.authors, k.state, k.omitted);
  }

  /** Forget every parse (a migration may rewrite the rows). */
  clear(): void {
    this.#kept.clear();
  }
}

/** Column values of a projection row, in the order of SUMMARY_COLUMNS (JSON as text). */
export const SUMMARY_COLUMNS =
  'id, stage, precedence, triage, unit_id, facility_id, destination_id, vehicle_id, authors, injured_at, last_seq, updated_at, state, incident_id';
/**
 * SUMMARY_COLUMNS with the JSON ones as text (PostgreSQL, issue 16): its driver would parse every row's state on
 * every read; as text they go through ParsedStates like SQLite's. `json` keeps the text as written, so the parse is
 * the driver's own.
 */
export const SUMMARY_COLUMNS_TEXT = SUMMARY_COLUMNS.replace(/\bauthors\b/, 'authors::text AS authors').replace(/\bstate\b/, 'state::text AS state');
export function summaryValues(s: CasualtySummary, stateJson?: string): (string | number | null)[] {
  return [
    s.id, s.stage, s.precedence, s.triage, s.unitId, s.facilityId, s.destinationId, s.vehicleId,
    JSON.stringify(s.authors), s.injuredAt, s.lastSeq, s.updatedAt, stateJson ?? JSON.stringify(s.omitted ? { ...s.state, omitted: s.omitted } : s.state),
    s.incidentId ?? null,
  ];
}

export function eventValues(e: CasualtyEvent, receivedAt: string): (string | null)[] {
  return [e.id, e.casualtyId, e.type, e.at, e.recordedAt, e.deviceId, e.author, e.hlc ?? null, JSON.stringify(e.payload), receivedAt, e.clock ? JSON.stringify(e.clock) : null];
}

/**
 * WHERE clause and parameters for a casualty filter; `ph(i)` renders the i-th (1-based) placeholder.
 * `facilityId` matches casualties at the facility or destined to it (its incoming list); callers that need one
 * of the two narrow on `facilityId` / `destinationId` of the summaries. Results are ordered by lastSeq, so
 * `since` + `limit` page through changes like a cursor.
 */
export function filterSql(f: CasualtyFilter, ph: (i: number) => string, sinceCap?: string, columns = SUMMARY_COLUMNS): { sql: string; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const p = (v: string | number): string => {
    params.push(v);
    return ph(params.length);
  };
  if (f.status === 'open') where.push(`stage <> 'closed'`);
  else if (f.status !== undefined) where.push(`stage = ${p(f.status)}`);
  if (f.precedence !== undefined) where.push(`precedence = ${p(f.precedence)}`);
  if (f.unitId !== undefined) where.push(`unit_id = ${p(f.unitId)}`);
  if (f.facilityId !== undefined) {
    const x = p(f.facilityId);
    where.push(`(facility_id = ${x} OR destination_id = ${x})`);
  }
  if (f.incidentId !== undefined) where.push(`incident_id = ${p(f.incidentId)}`);
  // `sinceCap`: the highest last_seq a cursor may pass (PostgreSQL: the durable head, migration 026).
  if (f.since !== undefined) where.push(`last_seq > ${p(f.since)}${sinceCap ? ` AND last_seq <= ${sinceCap}` : ''}`);
  if (f.ids !== undefined) where.push(f.ids.length ? `id IN (${f.ids.map((x) => p(x)).join(', ')})` : '1 = 0');
  const inScope = scopeSql(f.scope, 'id', p); // row scope in the query (migration 008): `limit` counts rows in scope
  if (inScope) where.push(inScope);
  let sql = `SELECT ${columns} FROM casualties${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY last_seq`;
  if (f.limit !== undefined) sql += ` LIMIT ${p(Math.max(0, Math.floor(f.limit)))}`;
  return { sql, params };
}

/**
 * An incident's own log (issue 15) shares the event store with casualty logs but has no casualty projection row: a
 * stream holding an incident event is an incident, whatever else (a void) it holds.
 */
export const isIncidentLog = (log: readonly { type: string }[]): boolean => log.some((e) => isIncidentStreamType(e.type));

/** Stream ids holding an incident declaration (both dialects; a partial index of migration 007 serves it). */
/**
 * The changes of destination received at or after `$1`, newest first, at most `$2` (a desk's notice of a patient sent
 * elsewhere, src/server/diverted.ts): by the partial index events_destination_received, whose predicate this repeats.
 */
export const destinationsSinceSql = (p: (i: number) => string, durable = ''): string =>
  `SELECT ${EVENT_COLUMNS} FROM events WHERE type IN ('destination', 'evac.assigned') AND received_at >= ${p(1)}${durable} ORDER BY received_at DESC, seq DESC LIMIT ${p(2)}`;
export const INCIDENT_IDS_SQL = `SELECT DISTINCT casualty_id AS id FROM events WHERE type = 'incident.declared' ORDER BY casualty_id`;

export class StoreLockedError extends Error {
  override name = 'StoreLockedError';
}

/** Same event id, different clinical content: the batch is refused (409), never counted as a duplicate. */
/**
 * The door's checks read a casualty from the store's memory that another process had already replaced: nothing of
 * this append is stored; the door reads the casualty again from the database and decides afresh.
 */
export class StaleReadError extends Error {
  override name = 'StaleReadError';
  readonly casualtyId: string;
  constructor(casualtyId: string) {
    super(`casualty ${casualtyId} changed in another process since it was read`);
    this.casualtyId = casualtyId;
  }
}

export class EventConflictError extends Error {
  override name = 'EventConflictError';
  readonly eventId: string;
  constructor(eventId: string) {
    super(`event ${eventId} is already stored with different content`);
    this.eventId = eventId;
  }
}

/** What makes two submissions of one id the same event: the server-filled envelope (recordedAt, device) may differ. */
const clinical = (e: CasualtyEvent | StoredEvent): string =>
  canonical({ casualtyId: e.casualtyId, type: e.type, at: e.at, payload: e.payload });
export function sameContent(a: CasualtyEvent | StoredEvent, b: CasualtyEvent | StoredEvent): boolean {
  return clinical(a) === clinical(b);
}

/** SHA-256 of an event's full content as stored (without the receiver's seq and receipt time). */
export function eventHash(e: CasualtyEvent | StoredEvent): string {
  return hash('sha256', canonical(unstamped(e)), 'hex'); // one-shot: no Hash object (a few µs an event)
}

export function logAuditHash(prevHash: string, e: Omit<LogAuditEntry, 'hash' | 'prevHash'>): string {
  const body = canonical({ seq: e.seq, at: e.at, actor: e.actor, deviceId: e.deviceId, action: e.action, detail: e.detail, events: e.events });
  return hash('sha256', `${prevHash}\n${body}`, 'hex');
}

/** The next audit entry of the log's chain for the events one append stored. */
export function nextLogAudit(
  head: { seq: number; hash: string },
  stored: { e: CasualtyEvent; seq: number }[],
  audit: WriteAudit | undefined,
  now: string,
): LogAuditEntry {
  const base = {
    seq: head.seq + 1,
    at: now,
    actor: audit?.actor ?? 'unknown',
    deviceId: audit?.deviceId ?? null,
    action: audit?.action ?? 'append',
    detail: audit?.detail ?? {},
    events: stored.map((x): [string, number, string] => [x.e.id, x.seq, eventHash(x.e)]),
  };
  return { ...base, prevHash: head.hash, hash: logAuditHash(head.hash, base) };
}

export interface LogAuditRow {
  seq: number | string | bigint;
  at: string;
  actor: string;
  device_id: string | null;
  action: string;
  detail: string;
  events: string;
  prev_hash: string;
  hash: string;
}
export const LOG_AUDIT_COLUMNS = 'seq, at, actor, device_id, action, detail, events, prev_hash, hash';
export const logAuditValues = (a: LogAuditEntry): (string | number | null)[] => [
  a.seq, a.at, a.actor, a.deviceId, a.action, JSON.stringify(a.detail), JSON.stringify(a.events), a.prevHash, a.hash,
];
export const rowToLogAudit = (r: LogAuditRow): LogAuditEntry => ({
  seq: Number(r.seq),
  at: r.at,
  actor: r.actor,
  deviceId: r.device_id,
  action: r.action,
  detail: JSON.parse(r.detail) as Record<string, unknown>,
  events: JSON.parse(r.events) as [string, number, string][],
  prevHash: r.prev_hash,
  hash: r.hash,
});

const DERIVED_PARTS = ['chain', 'evac', 'outcome', 'triage', 'precedence', 'destination', 'identity', 'position', 'tourniquets'] as const;
const PLAN_PARTS = ['stage', 'precedence', 'injuredAt', 'facilityId', 'destination', 'vehicleId', 'outcome', 'vitals', 'triage', 'chain', 'evac', 'position', 'vehicle', 'incident'] as const;
/**
 * The digests of the parts of a casualty's state that the projection's UPDATE triggers read, stored with the row:
 * `derived` the parts the derived rows read (PostgreSQL 022, SQLite 029; 021's gh_casualty_derived_inputs), `plan` the
 * planner's fields (029 on both databases; what 028's casualty_plan row holds). The triggers rewrite their rows only
 * when a digest (or a column they read) changed. Equal digests mean equal parts; a digest that differs for equal
 * parts only costs a rewrite. Each part's JSON is made once (seven are in both); each digest hashes exactly
 * JSON.stringify([...its parts]), as 022's writer did, so rows it wrote keep matching.
 */
export function stateKeys(state: CasualtySummary['state']): { derived: string; plan: string } {
  const json = new Map<string, string>();
  return digestsOf((k) => {
    let j = json.get(k);
    if (j === undefined) json.set(k, (j = JSON.stringify((state as unknown as Record<string, unknown>)[k]) ?? 'null'));
    return j;
  });
}

const digestsOf = (of: (k: string) => string): { derived: string; plan: string } => {
  const digest = (parts: readonly string[]) => hash('sha1', `[${parts.map(of).join(',')}]`, 'base64');
  return { derived: digest(DERIVED_PARTS), plan: digest(PLAN_PARTS) };
};

/**
 * `summaryValues(s)` and `stateKeys(s.state)` of one projection row, each member of the state serialised once (issue
 * 16): the `state` column's JSON is joined from its members' JSON — what JSON.stringify makes of the whole, in the
 * same key order (a fast-check property holds it to summaryValues) — and the digests hash the same strings. Before,
 * every part the digests read was serialised a second time.
 */
export function projectionRow(s: CasualtySummary): { values: (string | number | null)[]; keys: { derived: string; plan: string } } {
  const whole = (s.omitted ? { ...s.state, omitted: s.omitted } : s.state) as unknown as Record<string, unknown>;
  const json = new Map<string, string>();
  const members: string[] = [];
  for (const k of Object.keys(whole)) {
    const j = JSON.stringify(whole[k]);
    if (j === undefined) continue; // as JSON.stringify leaves out an undefined member
    json.set(k, j);
    members.push(`${JSON.stringify(k)}:${j}`);
  }
  // A digest part is a member of the state ('omitted' is never one), 'null' when it has none (as stateKeys).
  const keys = digestsOf((k) => json.get(k) ?? 'null');
  return { values: summaryValues(s, `{${members.join(',')}}`), keys };
}
