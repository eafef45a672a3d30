// THE DOOR into the casualty log. Every writer — HTTP routes, sync push, the upstream loop, the TAK bridge, import,
// demo — records through a CasualtyLog built for it (the way Medplum builds a Repository from a request context):
//   validate (validate.ts: one validation for everyone) → authorise (the writer's principal, row scope, SYNC-10,
//   corrections) → append (ONE transaction: events, projection and the log's audit entry naming every stored event
//   by its content hash) → announce on the bus.
// Each casualty and each correction target is read once, before the append's transaction. Only this module may
// call `Store.append` (eslint: no-restricted-syntax outside src/log and src/storage).
import type { CasualtyEvent, CasualtySummary, StoredEvent } from '../core/index.ts';
import type { AppendResult, Store, WriterRead } from '../storage/port.ts';
import { EventConflictError, StaleReadError, sameContent } from '../storage/common.ts';
import type { LiveBus } from '../storage/bus.ts';
import type { Principal } from '../auth/policy.ts';
import { hiddenFrom, seesAll, writeDenial } from '../auth/policy.ts';
import { LogError } from './errors.ts';
import { asSigned, carriesHandover, handoverAdmits, inTurn, receivedRefusal, signedRecords } from './handover.ts';
import type { ReadHandover, Received, Relayed, SignerStanding } from './handover.ts';
import { adoptStoredCorrections, checkCorrections, notRegistered, parseBatch } from './validate.ts';
import { foldIncident, isIncidentStreamType, sameSubmission } from '../core/index.ts';
import { isIncidentLog } from '../storage/common.ts';

/** Decisions from the store's memory before one from the database (each stale one costs the append a round trip). */
const MEMORY_TRIES = 3;
/**
 * Decided again from the database after the database refused a code's reception (SYNC-24): the batch that claimed it
 * then reads the other facility's arrival (403), one that shared its PostgreSQL transaction goes through.
 */
const RECEIPT_TRIES = 3;

const incidentMix = (id: string): LogError =>
  new LogError('conflict', `${id} names a casualty and an incident at once: a stream id is one or the other`);
/**
 * A registration or declaration of an id held by a stream outside the writer's scope: the one answer that cannot be
 * an unknown id's (that would be stored), so it says no more than that the id is taken (docs/security.md).
 */
const taken = (id: string): LogError => new LogError('conflict', `${id} is taken: register it under a new id`);

/** The writer-visible part of an incident: its unit and writers (null before its declaration). */
const incidentScope = (state: ReturnType<typeof foldIncident>) =>
  state.declared ? { unitId: state.unitId, facilityId: null, destinationId: null, authors: state.authors } : null;

/** The casualty as its checks see it once the batch's arrival at `facilityId` is stored (SYNC-22). */
const arrivedAt = (c: CasualtySummary, facilityId: string) => ({ ...c, state: { chain: [...c.state.chain, { facilityId }] } });

/** Who writes, and through which door (recorded in the log's audit entry). */
/** Writers that read files, not a device's clock: an implausible time there is refused (issue 14). */

export interface Writer {
  /** The signed-in user, or this server's own process (`tak`, `upstream`, `import`, `demo`). */
  actor: string;
  /** Device of the credential (or the session); the default device id of events that name none. */
  deviceId: string;
  /** null: a process of this server (TAK, upstream, import, demo) — validated and audited, not role-checked. */
  principal: Principal | null;
  /** The writer, e.g. `POST /api/casualties/:id/events`, `sync push`, `upstream pull`, `tak`, `import`. */
  action: string;
  detail?: Record<string, unknown>;
  /** May open a casualty without a registration (a TAK 9-line, a relay of another server's log): processes only. */
  mayOpen?: boolean;
  /** Told when an append stored something (its audit entry committed with it). */
  recorded?: (r: AppendResult) => void;
}

export interface LogDeps {
  store: Store;
  /** Where appends are announced (the live bus); a command with no listeners passes a memory bus. */
  bus: Pick<LiveBus, 'publish'>;
  now: () => string;
  /** Counts this process's writes in the door (the live streams fan out when none is: src/server/stream-hub.ts). */
  writes?: WritesInFlight;
  /** Reads a hand-over code an arrival carries (SYNC-22); without it such an arrival is refused. */
  readHandover?: ReadHandover;
  /** Whether a code's signer still counts (SYNC-17/22); without it every registered key does (no trust database). */
  signerStanding?: SignerStanding;
}

/**
 * The door's writes of this process in flight: from entering `record` to its announcement. A burst of medics' notes
 * commits in several transactions; the live hub waits until the burst is through (or its window has passed) and
 * sends it to the streams in one page, after its writers have been answered, not between them.
 */
export class WritesInFlight {
  #n = 0;
  #idle: (() => void)[] = [];
  get count(): number {
    return this.#n;
  }
  begin(): void {
    this.#n++;
  }
  end(): void {
    if (--this.#n > 0) return;
    const waiting = this.#idle;
    this.#idle = [];
    for (const f of waiting) f();
  }
  /** Resolves once no write is in flight (at once if none is). */
  whenIdle(): Promise<void> {
    return this.#n === 0 ? Promise.resolve() : new Promise((resolve) => this.#idle.push(resolve));
  }
}

export interface RecordOptions {
  /** Every event belongs to this casualty (the path of `/api/casualties/:id/events`); else each names its own. */
  casualtyId?: string;
  /** The sending device's clock when it sent the batch (header `x-device-time`), to correct its events' times. */
  deviceSentMs?: number;
  /** Hand-over codes the writer relays records from (SYNC-17): a record one signs, unchanged, is its author's. */
  handovers?: readonly string[];
}


export interface Recorded extends Omit<AppendResult, 'results'> {
  /** As the append's, but an event of a casualty outside the writer's scope (a duplicate, SYNC-1) has no seq. */
  results: { id: string; seq?: number; duplicate: boolean }[];
  /** The casualties the batch touched, in first-seen order. */
  casualties: string[];
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Renumber issue paths from a casualty's group (events.k) to the whole batch (events.index[k]). */
function renumber(err: unknown, index: number[]): unknown {
  if (!(err instanceof LogError)) return err;
  const fix = (s: string) => s.replace(/^events\.(\d+)/, (_m, n: string) => `events.${index[Number(n)] ?? n}`);
  return new LogError(err.code, fix(err.message), err.issues.map((x) => ({ ...x, path: fix(x.path) })));
}

export class CasualtyLog {
  readonly #deps: LogDeps;
  readonly #writer: Writer;
  constructor(deps: LogDeps, writer: Writer) {
    this.#deps = deps;
    this.#writer = writer;
  }

  get writer(): Writer {
    return this.#writer;
  }

  /** The casualty as this writer's checks see it (unscoped: the write path authorises against it), or null. */
  async current(casualtyId: string): Promise<CasualtySummary | null> {
    return this.#deps.store.casualty(casualtyId);
  }

  /** The casualty as an answer to this writer may show it: null when unknown or outside its scope. */
  async shown(casualtyId: string): Promise<CasualtySummary | null> {
    const c = await this.#deps.store.casualty(casualtyId);
    return c && !hiddenFrom(this.#writer.principal, c) ? c : null;
  }

  /** The whole log of one stream (a casualty's or an incident's) as this writer's checks see it (unscoped). */
  async currentLog(id: string): Promise<StoredEvent[]> {
    return this.#deps.store.eventsOf(id);
  }

  /**
   * The casualty a repeated registration of `id` answers as it is (200), or null when there is none for this writer:
   * unknown, or outside its scope, where it does not exist for them (`record` then answers as for an unknown id).
   * Throws LogError 403 when the writer may not register it (e.g. naming another author), as `record` would.
   */
  async registered(id: string, raw: { author?: string | undefined; deviceId?: string | undefined }): Promise<CasualtySummary | null> {
    const existing = await this.#deps.store.casualty(id);
    const p = this.#writer.principal;
    if (!existing || hiddenFrom(p, existing)) return null;
    const why = p ? writeDenial(p, { type: 'registered', author: raw.author, deviceId: raw.deviceId }, existing) : null;
    if (why) throw new LogError('forbidden', why);
    return existing;
  }

  /** Validate, authorise, append atomically with its audit entry, announce. Throws LogError (400/403/404/409). */
  async record(raw: readonly unknown[], opts: RecordOptions = {}): Promise<Recorded> {
    this.#deps.writes?.begin();
    try {
      // An arrival by code decides where the code was received (SYNC-23): one such batch at a time in this process, from
      // its read of the log to its commit, so two desks sending one code at once are not both admitted.
      return await (carriesHandover(raw) ? inTurn(this.#deps.store, () => this.#record(raw, opts)) : this.#record(raw, opts));
    } finally {
      this.#deps.writes?.end();
    }
  }

  async #record(raw: readonly unknown[], opts: RecordOptions): Promise<Recorded> {
    const { bus } = this.#deps;
    const now = this.#deps.now();
    const w = this.#writer;
    const groups = new Map<string, { raw: unknown[]; index: number[] }>();
    raw.forEach((e, i) => {
      const cid = opts.casualtyId ?? (isObject(e) && typeof e.casualtyId === 'string' ? e.casualtyId : null);
      if (cid === null) throw new LogError('bad_request', `invalid event batch: events.${i}.casualtyId: required`, [{ path: `events.${i}.casualtyId`, message: 'required' }]);
      const g = groups.get(cid) ?? { raw: [], index: [] };
      g.raw.push(e);
      g.index.push(i);
      groups.set(cid, g);
    });
    // First from the store's memory (no round trip on PostgreSQL). The append verifies what was read so. A memory
    // the append found stale (another process had written the casualty) has learnt the rows that moved from the
    // refusal itself, so it is decided again from memory (a few times, then from the database). A refusal is not
    // verified, so one decided from memory is decided again from the database's rows.
    let result: AppendResult;
    // Events of casualties outside the writer's scope, acknowledged as duplicates (SYNC-1): answered with no seq.
    const unseen = new Set<string>();
    let receipts = 0;
    for (let attempt = 0; ; attempt++) {
      const fromMemory = attempt < MEMORY_TRIES;
      const checks: WriterRead[] = [];
      unseen.clear();
      try {
        const { events, relayed, received } = await this.#prepareAll(groups, now, opts, fromMemory ? checks : null, unseen);
        result = await this.#checkedAppend(raw, { events, checks, relayed, received }, now);
        break;
      } catch (err) {
        const held = receivedRefusal(err);
        if (held && receipts++ < RECEIPT_TRIES) {
          attempt = Math.max(attempt, MEMORY_TRIES - 1);
          continue;
        }
        if (held) throw this.#heldElsewhere(raw, held.facilityId) ?? err;
        if (!fromMemory || checks.length === 0) throw err;
        if (err instanceof LogError) attempt = MEMORY_TRIES - 1;
        else if (!(err instanceof StaleReadError)) throw err;
      }
    }
    if (result.accepted > 0) {
      bus.publish({ type: 'appended', head: result.head });
      w.recorded?.(result);
    }
    const results = unseen.size ? result.results.map((r) => (unseen.has(r.id) ? { id: r.id, duplicate: r.duplicate } : r)) : result.results;
    return { ...result, results, casualties: [...groups.keys()] };
  }

  /** Every casualty's events prepared; `checks` collects what was read from the store's memory (null: none is). */
  async #prepareAll(groups: Map<string, { raw: unknown[]; index: number[] }>, now: string, opts: RecordOptions, checks: WriterRead[] | null, unseen: Set<string>) {
    const events: CasualtyEvent[] = [];
    const relayed: Relayed[] = [];
    const received: Received[] = [];
    for (const [cid, g] of groups) {
      let prepared: CasualtyEvent[];
      try {
        prepared = await this.#prepare(cid, g.raw, now, opts.deviceSentMs, checks, { unseen, received });
      } catch (err) {
        throw renumber(err, g.index);
      }
      // Duplicates outside the writer's scope (unseen) store nothing: their stored author stands.
      const relaying = opts.handovers?.length && this.#deps.readHandover && !prepared.some((e) => unseen.has(e.id));
      events.push(...(relaying ? await this.#asSigned(cid, prepared, opts.handovers!, relayed) : prepared));
    }
    return { events, relayed, received };
  }

  /**
   * A relayed record that a verified code signs with this id and this content (casualty, type, time, payload) is
   * stored as the code's author's, on the code's device (SYNC-17): authorship of a clinical record is evidence. It was
   * authorised as the writer's; anything not in a code, or not as the code has it, stays the writer's.
   */
  async #asSigned(casualtyId: string, events: CasualtyEvent[], texts: readonly string[], relayed: Relayed[]): Promise<CasualtyEvent[]> {
    const r = asSigned(events, await signedRecords(this.#deps.readHandover!, this.#deps.store, casualtyId, texts, this.#deps.signerStanding));
    relayed.push(...r.relayed);
    return r.events;
  }

  /** The append, told what the checks read from memory; a re-send of a corrected event is adopted. */
  async #checkedAppend(raw: readonly unknown[], prepared: { events: CasualtyEvent[]; checks: WriterRead[]; relayed: Relayed[]; received: Received[] }, now: string): Promise<AppendResult> {
    const { store } = this.#deps;
    const w = this.#writer;
    let batch = prepared.events;
    // Records stored as a code's author's name who relayed them, in the same entry (the writer's user and device).
    const relayed = prepared.relayed.length ? { relayed: { by: w.actor, deviceId: w.deviceId, events: prepared.relayed } } : null;
    // Arrivals admitted by a code: the database writes each as the code's reception in this transaction (SYNC-24).
    const received = prepared.received.length ? { handoverReceived: prepared.received } : null;
    const detail = relayed || received ? { ...w.detail, ...relayed, ...received } : w.detail;
    for (;;)
      try {
        return await store.append(batch, now, { actor: w.actor, deviceId: w.deviceId, action: w.action, ...(detail ? { detail } : {}) }, prepared.checks);
      } catch (err) {
        // A re-send of an event whose time this server fixed is that event, not a conflict (validate.ts sameSubmission).
        const stored = err instanceof EventConflictError ? await store.getEvent(err.eventId) : null;
        const next = stored ? adoptStoredCorrections(batch, new Map([[stored.id, stored]])) : batch;
        if (next.some((e, i) => e !== batch[i])) {
          batch = next;
          continue;
        }
        if (err instanceof StaleReadError) throw err;
        this.#refused(err, raw);
      }
  }

  /** A code the database holds as received at `facilityId` however this batch was decided again: as SYNC-23 answers it. */
  #heldElsewhere(raw: readonly unknown[], facilityId: string): LogError | null {
    const i = raw.findIndex((r) => isObject(r) && r.type === 'arrival' && isObject(r.payload) && typeof r.payload.handover === 'string');
    if (i < 0) return null;
    const why = `the hand-over code was already received at ${facilityId}`;
    return new LogError('forbidden', `events.${i}: ${why}`, [{ path: `events.${i}.payload.handover`, message: why }]);
  }

  /** A store error as the log's refusal: an id stored with other content is a 409 naming it. */
  #refused(err: unknown, raw: readonly unknown[]): never {
    if (err instanceof EventConflictError)
      throw new LogError('conflict', `${err.message}: an event id names one event forever (re-send it unchanged, or mint a new id)`, [
        { path: `events.${raw.findIndex((r) => isObject(r) && r.id === err.eventId)}.id`, message: 'already stored with different content' },
      ]);
    throw err;
  }

  /**
   * One casualty's events: parsed, checked, authorised; each stored fact read once. With `checks`, the casualty may
   * come from the store's memory (what was read so is added to `checks`); without, from the database.
   */
  async #prepare(casualtyId: string, raw: unknown[], now: string, deviceSentMs: number | undefined, checks: WriterRead[] | null, out: { unseen: Set<string>; received: Received[] }): Promise<CasualtyEvent[]> {
    const { store } = this.#deps;
    const w = this.#writer;
    const events = parseBatch(casualtyId, raw, { author: w.actor, deviceId: w.deviceId }, now, deviceSentMs);
    if (events.some((e) => isIncidentStreamType(e.type))) return this.#prepareIncident(casualtyId, events, now);
    const read = checks ? await store.casualtyToWrite(casualtyId) : { summary: await store.casualty(casualtyId), check: null };
    if (read.check) checks!.push(read.check);
    const existing = read.summary;
    const p = w.principal;
    // Outside the writer's scope the casualty does not exist (docs/security.md): every check below answers as for an
    // unknown id, and a registration that would open it is refused as an id taken (it exists, for someone else).
    let hidden = hiddenFrom(p, existing);
    // Every event already stored with this content (a hand-over's receiver sending the medic's events, SYNC-17): a
    // duplicate whoever sends it (SYNC-1), storing nothing and telling nothing the sender lacks — it holds the ids
    // (unguessable) and the content. Anything new in the batch, or another content, is answered below as before.
    if (hidden && (await this.#allStored(casualtyId, events))) {
      for (const e of events) out.unseen.add(e.id);
      return events;
    }
    // An arrival with the medic's hand-over code admits the casualty to the desk's facility (SYNC-22); a bad code is
    // refused whether the id exists or not. A desk that sees the casualty has its code verified too: it is kept in
    // the arrival as the proof of a hand-over, and holds the code's reception (SYNC-24).
    const admitted = p && !seesAll(p) ? await handoverAdmits({ read: this.#deps.readHandover, standing: this.#deps.signerStanding, store, principal: p, nowMs: Date.parse(now), received: out.received, visible: existing !== null && !hidden }, casualtyId, events, existing) : null;
    if (admitted) hidden = false;
    // A stream id names a casualty or an incident, never both (issue 15): a registration may not open an incident's log.
    if (!existing) {
      const log = await store.eventsOf(casualtyId);
      if (isIncidentLog(log)) {
        if (!hiddenFrom(p, incidentScope(foldIncident(casualtyId, log)))) throw incidentMix(casualtyId);
        hidden = true;
      }
    }
    const targets = new Map<string, StoredEvent>();
    const want = (id: string) => !targets.has(id) && !events.some((e) => e.id === id);
    for (const e of events)
      if ((e.type === 'amend' || e.type === 'void') && want(e.payload.target)) {
        const t = await store.getEvent(e.payload.target);
        if (t) targets.set(t.id, t);
      }
    // A void of an amend corrects what the amend corrected: fetch that too.
    for (const t of [...targets.values()])
      if (t.type === 'amend' && want(t.payload.target)) {
        const tt = await store.getEvent(t.payload.target);
        if (tt) targets.set(tt.id, tt);
      }
    const seen = await this.#inSight(targets, casualtyId, hidden);
    checkCorrections(casualtyId, events, seen, now, p === null || p.role === 'peer');
    // Clients register first; this server's own processes may open a casualty from a TAK 9-line (no registration).
    if ((!existing || hidden) && !w.mayOpen && !events.some((e) => e.type === 'registered')) throw notRegistered(casualtyId);
    if (p) this.#authorise(p, events, hidden ? null : admitted && existing ? arrivedAt(existing, admitted) : existing, seen);
    if (hidden) throw taken(casualtyId);
    return events;
  }

  /**
   * Stored correction targets as the writer may know them: an event of a stream outside its scope (this hidden
   * casualty's own, another unit's casualty's, a hidden incident's) is left out, so it is answered as an id stored
   * nowhere (404, not here yet) — a 400 "another casualty's" told a real event of another unit from a made-up id.
   */
  async #inSight(targets: Map<string, StoredEvent>, casualtyId: string, hidden: boolean): Promise<Map<string, StoredEvent>> {
    const p = this.#writer.principal;
    const { store } = this.#deps;
    const shown = new Map<string, boolean>([[casualtyId, !hidden]]);
    const seen = new Map<string, StoredEvent>();
    for (const [k, t] of targets) {
      let ok = shown.get(t.casualtyId);
      if (ok === undefined) {
        const c = await store.casualty(t.casualtyId);
        const incident = c ? null : incidentScope(foldIncident(t.casualtyId, await store.eventsOf(t.casualtyId)));
        ok = c ? !hiddenFrom(p, c) : p === null || (incident !== null && !hiddenFrom(p, incident));
        shown.set(t.casualtyId, ok);
      }
      if (ok) seen.set(k, t);
    }
    return seen;
  }

  /** Whether every event is stored in this casualty's log as submitted (or as the server fixed its times). */
  async #allStored(casualtyId: string, events: CasualtyEvent[]): Promise<boolean> {
    for (const e of events) {
      const s = await this.#deps.store.getEvent(e.id);
      if (!s || s.casualtyId !== casualtyId || !(sameContent(s, e) || sameSubmission(s, e))) return false;
    }
    return true;
  }

  /**
   * An incident's own log (issue 15): only incident events and voids of them; opened by its declaration; written by
   * the roles that write casualties, in the same row scope (its unit, or those who wrote to it).
   */
  async #prepareIncident(id: string, events: CasualtyEvent[], now: string): Promise<CasualtyEvent[]> {
    const { store } = this.#deps;
    const stray = events.findIndex((e) => !isIncidentStreamType(e.type) && e.type !== 'void');
    if (stray >= 0) throw new LogError('bad_request', `events.${stray}: an incident's log holds only incident events`, [{ path: `events.${stray}.type`, message: 'not an incident event' }]);
    const p = this.#writer.principal;
    // An incident (or a casualty) outside the writer's scope does not exist for it: answered as an unknown incident.
    const casualty = await store.casualty(id);
    if (casualty && !hiddenFrom(p, casualty)) throw incidentMix(id);
    let log = casualty ? [] : await store.eventsOf(id);
    const hidden = casualty !== null || hiddenFrom(p, incidentScope(foldIncident(id, log)));
    if (hidden) log = [];
    const state = foldIncident(id, log);
    if (!state.declared && !events.some((e) => e.type === 'incident.declared')) throw new LogError('not_found', `unknown incident ${id} (declare it first, or include an incident.declared event)`);
    const targets = new Map(log.map((e) => [e.id, e] as const));
    checkCorrections(id, events, targets, now, p === null || p.role === 'peer');
    if (p) this.#authorise(p, events, incidentScope(state), targets);
    if (hidden) throw taken(id);
    return events;
  }

  #authorise(p: Principal, events: CasualtyEvent[], existing: Parameters<typeof writeDenial>[2], stored: Map<string, StoredEvent>): void {
    const byId = new Map<string, CasualtyEvent>([...stored, ...events.map((e) => [e.id, e] as const)]);
    for (const [i, e] of events.entries()) {
      let target: CasualtyEvent | null = null;
      if (e.type === 'amend' || e.type === 'void') {
        target = byId.get(e.payload.target) ?? null;
        if (target?.type === 'amend') target = byId.get(target.payload.target) ?? target;
      }
      const why = writeDenial(p, e, existing, target);
      if (why) throw new LogError('forbidden', `events.${i}: ${why}`);
    }
  }
}

/** The log service: build one CasualtyLog per writer (per request, per loop, per command). */
export function openCasualtyLog(deps: LogDeps): { as(writer: Writer): CasualtyLog } {
  return { as: (writer) => new CasualtyLog(deps, writer) };
}

/** The log as written by one of this server's own processes (TAK, upstream, import, demo): no principal. */
export function processLog(deps: Omit<LogDeps, 'now'> & { now?: () => string }, name: string, detail?: Record<string, unknown>): CasualtyLog {
  const now = deps.now ?? (() => new Date().toISOString());
  return new CasualtyLog({ ...deps, now }, { actor: name, deviceId: name, principal: null, action: name, mayOpen: true, ...(detail ? { detail } : {}) });
}
