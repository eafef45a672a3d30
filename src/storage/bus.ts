// The live-event bus: appends and entity changes are announced here, the SSE stream listens.
// In-process by default. A multi-process implementation (PostgreSQL LISTEN/NOTIFY) plugs in behind the same
// interface: a message is a wake-up ("the log grew to `head`"), subscribers pull the events from the store by
// their own cursor, so a lost or reordered notification can never cause a gap or a duplicate.
import type { EntityKind } from '../storage/port.ts';

/**
 * The PostgreSQL channel of the live bus (src/sync/pg-bus.ts). The PostgreSQL store announces each append on it
 * INSIDE the append's transaction (delivered at COMMIT, no round trip of its own): `{"type":"appended","head":n}`.
 */
export const PG_LIVE_CHANNEL = 'goldenhour_live';

export type LiveMessage =
  | { type: 'appended'; head: number }
  | { type: 'entity'; kind: EntityKind; value: unknown }
  /** The workforce log grew to `head` (src/log/workforce.ts). */
  | { type: 'workforce'; head: number }
  /** A claim of the ledger changed (created, graded, moved, evidence or casualties added). */
  | { type: 'claims'; claimId: string };

export interface LiveBus {
  publish(message: LiveMessage): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: (message: LiveMessage) => void): () => void;
  close(): Promise<void>;
}

export function createMemoryBus(): LiveBus {
  const listeners = new Set<(message: LiveMessage) => void>();
  return {
    publish(message) {
      for (const l of [...listeners]) {
        try {
          l(message);
        } catch {
          // one broken subscriber must not stop the others
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
    },
  };
}
