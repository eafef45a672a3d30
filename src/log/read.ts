// THE DOOR's read side: every read of casualties and their events goes through a CasualtyReader built for the
// caller, which hands the caller's row scope to the store so that it is applied IN the query (migration 008) —
// lists, single reads, the log by cursor, evacuation requests, plan inputs and statistics alike. A route that reads
// through it is scoped without any code of its own: there is no list of response keys or URLs to keep up to date.
// Every casualty a read returns is reported to `onRead` (the server names them in the request's audit entry).
import type { CasualtySummary, IncidentState, StoredEvent } from '../core/index.ts';
import { foldIncident } from '../core/index.ts';
import type {
  CasualtyFilter, EvacuationQuery, EvacuationRow, PlanCasualtyState, ReadScope, ScopedEventPage, StatisticsRows, Store,
} from '../storage/port.ts';

/** Rows a scoped page scans at most (its time is the one thing left that grows with others' writes). */
export const SCOPED_SCAN_BUDGET = 20_000;
/** Rows read per query of a scoped page. */
const SCOPED_SCAN_CHUNK = 2_000;

export interface ReaderDeps {
  store: Store;
}

/** Where the log stands: a computation over it (the plan) is valid while both are unchanged. */
export interface ReadHeads {
  log: number;
  entities: number;
  workforce: number;
}

export class CasualtyReader {
  readonly #store: Store;
  readonly #scope: ReadScope;
  readonly #onRead: (ids: string[]) => void;

  constructor(deps: ReaderDeps, scope: ReadScope, onRead: (ids: string[]) => void = () => undefined) {
    this.#store = deps.store;
    this.#scope = scope;
    this.#onRead = onRead;
  }

  get scope(): ReadScope {
    return this.#scope;
  }

  #seen<T extends { id: string } | { casualtyId: string }>(xs: T[]): T[] {
    if (xs.length) this.#onRead([...new Set(xs.map((x) => ('casualtyId' in x ? x.casualtyId : x.id)))]);
    return xs;
  }

  /** One casualty, or null when unknown or outside the caller's scope (it does not exist for them). */
  async casualty(id: string): Promise<CasualtySummary | null> {
    const [c] = await this.#store.casualties({ ids: [id], scope: this.#scope });
    return c ? this.#seen([c])[0]! : null;
  }

  /**
   * The same caller reading every row, for figures made over the whole operation (accounting, staffing load): what
   * it returns is still named in the caller's audit entry. The route decides that its answer shows no row as such.
   */
  unscoped(): CasualtyReader {
    return new CasualtyReader({ store: this.#store }, { all: true }, this.#onRead);
  }

  /** The summaries of these casualties in scope, in one query (null: unknown, an incident's log, or out of scope). */
  async summaries(ids: Iterable<string>): Promise<Map<string, CasualtySummary | null>> {
    const want = [...new Set(ids)];
    const m = new Map<string, CasualtySummary | null>(want.map((id) => [id, null]));
    if (want.length) for (const c of this.#seen(await this.#store.casualties({ ids: want, scope: this.#scope }))) m.set(c.id, c);
    return m;
  }

  /** One casualty with its whole log, or null as above. */
  async card(id: string): Promise<{ casualty: CasualtySummary; events: StoredEvent[] } | null> {
    const casualty = await this.casualty(id);
    return casualty ? { casualty, events: await this.#store.eventsOf(id) } : null;
  }

  /** Casualties in the caller's scope; `limit` counts what the caller may see. */
  async casualties(filter: Omit<CasualtyFilter, 'scope'>): Promise<CasualtySummary[]> {
    return this.#seen(await this.#store.casualties({ ...filter, scope: this.#scope }));
  }

  /** The log after a cursor: the caller's events among `limit` scanned; `next` moves past what was skipped. */
  async eventsAfter(after: number, limit: number): Promise<ScopedEventPage> {
    const page = await this.#store.eventsAfterIn(after, limit, this.#scope);
    this.#seen(page.events);
    return page;
  }

  /**
   * A page for a caller who is shown no global number (head-oracle): scans on past what it may not see until `limit`
   * events in scope or `budget` rows scanned, so neither the page count nor its size measures other units' writes;
   * `more` is false only when the scan reached the log's end with room left on the page. `next` (sealed by the route) moves past what was
   * scanned, as SYNC-12 has it; when a scan returned more in scope than fit, it stops at the last one kept.
   */
  async scopedPage(after: number, limit: number, budget: number = SCOPED_SCAN_BUDGET): Promise<{ events: StoredEvent[]; next: number; more: boolean }> {
    const events: StoredEvent[] = [];
    let next = after;
    for (let scanned = 0; ;) {
      const chunk = Math.min(SCOPED_SCAN_CHUNK, budget - scanned);
      const page = await this.#store.eventsAfterIn(next, chunk, this.#scope);
      const room = limit - events.length;
      if (page.events.length >= room) {
        const kept = page.events.slice(0, room);
        events.push(...kept);
        // Filled: stop at the last event kept (the rest of this chunk is read again by the next page). `more` is true
        // whatever follows: whether the log ended within the chunk would count others' rows after the caller's own.
        next = page.events.length > room ? kept[kept.length - 1]!.seq : page.next;
        return { events: this.#seen(events), next, more: true };
      }
      events.push(...page.events);
      next = page.next;
      scanned += page.scanned;
      if (page.scanned < chunk) return { events: this.#seen(events), next, more: false };
      if (scanned >= budget) return { events: this.#seen(events), next, more: true };
    }
  }

  /** A declared incident in the caller's scope, with its own log; null otherwise (it does not exist for them). */
  async incident(id: string): Promise<{ state: IncidentState; events: StoredEvent[] } | null> {
    // Its access rows (migration 013) are the casualties' kind: the same scope check as every other read.
    if (!(await this.#store.inScope([id], this.#scope)).has(id)) return null;
    const events = await this.#store.eventsOf(id);
    const state = foldIncident(id, events);
    return state.declared ? { state, events } : null;
  }

  /**
   * The changes of destination received since a time, newest first (at most `limit`), unscoped and not reported as
   * read: only a desk's notice of a patient sent elsewhere uses it, and sends of each no more than its schema.
   */
  async destinationsSince(receivedFrom: string, limit: number): Promise<StoredEvent[]> {
    return this.#store.destinationsSince(receivedFrom, limit);
  }

  /** Ids of every declared incident (filter each through `incident`). */
  async incidentIds(): Promise<string[]> {
    return this.#store.incidentIds();
  }

  /** Which of these casualties the caller may see (e.g. to redact a plan made over everyone). */
  async visible(ids: readonly string[]): Promise<Set<string>> {
    return this.#store.inScope(ids, this.#scope);
  }

  /** Evacuation requests in scope, most urgent first; `next` is the cursor of the following page, if any. */
  async evacuations(q: Omit<EvacuationQuery, 'scope'>): Promise<{ rows: EvacuationRow[]; next: string | null }> {
    const rows = await this.#store.evacuations({ ...q, limit: q.limit + 1, scope: this.#scope });
    const page = rows.slice(0, q.limit);
    this.#seen(page);
    return { rows: page, next: rows.length > q.limit ? page[page.length - 1]!.cursor : null };
  }

  /**
   * What the planner needs of EVERY open casualty (vehicles busy with others' casualties stay busy): not scoped and
   * not returned to the caller as such — the plan made from it is redacted to the caller's scope (`visible`).
   */
  async planInputs(): Promise<PlanCasualtyState[]> {
    return this.#store.planInputs();
  }

  /** The log's head (the highest sequence number stored). */
  async head(): Promise<number> {
    return this.#store.head();
  }

  async heads(): Promise<ReadHeads> {
    const [log, entities, workforce] = await Promise.all([this.#store.head(), this.#store.entityVersion(), this.#store.workforce.factsHead()]);
    return { log, entities, workforce };
  }

  /** Counts for the de-identified statistics, in the given scope (the caller's unless the route widens it). */
  async statistics(scope: ReadScope = this.#scope): Promise<StatisticsRows> {
    return this.#store.statistics(scope);
  }

  /** Every casualty, for bulk exports (administrators: their scope is everything; others get theirs). */
  async exportCasualties(): Promise<CasualtySummary[]> {
    return this.#seen(await this.#store.casualties({ scope: this.#scope }));
  }

  /** Every event in scope, page by page (bulk export). */
  async exportEvents(page = 5000): Promise<StoredEvent[]> {
    const all: StoredEvent[] = [];
    for (let after = 0; ;) {
      const p = await this.#store.eventsAfterIn(after, page, this.#scope);
      all.push(...p.events);
      if (p.scanned < page) break;
      after = p.next;
    }
    return this.#seen(all);
  }
}

/**
 * The log as read by one of this server's own processes (the TAK link, the upstream loop, the live stream's shared
 * read, exports): every row — the process applies its own narrower rule (a TAK link's units, each stream's scope)
 * to what it hands on. Reads go through here, never the store (eslint: no-restricted-syntax outside src/log).
 */
export function processReader(deps: ReaderDeps): CasualtyReader {
  return new CasualtyReader(deps, { all: true });
}

