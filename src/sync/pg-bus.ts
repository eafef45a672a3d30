// The live bus across processes: PostgreSQL LISTEN/NOTIFY behind the LiveBus interface (src/storage/bus.ts).
// A notification is only a wake-up ("the log grew"); each SSE connection then reads the store after its own
// cursor, in sequence order. So a lost notification (listener reconnecting, payload too big) can delay but never
// drop or reorder an event — and a wake-up every second bounds that delay.
import pg from 'pg';
import type { LiveBus, LiveMessage } from '../storage/bus.ts';
import { PG_LIVE_CHANNEL } from '../storage/bus.ts';
import { survivePoolErrors } from '../storage/unavailable.ts';
import { sharedListener } from '../storage/pg-listener.ts';

export const CHANNEL = PG_LIVE_CHANNEL;
const MAX_PAYLOAD = 7900; // NOTIFY payloads are limited to 8000 bytes

/**
 * `appendsAnnounced`: the store is the PostgreSQL store, whose append transactions announce themselves on the channel
 * (src/storage/postgres-append.ts): an `appended` message published here is then already on its way, and is dropped.
 */
export async function createPgBus(url: string, opts: { wakeEveryMs?: number; appendsAnnounced?: boolean } = {}): Promise<LiveBus & { readonly listening: boolean }> {
  const listeners = new Set<(m: LiveMessage) => void>();
  const deliver = (m: LiveMessage) => {
    for (const l of [...listeners]) {
      try {
        l(m);
      } catch {
        // one broken subscriber must not stop the others
      }
    }
  };
  // A wake-up lost in a crash costs nothing (the once-a-second wake-up covers it): its commit need not wait for an fsync.
  const pool = new pg.Pool({ connectionString: url, max: 2, options: '-c synchronous_commit=off' });
  survivePoolErrors(pool, 'live bus pool');
  let closed = false;
  // LISTEN only while this process has a subscriber (a live stream, the TAK bridge): every append's CALL notifies
  // the channel, and a listening connection costs, per commit, a wake-up of its backend, a message on the wire and
  // one of this process's event-loop turns, for nobody (issue 16: at 1 medic connection, one per request). The
  // first subscriber's LISTEN takes a round trip; once it is in effect, a catch-up wake-up covers what it missed.
  // The connection is the process's one LISTEN connection (src/storage/pg-listener.ts), shared with the store.
  const listener = sharedListener(url);
  let listening = false;
  let stop: (() => Promise<void>) | null = null;
  let generation = 0;
  const syncListen = (): void => {
    const want = listeners.size > 0 && !closed;
    if (want === (stop !== null)) return;
    const g = ++generation;
    if (want) {
      stop = listener.listen({
        message: (m) => deliver(m as LiveMessage),
        listening: () => {
          if (g !== generation) return;
          listening = true;
          deliver({ type: 'appended', head: Number.MAX_SAFE_INTEGER }); // catch up on what came before
        },
        lost: () => {
          if (g === generation) listening = false;
        },
      });
      return;
    }
    const s = stop!;
    stop = null;
    void s().then(() => {
      if (g === generation) listening = false; // the UNLISTEN (if no one else listens) is done
    });
  };
  const wake = setInterval(() => deliver({ type: 'appended', head: Number.MAX_SAFE_INTEGER }), opts.wakeEveryMs ?? 1000);
  wake.unref();
  // "The log grew" wake-ups are coalesced: while one NOTIFY is out, later ones become one with the highest head, so
  // a burst of appends costs one NOTIFY per round trip, not one per append.
  let grewTo: number | null = null;
  let notifying = false;
  const notifyGrowth = (): void => {
    if (grewTo === null || notifying) return;
    const message: LiveMessage = { type: 'appended', head: grewTo };
    grewTo = null;
    notifying = true;
    pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(message)])
      .catch(() => deliver(message))
      .finally(() => {
        notifying = false;
        notifyGrowth();
      });
  };
  return {
    publish(message) {
      if (message.type === 'appended') {
        if (opts.appendsAnnounced) return;
        grewTo = Math.max(grewTo ?? 0, message.head);
        notifyGrowth();
        return;
      }
      const payload = JSON.stringify(message);
      if (payload.length > MAX_PAYLOAD) {
        deliver(message); // too big to notify: at least this process's listeners hear it
        return;
      }
      // Delivered to every process, this one included, by its own LISTEN connection.
      pool.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]).catch(() => deliver(message));
    },
    subscribe(listener) {
      listeners.add(listener);
      syncListen();
      return () => {
        listeners.delete(listener);
        syncListen();
      };
    },
    /** Whether this bus's connection is LISTENing now (for tests: only while someone subscribes). */
    get listening() {
      return listening;
    },
    async close() {
      closed = true;
      clearInterval(wake);
      listeners.clear();
      await stop?.();
      stop = null;
      await listener.release();
      await pool.end().catch(() => undefined);
    },
  };
}
