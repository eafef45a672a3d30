// The live dispatch plan is computed once per state of what it is made from — the log head, the reference
// entities' version and the workforce registry's head — and shared by every console (issue 16 item 3); each
// caller's scope is applied to the shared plan afterwards (src/server/routes/dispatch.ts). A plan also ages:
// survival clocks run, so one older than `maxAgeMs` is made again even when nothing was written. Its age counts from
// the instant it is made as of (its time base, which may be earlier than the request that made it). Concurrent
// requests for the same state wait for the one computation in flight.
export class PlanCache<T> {
  readonly maxAgeMs: number;
  #entry: { key: string; madeAtMs: number; value: Promise<T> } | null = null;
  /** How many times the plan was computed (tests and benches read it). */
  computed = 0;

  constructor(maxAgeMs = 30_000) {
    this.maxAgeMs = maxAgeMs;
  }

  get(key: string, nowMs: number, compute: () => Promise<T>, asOfMs = nowMs): Promise<T> {
    const e = this.#entry;
    if (e && e.key === key && nowMs - e.madeAtMs < this.maxAgeMs && nowMs >= e.madeAtMs) return e.value;
    this.computed++;
    const value = compute();
    const entry = { key, madeAtMs: asOfMs, value };
    this.#entry = entry;
    // A failed computation is not kept: the next request tries again.
    value.catch(() => {
      if (this.#entry === entry) this.#entry = null;
    });
    return value;
  }
}
