// The hour's figures of one API process, as of the hour's start: the analysts' accounting snapshot (snapshot.ts) and
// the statistics of /api/stats (stats-hour.ts). Taken at an hour's first request, they made that request wait
// (0.25–0.35 s at 10,000 casualties for the snapshot); `ahead` takes them as the process starts (the hour under way)
// and when each hour starts, in the background, so no request waits for them. The figures are the same whenever they
// are taken. Both share the search for the hour's place in the log (`HourSeqsOf`).
import type { Db } from './db.ts';
import { HourSeqsOf, HourlySnapshot } from './snapshot.ts';
import { HourlyStatistics } from './stats-hour.ts';

const HOUR_MS = 3_600_000;

/** Run `fn` in `ms`; the answer cancels it. The process's timer does not keep it alive. */
export type Schedule = (fn: () => void, ms: number) => () => void;
const unrefTimer: Schedule = (fn, ms) => {
  const t = setTimeout(fn, ms);
  t.unref();
  return () => clearTimeout(t);
};

export class AnalystHour {
  readonly figures: HourlySnapshot;
  readonly stats: HourlyStatistics;
  #cancel: (() => void) | null = null;
  #closed = false;
  /** Settles once the figures of the hour under way when `ahead` began are taken (or failed); the bench awaits it. */
  started: Promise<void> = Promise.resolve();

  constructor(db: () => Db) {
    const seqs = new HourSeqsOf(db);
    this.figures = new HourlySnapshot(db, seqs);
    this.stats = new HourlyStatistics(db, seqs);
  }

  /**
   * From now on, take each hour's figures (the snapshot, the statistics of everything): the hour under way in the
   * background, once `first` has settled (the plan the server makes as it starts), then each as it starts by `now`.
   * No timer for the first: an unref'd one left a process with nothing else to do exit before it fired.
   */
  ahead(now: () => string, schedule: Schedule = unrefTimer, first?: Promise<unknown>): void {
    if (this.#closed || this.#cancel) return;
    const begin = (): Promise<void> => (this.#closed ? Promise.resolve() : this.#take(now()));
    this.started = first ? first.catch(() => undefined).then(begin) : begin();
    const next = (): void => {
      const ms = Date.parse(now());
      const start = ms + HOUR_MS - (((ms % HOUR_MS) + HOUR_MS) % HOUR_MS);
      this.#cancel = schedule(() => {
        if (this.#closed) return;
        // A timer that fires early (still the last hour by `now`) takes nothing and waits again for the start.
        if (Date.parse(now()) >= start) void this.#take(now());
        next();
      }, start - ms);
    };
    next();
  }

  /** Both begun at once (a request of the hour shares them); a failure is the next request's to retry (none is kept). */
  async #take(now: string): Promise<void> {
    await Promise.all([this.figures.get(now).catch(() => undefined), this.stats.get({ all: true }, now).catch(() => undefined)]);
  }

  close(): void {
    this.#closed = true;
    this.#cancel?.();
    this.#cancel = null;
  }
}
