// A value loaded from the server that many triggers may ask to refresh: asks that arrive while a load is running
// (or within `settleMs`) become ONE more load afterwards, never one load per ask.
export interface Resource<T> {
  readonly value: T | undefined;
  readonly error: unknown;
  /** Ask for a fresh value; coalesced with every other ask until the next load starts. */
  refresh(): void;
  subscribe(f: () => void): () => void;
  dispose(): void;
}

export function resource<T>(load: (signal: AbortSignal) => Promise<T>, settleMs = 0): Resource<T> {
  let value: T | undefined;
  let error: unknown = null;
  let running = false;
  let wanted = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  const ctrl = new AbortController();
  const listeners = new Set<() => void>();
  const run = async (): Promise<void> => {
    if (running || disposed) return;
    running = true;
    wanted = false;
    try {
      value = await load(ctrl.signal);
      error = null;
    } catch (e) {
      error = e;
    } finally {
      running = false;
    }
    if (disposed) return;
    listeners.forEach((f) => f());
    if (wanted) schedule();
  };
  const schedule = (): void => {
    wanted = true;
    if (running || timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      void run();
    }, settleMs);
  };
  return {
    get value() {
      return value;
    },
    get error() {
      return error;
    },
    refresh: schedule,
    subscribe(f) {
      listeners.add(f);
      return () => listeners.delete(f);
    },
    dispose() {
      disposed = true;
      clearTimeout(timer);
      ctrl.abort();
      listeners.clear();
    },
  };
}
