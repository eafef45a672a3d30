// One reader of the log for every live stream of this process (issue 16 item 4). Streams cost what they carry:
// one bus subscription and one read of each new page (and of the casualties it touched) per write, shared by every
// stream that is caught up; one timer for the heartbeats and one for the credential re-checks of all streams.
// A stream that starts behind (a replay from an old cursor) reads on its own until it reaches the hub, then joins.
// Cursor safety is the stream's: it is sent only events after its own cursor, in sequence order.
import type { CasualtySummary, StoredEvent } from '../core/index.ts';
import type { CasualtyReader } from '../log/read.ts';
import type { LiveBus, LiveMessage } from '../storage/bus.ts';
import type { WritesInFlight } from '../log/service.ts';

export interface HubStream {
  /** The last sequence number this stream has passed (sent or filtered out). */
  after: number;
  /** Send a page: events after `after`, and the summaries of the casualties of the whole page. */
  deliver(events: StoredEvent[], summaries: ReadonlyMap<string, CasualtySummary | null>): Promise<void>;
  /** A wake-up that is not a log append (entity, workforce, claims): the stream decides who may see it. */
  notice(message: Exclude<LiveMessage, { type: 'appended' }>): void;
  heartbeat(): void;
  recheck(): void;
  /**
   * Settles once the client has taken what it was sent (its socket's buffer drained) or the stream closed: a replay
   * reads its next page only then, so a client that reads slowly or never holds at most a page in the server.
   */
  drained?(): Promise<void>;
}

export const PAGE = 500;
/** Streams served between two yields to the event loop. */
const FAN_OUT_SLICE = 20;
/**
 * The least time between the starts of two fan-outs (ms). A fan-out costs a socket write per stream whatever it
 * carries (the mixed run: 11 % of the server's wall time in writev, ~33 µs a write to a local socket), and each
 * commit woke one: 200 streams × every commit. Writes that follow one another closely now share a page: the first
 * after a quiet spell goes out once this process has no write in flight (a burst's writers are answered first, and
 * its commits reach the streams together), the next no sooner than this long after the one before; neither waits
 * for the writes longer than this after its wake-up (steady writers never leave the door idle).
 */
export const FAN_OUT_EVERY_MS = 50;

/** Summaries of the casualties of a page, in one read (the hub's reader sees every row; each stream narrows). */
export async function summariesOf(reader: CasualtyReader, events: readonly StoredEvent[]): Promise<Map<string, CasualtySummary | null>> {
  return reader.summaries(events.map((e) => e.casualtyId));
}

export class StreamHub {
  readonly #reader: CasualtyReader;
  readonly #bus: Pick<LiveBus, 'subscribe'>;
  readonly #heartbeatMs: number;
  readonly #recheckMs: number;
  readonly #all = new Set<HubStream>();
  readonly #live = new Set<HubStream>();
  #cursor = 0;
  #pulling = false;
  #again = false;
  #unsubscribe: (() => void) | null = null;
  #timers: ReturnType<typeof setInterval>[] = [];
  readonly #everyMs: number;
  readonly #writes: Pick<WritesInFlight, 'count' | 'whenIdle'> | undefined;
  /** When the last fan-out started (performance.now()), and whether the next one is already scheduled. */
  #lastStart = -Infinity;
  #scheduled = false;

  constructor(reader: CasualtyReader, bus: Pick<LiveBus, 'subscribe'>, heartbeatMs: number, recheckMs: number, everyMs = FAN_OUT_EVERY_MS, writes?: Pick<WritesInFlight, 'count' | 'whenIdle'>) {
    this.#reader = reader;
    this.#bus = bus;
    this.#heartbeatMs = heartbeatMs;
    this.#recheckMs = recheckMs;
    this.#everyMs = everyMs;
    this.#writes = writes;
  }

  /** How many streams read on their own (replaying) and how many ride the shared read: for tests and benches. */
  get counts(): { open: number; live: number } {
    return { open: this.#all.size, live: this.#live.size };
  }

  open(s: HubStream): void {
    this.#all.add(s);
    if (this.#unsubscribe) return;
    this.#unsubscribe = this.#bus.subscribe((m) => {
      if (m.type !== 'appended') for (const x of this.#all) x.notice(m);
      else if (m.head > this.#cursor) this.#wake();
    });
    const every = (ms: number, f: (x: HubStream) => void) => {
      const t = setInterval(() => {
        for (const x of [...this.#all]) f(x);
      }, ms);
      t.unref();
      this.#timers.push(t);
    };
    every(this.#heartbeatMs, (x) => x.heartbeat());
    every(this.#recheckMs, (x) => x.recheck());
  }

  /**
   * A stream that has read up to the hub joins it (true); one still behind must read on (false). The hub's
   * cursor moves only when a page is delivered, so a stream never misses the page between its read and joining.
   */
  join(s: HubStream): boolean {
    if (this.#live.size === 0) this.#cursor = Math.max(this.#cursor, s.after);
    if (s.after < this.#cursor) return false;
    this.#live.add(s);
    return true;
  }

  /**
   * Replay a stream on its own from its cursor until it has caught up with the hub, then join the shared read. The
   * next page is read only once the client has taken the last one (backpressure): a client that opens a replay of a
   * large log and never reads costs one page, not the log.
   */
  async catchUp(s: HubStream, closed: () => boolean): Promise<void> {
    while (!closed()) {
      const { events } = await this.#reader.eventsAfter(s.after, PAGE);
      if (events.length) await s.deliver(events, await summariesOf(this.#reader, events));
      if (events.length < PAGE && this.join(s)) break;
      if (!events.length) this.clampTo(await this.#reader.head()); // nothing to read, yet behind the hub's cursor
      else await s.drained?.();
    }
  }

  /** The log's head is below the hub's cursor (a stream opened with a cursor past the head): follow the head. */
  clampTo(head: number): void {
    if (this.#cursor > head) this.#cursor = head;
  }

  close(s: HubStream): void {
    this.#all.delete(s);
    this.#live.delete(s);
    if (this.#all.size) return;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
  }

  /**
   * At the earliest after the current turn (the write that announced it answers its writer first), no sooner than
   * FAN_OUT_EVERY_MS after the last fan-out started, and once no write of this process is in flight (a burst's
   * later writers are not made to wait for the fan-out of its first commit) but no later than FAN_OUT_EVERY_MS
   * after the wake-up: the wake-ups meanwhile are carried by one page.
   */
  #wake(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    const woke = performance.now();
    let gone = false;
    const go = () => {
      if (gone) return;
      gone = true;
      this.#scheduled = false;
      this.#lastStart = performance.now();
      void this.#pull();
    };
    const whenWritesDone = () => {
      if (!this.#writes?.count) return void setImmediate(go);
      setTimeout(go, Math.max(0, woke + this.#everyMs - performance.now()));
      void this.#writes.whenIdle().then(() => setImmediate(go));
    };
    const wait = this.#lastStart + this.#everyMs - woke;
    if (wait > 0) setTimeout(whenWritesDone, wait);
    else whenWritesDone();
  }

  async #pull(): Promise<void> {
    if (this.#pulling) {
      this.#again = true;
      return;
    }
    this.#pulling = true;
    try {
      do {
        this.#again = false;
        while (this.#live.size) {
          const { events } = await this.#reader.eventsAfter(this.#cursor, PAGE);
          if (!events.length) break;
          const summaries = await summariesOf(this.#reader, events);
          // A slice of streams at a time, yielding between slices, so requests that arrive meanwhile (a medic's
          // POST) wait for one slice, not for the whole fan-out.
          const live = [...this.#live];
          for (let i = 0; i < live.length; i += FAN_OUT_SLICE) {
            if (i > 0) await new Promise<void>((ok) => setImmediate(ok));
            await Promise.all(live.slice(i, i + FAN_OUT_SLICE).map((s) => {
              // A stream caught up to the page gets the page itself (one array for all, which the page's bytes are
              // also keyed by), not a copy per stream.
              const mine = s.after < events[0]!.seq ? events : events.filter((e) => e.seq > s.after);
              return mine.length ? s.deliver(mine, summaries) : undefined;
            }));
          }
          this.#cursor = events[events.length - 1]!.seq;
          if (events.length < PAGE) break;
        }
      } while (this.#again);
    } catch {
      // a failed read (database restarting): the next write wakes the hub again; streams keep their cursors
    } finally {
      this.#pulling = false;
    }
  }
}
