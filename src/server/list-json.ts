// A casualty list's answer is mostly the same bounded summaries read after read: a console polling 200 casualties
// had its ~390 KB answer made on every request by JSON.stringify and then encoded to UTF-8 (issue 16, the mixed
// run: fastify's serialize was as much of the server's time as the list read itself; in-process at load 11–13 the
// two took 4–7 ms of the event loop a list, the copy of ready UTF-8 parts 1.4 ms). Each casualty's JSON is kept
// as UTF-8 per (id, lastSeq, updatedAt) and reused while its clocks cannot have moved it: a running tourniquet is
// serialised again every read, a reassessment is kept per overdue/not. The answer is the parts copied together.
import { boundSummary, toMs, versioned } from '../core/index.ts';
import type { CasualtySummary } from '../storage/port.ts';
import { advanceClocks } from './clocks.ts';

/** Summaries serialised (not reused) by every list since the process started (tests and benches read it). */
export const listJsonCounts = { serialised: 0, reused: 0 };

/** How many casualties' JSON a process keeps (a few KB each); past it the kept set starts again. */
const KEPT = 5000;
const OPEN = Buffer.from('{"casualties":[');
const COMMA = Buffer.from(',');

export class ListJson {
  readonly #kept = new Map<string, { key: string; json: Buffer }>();
  /** For callers shown no global number: `version` in place of `lastSeq` (head-oracle); its own kept set. */
  readonly #scoped: boolean;

  constructor(scoped = false) {
    this.#scoped = scoped;
  }

  /** The bounded summary of `c` with its clocks at `now`, as JSON (UTF-8). */
  summary(c: CasualtySummary, now: string): Buffer {
    const s = c.state;
    const clock = s.tourniquets.some((t) => t.running) ? null : s.reassessment ? String(toMs(now) > toMs(s.reassessment.dueAt)) : '';
    const key = clock === null ? null : `${c.lastSeq}|${c.updatedAt}|${clock}`;
    const kept = this.#kept.get(c.id);
    if (key !== null && kept?.key === key) {
      listJsonCounts.reused++;
      return kept.json;
    }
    listJsonCounts.serialised++;
    const bounded = boundSummary(advanceClocks(c, now));
    const json = Buffer.from(JSON.stringify(this.#scoped ? versioned(bounded) : bounded));
    if (key !== null) {
      if (this.#kept.size >= KEPT && !kept) this.#kept.clear();
      this.#kept.set(c.id, { key, json });
    }
    return json;
  }

  /** `{"casualties":[…],"head":n}` (or the scoped caller's `cursor` and `next`), as the route's schema has it (UTF-8). */
  list(cs: readonly CasualtySummary[], now: string, tail: Record<string, number | string>): Buffer {
    const parts: Buffer[] = [OPEN];
    cs.forEach((c, i) => {
      if (i > 0) parts.push(COMMA);
      parts.push(this.summary(c, now));
    });
    parts.push(Buffer.from(`],${JSON.stringify(tail).slice(1)}`));
    return Buffer.concat(parts);
  }
}
