// An in-memory EventLog with the storage port's append semantics (atomic, idempotent by id, gap-free seq).
// For the fuzzer and unit tests; the durable stores are src/storage/{sqlite,postgres}.ts.
import type { CasualtyEvent, StoredEvent } from '../../src/core/index.ts';
import type { AppendResult } from '../../src/storage/port.ts';
import type { EventLog } from '../../src/sync/protocol.ts';
import { toEvent } from '../../src/sync/protocol.ts';

export class MemoryLog implements EventLog {
  readonly rows: StoredEvent[] = [];
  readonly byId = new Map<string, StoredEvent>();
  /** Fuzzer-only fault: acknowledge before the write is durable; `crash()` then loses the last batch. */
  ackBeforeDurable = false;
  private volatile: string[] = [];

  append(events: readonly CasualtyEvent[], now: string): Promise<AppendResult> {
    const results: AppendResult['results'] = [];
    let accepted = 0;
    let duplicates = 0;
    const seenInBatch = new Map<string, number>();
    const added: string[] = [];
    for (const raw of events) {
      const e = toEvent(raw);
      const had = this.byId.get(e.id);
      const inBatch = seenInBatch.get(e.id);
      if (had) {
        results.push({ id: e.id, seq: had.seq, duplicate: true });
        duplicates++;
      } else if (inBatch !== undefined) {
        results.push({ id: e.id, seq: inBatch, duplicate: true });
        duplicates++;
      } else {
        const stored = { ...e, seq: this.rows.length + 1, receivedAt: now } as StoredEvent;
        this.rows.push(stored);
        this.byId.set(e.id, stored);
        seenInBatch.set(e.id, stored.seq);
        added.push(e.id);
        results.push({ id: e.id, seq: stored.seq, duplicate: false });
        accepted++;
      }
    }
    this.volatile = this.ackBeforeDurable ? added : [];
    return Promise.resolve({ results, accepted, duplicates, head: this.rows.length });
  }

  /** A process death: with `ackBeforeDurable`, the last acknowledged batch never reached the disk. */
  crash(): void {
    if (this.volatile.length === 0) return;
    const lost = new Set(this.volatile);
    const keep = this.rows.filter((r) => !lost.has(r.id));
    this.rows.length = 0;
    this.byId.clear();
    for (const r of keep) {
      const s = { ...r, seq: this.rows.length + 1 };
      this.rows.push(s);
      this.byId.set(s.id, s);
    }
    this.volatile = [];
  }

  eventsAfter(after: number, limit: number): Promise<StoredEvent[]> {
    const from = Math.max(0, Math.floor(after));
    return Promise.resolve(this.rows.slice(from, from + limit));
  }

  head(): Promise<number> {
    return Promise.resolve(this.rows.length);
  }
}
