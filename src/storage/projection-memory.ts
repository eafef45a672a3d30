// The SQLite store's memory of the projection rows it last wrote or read (issue 16). The embedded store is the only
// writer of its file (the process lock of sqlite.ts) and writes projection rows only in its appends, so a row it
// remembers is the row on disk — provided nothing is remembered that did not commit. Writes are therefore staged
// per append (a savepoint) and per transaction, and become the memory only after the COMMIT returned; a refused
// append's writes are dropped with its savepoint, a failed transaction's with the transaction.
// What is remembered is frozen: a caller that mutated a remembered summary would otherwise change the next append's
// starting point behind the database's back (it throws instead).

/** Freeze a JSON-like value and everything it holds. */
export function deepFreeze<T>(x: T): T {
  if (x !== null && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    // for…in over own keys: no array of values allocated per object (this runs on every append)
    for (const k in x) if (Object.hasOwn(x, k)) deepFreeze((x as Record<string, unknown>)[k]);
  }
  return x;
}

export class ProjectionMemory<V> {
  readonly #max: number;
  /** Committed: what the database holds. Map order is recency (a hit moves the entry last). */
  readonly #kept = new Map<string, V>();
  /** Written by appends of the open transaction whose savepoints were released. */
  readonly #staged = new Map<string, V>();
  /** Written by the append in progress (its savepoint). */
  readonly #item = new Map<string, V>();

  constructor(max: number) {
    this.#max = max;
  }

  /** The row as the open transaction sees it (its own writes first), else as committed; undefined: not known. */
  get(id: string): V | undefined {
    const own = this.#item.get(id) ?? this.#staged.get(id);
    if (own !== undefined) return own;
    const v = this.#kept.get(id);
    if (v !== undefined) {
      this.#kept.delete(id);
      this.#kept.set(id, v);
    }
    return v;
  }

  /** The append in progress wrote this row. */
  write(id: string, v: V): void {
    this.#item.set(id, deepFreeze(v));
  }

  /** A row read from the database outside any transaction: what is committed. */
  remember(id: string, v: V): void {
    if (this.#item.size || this.#staged.size) return; // inside a transaction a read may see uncommitted rows
    this.#keep(id, deepFreeze(v));
  }

  /** The append's savepoint was released: its writes belong to the transaction. */
  released(): void {
    for (const [id, v] of this.#item) this.#staged.set(id, v);
    this.#item.clear();
  }

  /** The append's savepoint was rolled back: its writes never happened. */
  rolledBack(): void {
    this.#item.clear();
  }

  /** The transaction committed: its writes are what the database holds. */
  committed(): void {
    for (const [id, v] of this.#staged) this.#keep(id, v);
    this.#staged.clear();
    this.#item.clear();
  }

  /** The transaction failed: nothing it wrote is remembered. */
  aborted(): void {
    this.#staged.clear();
    this.#item.clear();
  }

  /** Forget everything (after a migration, at close). */
  clear(): void {
    this.#kept.clear();
    this.aborted();
  }

  #keep(id: string, v: V): void {
    this.#kept.delete(id);
    this.#kept.set(id, v);
    if (this.#kept.size > this.#max) this.#kept.delete(this.#kept.keys().next().value!);
  }
}
