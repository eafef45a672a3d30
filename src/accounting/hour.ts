// The hour's figures of one API process, as of the hour's start: the analysts' accounting snapshot (snapshot.ts) and
// the statistics of /api/stats (stats-hour.ts). Taken at an hour's first request, they made that request wait
// (0.25–0.35 s at 10,000 casualties for the snapshot); `ahead` takes them when each hour starts instead, so no request
// waits but those of a process started within the hour. The figures are the same whenever they are taken.
import type { Db } from './db.ts';
import { HourlySnapshot } from './snapshot.ts';
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

  constructor(db: () => Db) {
    this.figures = new HourlySnapshot(db);
    this.stats = new HourlyStatistics(db);
  }

  /** From now on, take each hour's figures (the snapshot, the statistics of everything) as the hour starts by `now`. */
  ahead(now: () => string, schedule: Schedule = unrefTimer): void {
    if (this.#closed || this.#cancel) return;
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
