// The hour's figures of one API process, as of the hour's start: the analysts' accounting snapshot (snapshot.ts) and
// the statistics of /api/stats (stats-hour.ts), one of each, shared by their routes.
import type { Db } from './db.ts';
import { HourlySnapshot } from './snapshot.ts';
import { HourlyStatistics } from './stats-hour.ts';

export class AnalystHour {
  readonly figures: HourlySnapshot;
  readonly stats: HourlyStatistics;

  constructor(db: () => Db) {
    this.figures = new HourlySnapshot(db);
    this.stats = new HourlyStatistics(db);
  }
}
