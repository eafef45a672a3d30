// One LISTEN connection per process and database (issue 16): the store's hearing of other writers
// (postgres-listen.ts) and the live bus (src/sync/pg-bus.ts) both LISTEN to the one channel every append notifies,
// and each used to hold its own connection, so every commit woke two backends and sent this process two messages,
// each parsed. Now they share one connection, opened on the first interest, LISTENing while anyone is interested
// (UNLISTEN when the last one stops), each message parsed once and handed to every interest. Held by reference:
// the connection closes when the last holder releases it.
import pg from 'pg';
import { PG_LIVE_CHANNEL } from './bus.ts';

export interface ListenInterest {
  /** Each message of the channel, parsed (not valid JSON: dropped). Treat it as read-only: it is shared. */
  message(m: unknown): void;
  /**
   * The LISTEN is in effect for this interest: once when it starts, and again after every reconnect. What was
   * announced before is unknown to it (catch up).
   */
  listening(): void;
  /** The connection broke: nothing is heard until `listening` is called again. */
  lost?(): void;
}

export interface SharedListener {
  /** Start hearing the channel; the answer stops it, resolving once an UNLISTEN (if it was the last) is done. */
  listen(interest: ListenInterest): () => Promise<void>;
  /** Drop this hold; the last one closes the connection. */
  release(): Promise<void>;
}

interface Entry {
  holds: number;
  interests: Set<ListenInterest>;
  /** Interests told that the LISTEN is in effect (since the last connect). */
  told: WeakSet<ListenInterest>;
  client: pg.Client | null;
  listening: boolean;
  syncing: Promise<void>;
  closed: boolean;
}

const shared = new Map<string, Entry>();

/** Connections this process opened to LISTEN (for tests). */
export const listenConnections = { opened: 0 };

/** This process's listener of `url`'s live channel (one per URL while held). */
export function sharedListener(url: string): SharedListener {
  let e = shared.get(url);
  if (!e) shared.set(url, (e = { holds: 0, interests: new Set(), told: new WeakSet(), client: null, listening: false, syncing: Promise.resolve(), closed: false }));
  const entry = e;
  entry.holds++;
  let released = false;
  return {
    listen(interest) {
      entry.interests.add(interest);
      sync(url, entry);
      let stopped = false;
      return () => {
        if (!stopped) {
          stopped = true;
          entry.interests.delete(interest);
          entry.told.delete(interest);
          sync(url, entry);
        }
        return entry.syncing;
      };
    },
    async release() {
      if (released) return;
      released = true;
      if (--entry.holds > 0) return;
      entry.closed = true;
      if (shared.get(url) === entry) shared.delete(url);
      const c = entry.client;
      entry.client = null;
      entry.listening = false;
      await entry.syncing;
      await c?.end().catch(() => undefined);
    },
  };
}

/** Bring the connection in line with the interests: LISTEN or UNLISTEN, then tell new interests it is in effect. */
function sync(url: string, e: Entry): void {
  e.syncing = e.syncing.then(async () => {
    if (e.closed) return;
    const want = e.interests.size > 0;
    if (want && !e.client) await connect(url, e);
    const c = e.client;
    if (!c || e.closed) return;
    if (want !== e.listening) {
      await c.query(want ? `LISTEN ${PG_LIVE_CHANNEL}` : `UNLISTEN ${PG_LIVE_CHANNEL}`);
      if (c !== e.client) return; // replaced meanwhile: the new connection syncs itself
      e.listening = want;
    }
    if (e.listening) for (const i of [...e.interests]) if (!e.told.has(i)) {
      e.told.add(i);
      safely(() => i.listening());
    }
  }).catch(() => undefined); // a broken connection reconnects, and syncs then
}

async function connect(url: string, e: Entry): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
  } catch {
    await c.end().catch(() => undefined);
    if (!e.closed) setTimeout(() => sync(url, e), 500);
    return;
  }
  if (e.closed) {
    await c.end().catch(() => undefined);
    return;
  }
  listenConnections.opened++;
  c.on('notification', (n) => {
    if (n.channel !== PG_LIVE_CHANNEL || !n.payload || e.client !== c) return;
    let m: unknown;
    try {
      m = JSON.parse(n.payload);
    } catch {
      return; // not ours
    }
    for (const i of [...e.interests]) safely(() => i.message(m));
  });
  c.on('error', () => {
    if (e.client !== c) return;
    // Nothing is heard until the next LISTEN: every interest is told again then (and catches up).
    e.client = null;
    e.listening = false;
    e.told = new WeakSet();
    for (const i of [...e.interests]) safely(() => i.lost?.());
    void c.end().catch(() => undefined);
    if (!e.closed) setTimeout(() => sync(url, e), 200);
  });
  e.client = c;
  e.listening = false;
}

/** One broken interest must not stop the others. */
function safely(f: () => void): void {
  try {
    f();
  } catch {
    // its own affair
  }
}
