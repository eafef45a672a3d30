// The reads of live streams, audited as one entry per stream per interval (issue 16 item 4, issue 14 item 2):
// 200 streams and a write every 100 ms used to be 2,000 fsync'd audit transactions a second; now every stream
// that read something in the interval gets one entry, all written together in one transaction.
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/policy.ts';
import type { Trust } from '../auth/trust.ts';
import type { StoredEvent } from '../core/index.ts';

/** How long the reads of a stream gather before they are written to the audit chain. */
export const STREAM_AUDIT_MS = 5_000;

interface Pending {
  actor: string;
  deviceId: string | null;
  ip: string;
  casualties: Set<string>;
  through: number;
  pages: number;
}

export class StreamReadAudit {
  readonly #trust: Pick<Trust, 'audit'>;
  readonly #pending = new Map<FastifyRequest, Pending>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #writing: Promise<void> = Promise.resolve();

  constructor(trust: Pick<Trust, 'audit'>) {
    this.#trust = trust;
  }

  record(req: FastifyRequest, p: Principal, shown: readonly StoredEvent[]): void {
    let x = this.#pending.get(req);
    if (!x) this.#pending.set(req, (x = { actor: p.username, deviceId: p.deviceId, ip: req.ip, casualties: new Set(), through: 0, pages: 0 }));
    for (const e of shown) if (x.casualties.size < 1000) x.casualties.add(e.casualtyId);
    x.through = Math.max(x.through, shown[shown.length - 1]!.seq);
    x.pages++;
    this.#timer ??= setTimeout(() => void this.flush(), STREAM_AUDIT_MS).unref();
  }

  /** A stream ended: what it read is written now. */
  closed(req: FastifyRequest): void {
    if (this.#pending.has(req)) void this.flush();
  }

  /** Write every pending entry in one transaction (entries that fail stay pending for the next try). */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const batch = [...this.#pending.entries()];
    this.#pending.clear();
    if (!batch.length) return this.#writing;
    this.#writing = this.#writing.then(async () => {
      try {
        await this.#trust.audit.append(batch.map(([, x]) => ({
          actor: x.actor, deviceId: x.deviceId, action: 'GET /api/stream', target: null,
          detail: { ip: x.ip, casualties: [...x.casualties], through: x.through, pages: x.pages },
        })));
      } catch {
        for (const [req, x] of batch) if (!this.#pending.has(req)) this.#pending.set(req, x);
        this.#timer ??= setTimeout(() => void this.flush(), STREAM_AUDIT_MS).unref();
      }
    });
    return this.#writing;
  }
}
