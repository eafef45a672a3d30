// The replication protocol (docs/sync.md). Transport-free: a Remote is anything that can take a push and answer a
// pull — HTTP in production (src/sync/http.ts), an in-process faulty network in the fuzzer (test/sync/sim.ts).
// Rules: client-minted ids + idempotent append (SYNC-1); cursors are the server's sequence numbers, never clocks
// (SYNC-2); a cursor only advances over a contiguous range it holds (SYNC-5); the outbox is durable (SYNC-6).
import type { CasualtyEvent, ServedEvent, StoredEvent } from '../core/index.ts';
import { unstamped } from '../core/index.ts';
import type { AppendResult } from '../storage/port.ts';
import { HlcClock } from './hlc.ts';
import type { Hlc } from './hlc.ts';

/** The part of the storage port that replication needs; every Store satisfies it. */
export interface EventLog {
  append(events: readonly CasualtyEvent[], now: string): Promise<AppendResult>;
  eventsAfter(after: number, limit: number): Promise<StoredEvent[]>;
  head(): Promise<number>;
}

/** An acknowledgement as a server's own log gives it (and as peers are answered). */
export interface NumberedAck {
  results: { id: string; seq: number; duplicate: boolean }[];
  accepted: number;
  duplicates: number;
  head: number;
}
/** An acknowledgement as a remote answers it: `seq` and `head` only to those who see every casualty (ScopedPullPage). */
export type PushAck = Omit<NumberedAck, 'results' | 'head'> & { results: { id: string; seq?: number; duplicate: boolean }[]; head?: number };

/** One page of a pull: every event the caller may see with after < seq <= next. */
export interface PullPage {
  /** Echo of the request's cursor: a delayed answer to an older request is recognised by it (SYNC-5). */
  after: number;
  events: StoredEvent[];
  /** The cursor to ask from next: the last sequence number scanned (events the caller may not see are skipped). */
  next: number;
  head: number;
}

/**
 * A pull page for a caller who does not see every casualty (test/attack/README.md "head-oracle"): a sequence number
 * would count every unit's writes, so the cursor is an opaque token sealed for that user, the events carry no `seq`,
 * and `more` stands for `head`. `after` echoes the token sent, or is 0 when the page starts at the beginning.
 */
export interface ScopedPullPage {
  after: string | 0;
  events: ServedEvent[];
  next: string;
  more: boolean;
}

/** A device's cursor: the server's sequence number, or the token it was given in place of one. */
export type Cursor = number | string;

export interface Remote {
  /** Names the server whose sequence numbers the cursor counts (cursors are per server). */
  readonly id: string;
  push(events: CasualtyEvent[]): Promise<PushAck>;
  /** Numbers to those who see every casualty (a peer: PullPage); tokens to others (ScopedPullPage). */
  pull(after: Cursor, limit: number): Promise<PullPage | ScopedPullPage>;
}

/** A server replicating with another is shown numbers (it pulls as `peer`): a token page is a misconfigured peer. */
export function numbered(page: PullPage | ScopedPullPage): PullPage {
  if ('more' in page) throw new Error('the remote answered with cursor tokens: replicate as a user that sees every casualty (role peer)');
  return page;
}

/**
 * SYNC-5 for both forms: a page may move the cursor only when it starts at the cursor sent (a token: the same token;
 * a number: at or before it) or at the beginning (0: a numeric cursor of before tokens is answered from the start).
 */
export function startsAtOrBefore(page: PullPage | ScopedPullPage, sent: Cursor): boolean {
  if (page.after === 0 || page.after === sent) return true;
  return typeof page.after === 'number' && typeof sent === 'number' && page.after <= sent;
}

export const DEFAULT_BATCH = 500;
export const MAX_BATCH = 1000;

/** A stored event as submitted again elsewhere: the sequence number and receipt time are the receiver's own. */
export function toEvent(e: ServedEvent | CasualtyEvent): CasualtyEvent {
  return unstamped(e);
}

// ---- server side ----

/** Accept a pushed batch: atomic, idempotent by event id (SYNC-1). */
export async function servePush(log: EventLog, events: readonly CasualtyEvent[], now: string): Promise<NumberedAck> {
  const r = await log.append(events.map(toEvent), now);
  return { results: r.results, accepted: r.accepted, duplicates: r.duplicates, head: r.head };
}

/** Answer a pull. `visible` filters by the caller's scope; the cursor still advances over what it skipped. */
export async function servePull(
  log: EventLog,
  after: number,
  limit: number,
  visible?: (events: StoredEvent[]) => Promise<StoredEvent[]> | StoredEvent[],
): Promise<PullPage> {
  const lim = Math.max(1, Math.min(MAX_BATCH, Math.floor(limit)));
  const scanned = await log.eventsAfter(after, lim);
  const head = await log.head();
  const next = scanned.length ? scanned[scanned.length - 1]!.seq : after;
  const events = visible ? await visible(scanned) : scanned;
  return { after, events, next, head };
}

// ---- client side: a device ----

/** What a device keeps on its own durable storage (IndexedDB on a phone). Survives a restart; nothing else does. */
export interface DeviceDisk {
  deviceId: string;
  events: Map<string, CasualtyEvent>;
  /** Ids recorded here and not yet acknowledged by a server, in recording order (SYNC-6). */
  outbox: string[];
  /** Events a server refused for good (invalid, forbidden): set aside for a person, never dropped (SYNC-14). */
  rejected: { id: string; status: number; reason: string }[];
  /** Pull cursor per server id (SYNC-2): a sequence number, or the token a scoped device is given instead. */
  cursors: Record<string, Cursor>;
  hlc: Hlc;
}

export function newDeviceDisk(deviceId: string): DeviceDisk {
  return { deviceId, events: new Map(), outbox: [], rejected: [], cursors: {}, hlc: { l: 0, c: 0 } };
}

export interface SyncHooks {
  /** Called at every point where a process may die; the fuzzer throws here to simulate a crash. */
  crashPoint?(label: string): void;
  /** Called for every acknowledgement a client receives: the event ids the server now holds durably. */
  onAck?(serverId: string, ids: string[]): void;
  /** Deliberate faults, only for proving that the fuzzer catches them (never set in production). */
  bugs?: { cursorIgnoresEcho?: boolean; cursorBeforeEvents?: boolean; dropOutboxOnSend?: boolean };
}

/** HTTP statuses by which a server refuses an event for good (401 is not one: sign in again and retry). */
export const PERMANENT_REFUSALS = [400, 403, 404, 409, 413, 415, 422];
/** The refusal that may pass once the server has received more (SYNC-20): retried at every sync. */
export const NOT_YET = 404;
const refusal = (e: unknown): number | null => {
  const s = (e as { status?: unknown } | null)?.status;
  return typeof s === 'number' && PERMANENT_REFUSALS.includes(s) ? s : null;
};

export interface SyncReport {
  rejected?: number;
  pushed: number;
  acknowledged: number;
  pulled: number;
  pages: number;
}

/** A device's replica: in-memory object over its durable disk. A restart is a new Device over the same disk. */
export class Device {
  readonly disk: DeviceDisk;
  readonly clock: HlcClock;
  private readonly hooks: SyncHooks;
  constructor(disk: DeviceDisk, wall: () => number, hooks: SyncHooks = {}) {
    this.disk = disk;
    this.hooks = hooks;
    this.clock = new HlcClock(disk.deviceId, wall, disk.hlc);
  }

  /** Record a new local event: stamped, stored and queued in one durable step. */
  record(event: CasualtyEvent): CasualtyEvent {
    // An id is recorded once: a second event under it would replace the first before it is sent (or while it is).
    if (this.disk.events.has(event.id)) throw new Error(`event id ${event.id} is already recorded on this device`);
    const stamped = { ...event, hlc: this.clock.now() } as CasualtyEvent;
    this.disk.hlc = this.clock.current;
    this.disk.events.set(stamped.id, stamped);
    this.disk.outbox.push(stamped.id);
    return stamped;
  }

  /**
   * SYNC-20: a 404 says the server lacks what the event builds on (its casualty's registration, a correction's
   * target), which another device or server may bring at any time: not yet, not never. Such an event stays set aside
   * (visible) between syncs and goes back to the outbox at each one, after everything queued since.
   */
  private retryNotYet(): void {
    const notYet = this.disk.rejected.filter((r) => r.status === NOT_YET);
    if (!notYet.length) return;
    this.disk.rejected = this.disk.rejected.filter((r) => r.status !== NOT_YET);
    const queued = new Set(this.disk.outbox);
    this.disk.outbox.push(...notYet.map((r) => r.id).filter((id) => !queued.has(id)));
  }

  async sync(remote: Remote, batch: number = DEFAULT_BATCH): Promise<SyncReport> {
    const rep: SyncReport = { pushed: 0, acknowledged: 0, pulled: 0, pages: 0 };
    this.retryNotYet();
    // Push: the outbox in order, one batch at a time; an id leaves the outbox only once acknowledged.
    let size = batch;
    for (let guard = 0; this.disk.outbox.length > 0 && guard < 10_000; guard++) {
      const ids = this.disk.outbox.slice(0, size);
      const events = ids.map((id) => this.disk.events.get(id)).filter((e): e is CasualtyEvent => e !== undefined);
      if (this.hooks.bugs?.dropOutboxOnSend) this.disk.outbox = this.disk.outbox.filter((id) => !ids.includes(id));
      this.hooks.crashPoint?.('device.push.before');
      let ack: PushAck;
      try {
        ack = await remote.push(events);
      } catch (e) {
        const status = refusal(e);
        if (status === null) throw e;
        // SYNC-14: a batch refused for good is bisected until the refused event is alone; that one is set aside.
        if (ids.length > 1) {
          size = Math.max(1, Math.floor(ids.length / 2));
          continue;
        }
        this.disk.rejected.push({ id: ids[0]!, status, reason: (e as Error).message.slice(0, 500) });
        this.disk.outbox = this.disk.outbox.filter((id) => id !== ids[0]);
        rep.rejected = (rep.rejected ?? 0) + 1;
        size = batch;
        continue;
      }
      size = batch;
      this.hooks.crashPoint?.('device.push.after');
      rep.pushed += events.length;
      const acked = new Set(ack.results.map((r) => r.id));
      this.hooks.onAck?.(remote.id, [...acked]);
      const before = this.disk.outbox.length;
      this.disk.outbox = this.disk.outbox.filter((id) => !acked.has(id));
      rep.acknowledged += before - this.disk.outbox.length;
      if (before === this.disk.outbox.length) break; // a stale acknowledgement: try again next time
    }
    // Pull: pages from the server's cursor until the head (numbers) or until `more` is false (tokens).
    for (let guard = 0; guard < 10_000; guard++) {
      const cursor = this.disk.cursors[remote.id] ?? 0;
      this.hooks.crashPoint?.('device.pull.before');
      const page = await remote.pull(cursor, batch);
      this.hooks.crashPoint?.('device.pull.after');
      rep.pages++;
      if (this.hooks.bugs?.cursorBeforeEvents && (startsAtOrBefore(page, cursor) || this.hooks.bugs.cursorIgnoresEcho)) {
        this.disk.cursors[remote.id] = furthest(cursor, page.next);
        this.hooks.crashPoint?.('device.pull.between');
      }
      for (const e of page.events) {
        this.clock.observe(e.hlc);
        if (!this.disk.events.has(e.id)) {
          this.disk.events.set(e.id, toEvent(e));
          rep.pulled++;
        }
      }
      this.disk.hlc = this.clock.current;
      this.hooks.crashPoint?.('device.pull.stored');
      const now = this.disk.cursors[remote.id] ?? 0;
      // SYNC-5: advance only when this page starts at or before what we hold: no gap can open.
      if (startsAtOrBefore(page, now) || this.hooks.bugs?.cursorIgnoresEcho) this.disk.cursors[remote.id] = furthest(now, page.next);
      if ('more' in page ? !page.more || !startsAtOrBefore(page, cursor) : page.next >= page.head || (typeof cursor === 'number' && page.next <= cursor)) break;
    }
    return rep;
  }
}

/** The cursor after a page: the further of two numbers; a token replaces what was held (its order is the server's secret). */
const furthest = (held: Cursor, next: Cursor): Cursor => (typeof held === 'number' && typeof next === 'number' ? Math.max(held, next) : next);

// ---- client side: a server replicating with another server ----


/** Peer cursors are stored beside the trust data (src/storage/trust-db.ts). */
export type { PeerCursor, PeerState } from '../storage/trust-db.ts';
import type { PeerCursor, PeerState } from '../storage/trust-db.ts';

/** An event of ours that the peer refused for good: set aside (the push cursor passes it), reported, kept here. */
export interface SetAside {
  event: StoredEvent;
  status: number;
  reason: string;
  /** 'pull': the peer's event that our own log refused (e.g. an id we hold with other content); default 'push'. */
  direction?: 'push' | 'pull';
}

/**
 * Append a pulled page. An event our own log refuses for good is bisected out and handed to `onSetAside`, and the
 * rest goes in (SYNC-14 on the pull side): one event must not stop everything behind it from ever arriving.
 */
async function appendPulled(
  local: EventLog,
  events: StoredEvent[],
  now: () => string,
  peer: string,
  onSetAside: ((peerId: string, x: SetAside) => Promise<void>) | undefined,
  rep: SyncReport,
): Promise<number> {
  try {
    return (await local.append(events.map(toEvent), now())).accepted;
  } catch (e) {
    const status = refusal(e);
    if (status === null || !onSetAside) throw e;
    if (events.length === 1) {
      await onSetAside(peer, { event: events[0]!, status, reason: (e as Error).message.slice(0, 500), direction: 'pull' });
      rep.rejected = (rep.rejected ?? 0) + 1;
      return 0;
    }
    const half = Math.ceil(events.length / 2);
    const first = await appendPulled(local, events.slice(0, half), now, peer, onSetAside, rep);
    return first + (await appendPulled(local, events.slice(half), now, peer, onSetAside, rep));
  }
}

/**
 * One sync round between a local server log and a remote server: push what it lacks, pull what we lack. A batch the
 * peer refuses for good is bisected until the refused event is alone; that event is handed to `onSetAside` (which
 * must record it durably) and the push goes on past it (SYNC-14): one bad event never blocks the ones behind it.
 */
export async function syncPeer(
  local: EventLog,
  remote: Remote,
  state: PeerState,
  now: () => string,
  opts: { batch?: number; direction?: 'both' | 'push' | 'pull'; onSetAside?: (peerId: string, x: SetAside) => Promise<void> } & SyncHooks = {},
): Promise<SyncReport> {
  const batch = opts.batch ?? DEFAULT_BATCH;
  const dir = opts.direction ?? 'both';
  const rep: SyncReport = { pushed: 0, acknowledged: 0, pulled: 0, pages: 0 };
  let cur = await state.load(remote.id);
  if (dir !== 'pull') {
    let size = batch;
    for (let guard = 0; guard < 100_000; guard++) {
      const events = await local.eventsAfter(cur.pushed, size);
      if (events.length === 0) break;
      opts.crashPoint?.('peer.push.before');
      let ack: PushAck;
      try {
        ack = await remote.push(events.map(toEvent));
      } catch (e) {
        const status = refusal(e);
        if (status === null || !opts.onSetAside) throw e;
        if (events.length > 1) {
          size = Math.max(1, Math.floor(events.length / 2));
          continue;
        }
        await opts.onSetAside(remote.id, { event: events[0]!, status, reason: (e as Error).message.slice(0, 500), direction: 'push' });
        rep.rejected = (rep.rejected ?? 0) + 1;
        cur = { ...cur, pushed: events[0]!.seq };
        await state.save(remote.id, cur);
        size = batch;
        continue;
      }
      opts.crashPoint?.('peer.push.after');
      rep.pushed += events.length;
      const acked = new Set(ack.results.map((r) => r.id));
      opts.onAck?.(remote.id, [...acked]);
      // SYNC-5: the push cursor advances over the longest acknowledged prefix of what we sent.
      let upTo = cur.pushed;
      for (const e of events) {
        if (!acked.has(e.id)) break;
        upTo = e.seq;
        rep.acknowledged++;
      }
      if (upTo === cur.pushed) break;
      cur = { ...cur, pushed: upTo };
      await state.save(remote.id, cur);
    }
  }
  if (dir !== 'push') {
    for (let guard = 0; guard < 100_000; guard++) {
      opts.crashPoint?.('peer.pull.before');
      const page = numbered(await remote.pull(cur.pulled, batch));
      rep.pages++;
      if (opts.bugs?.cursorBeforeEvents && (page.after <= cur.pulled || opts.bugs.cursorIgnoresEcho)) {
        cur = { ...cur, pulled: Math.max(cur.pulled, page.next) };
        await state.save(remote.id, cur);
        opts.crashPoint?.('peer.pull.between');
      }
      if (page.events.length) rep.pulled += await appendPulled(local, page.events, now, remote.id, opts.onSetAside, rep);
      opts.crashPoint?.('peer.pull.stored');
      const latest = await state.load(remote.id);
      if (page.after <= latest.pulled || opts.bugs?.cursorIgnoresEcho) {
        cur = { ...latest, pulled: Math.max(latest.pulled, page.next), pushed: Math.max(latest.pushed, cur.pushed) };
        await state.save(remote.id, cur);
      }
      if (page.next >= page.head || page.next <= page.after) break;
    }
  }
  return rep;
}

/** Peer cursors kept in memory (tests, the fuzzer's "disk"). Servers persist theirs in the sync_peers table. */
export class MemoryPeerState implements PeerState {
  readonly cursors = new Map<string, PeerCursor>();
  load(peerId: string): Promise<PeerCursor> {
    return Promise.resolve({ ...(this.cursors.get(peerId) ?? { pushed: 0, pulled: 0 }) });
  }
  save(peerId: string, c: PeerCursor): Promise<void> {
    this.cursors.set(peerId, { ...c });
    return Promise.resolve();
  }
}
