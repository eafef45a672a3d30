// Recorded figures computed once per state of what they are made from — the log head (the facts follow the casualty
// projection, which only an append changes) and the reference entities' version (vehicles lost) — and shared by every
// dashboard asking for the same filter and scope (docs/accounting.md "Figures"). Concurrent requests for the same
// state wait for the one computation in flight; a failed one is not kept. Nothing ages: the figures depend on data only.
export class FiguresCache<T> {
  readonly #max: number;
  readonly #entries = new Map<string, Promise<T>>();
  /** How many times figures were computed (tests and the bench read it). */
  computed = 0;

  constructor(max = 64) {
    this.#max = max;
  }

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit) {
      // Most recently used last: the oldest is dropped first.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    this.computed++;
    const value = compute();
    this.#entries.set(key, value);
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    value.catch(() => {
      if (this.#entries.get(key) === value) this.#entries.delete(key);
    });
    return value;
  }
}

/** The cache key of one request: the state of the data, then the filter with the caller's scope. */
export const figuresKey = (heads: { log: number; entities: number }, filter: object): string =>
  `${heads.log}:${heads.entities}:${JSON.stringify(filter, Object.keys(filter).sort())}`;
