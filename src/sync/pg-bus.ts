// The live bus across processes: PostgreSQL LISTEN/NOTIFY behind the LiveBus interface (src/storage/bus.ts).
// A notification is only a wake-up ("the log grew"); each SSE connection then reads the store after its own
// cursor, in sequence order. So a lost notification (listener reconnecting, payload too big) can delay but never
// drop or reorder an event — and a wake-up every second bounds that delay.
import pg from 'pg';
import type { LiveBus, LiveMessage } from '../storage/bus.ts';
import { PG_LIVE_CHANNEL } from '../storage/bus.ts';
import { survivePoolErrors } from '../storage/unavailable.ts';

export const CHANNEL = PG_LIVE_CHANNEL;
const MAX_PAYLOAD = 7900; // NOTIFY payloads are limited to 8000 bytes

/**
 * `appendsAnnounced`: the store is the PostgreSQL store, whose append transactions announce themselves on the channel
 * (src/storage/postgres-append.ts): an `appended` message published here is then already on its way, and is dropped.
 */
export async function createPgBus(url: string, opts: { wakeEveryMs?: number; appendsAnnounced?: boolean } = {}): Promise<LiveBus> {
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
  let client: pg.Client | null = null;
  let closed = false;
  const connect = async (): Promise<void> => {
    while (!closed) {
      const c = new pg.Client({ connectionString: url });
      try {
        await c.connect();
        c.on('notification', (n) => {
          if (n.channel !== CHANNEL || !n.payload) return;
          try {
            deliver(JSON.parse(n.payload) as LiveMessage);
          } catch {
            // not ours
          }
        });
        c.on('error', () => {
          client = null;
          void c.end().catch(() => undefined);
          if (!closed) setTimeout(() => void connect(), 200);
        });
        await c.query(`LISTEN ${CHANNEL}`);
        client = c;
        deliver({ type: 'appended', head: Number.MAX_SAFE_INTEGER }); // catch up on whatever was missed meanwhile
        return;
      } catch {
        await c.end().catch(() => undefined);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  };
  await connect();
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
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      clearInterval(wake);
      listeners.clear();
      await client?.end().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
}
