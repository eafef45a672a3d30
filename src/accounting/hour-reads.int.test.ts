// What the hour's figures read (issue 16, /api/stats cold): the statistics of every scope and the analysts' snapshot
// as of the hour's start read the roll-ups, the rows of the casualties recorded before it, and the log of those written
// since that existed then — not one row per casualty registered since. A process started late in a busy hour (the
// bench's 10,000 casualties, all received within it) read, returned and refolded every one of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../storage/sqlite.ts';
import { openPostgresStore } from '../storage/postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import type { ReadScope, Store } from '../storage/port.ts';
import { uuidv7 } from '../core/index.ts';
import { makeChain, makeEvent, makeRegistered } from '../../test/support/events.ts';
import type { Db } from './db.ts';
import { HourlyStatistics } from './stats-hour.ts';
import { takeSnapshot } from './snapshot.ts';

const H = Date.parse('2026-03-05T10:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();
const INJURED = iso(H - 3 * 3_600_000);

/** The store's SQL facet, counting the rows each statement returns. */
function counted(db: Db): { db: Db; rows: () => number } {
  let rows = 0;
  const c: Db = { kind: db.kind, all: async (s, p) => { const r = await db.all<never>(s, p); rows += r.length; return r; }, run: (s, p) => db.run(s, p), tx: (fn) => db.tx(fn) };
  return { db: c, rows: () => rows };
}

/** Rows read for the statistics of these scopes and the snapshot, cold (new objects), as of H, late in its hour. */
async function rowsRead(store: Store, scopes: ReadScope[]): Promise<{ rows: number; casualties: number[]; snapshot: number }> {
  const { db, rows } = counted(store.sql);
  const stats = new HourlyStatistics(() => db);
  const casualties: number[] = [];
  for (const s of scopes) casualties.push((await stats.get(s, iso(H + 3_000_000))).groups.reduce((n, g) => n + g.n, 0));
  const snapshot = (await takeSnapshot(db, iso(H))).size;
  return { rows: rows(), casualties, snapshot };
}

for (const kind of ['sqlite', 'postgres'] as const)
test(`the hour's figures read no row per casualty registered since the hour began (${kind})`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-hour-reads-'));
  const pg = kind === 'postgres' ? await startPostgres({ fsyncOff: true }) : null;
  const store = pg ? await openPostgresStore({ url: await pg.createDatabase() }) : await openSqliteStore({ dataDir: dir });
  try {
    await store.migrate();
    // Before the hour: 6 casualties (whole chains, a tourniquet each), received 40 minutes before it.
    const before = Array.from({ length: 6 }, (_, i) => makeChain(uuidv7(), { unitId: `u${i % 2}`, start: INJURED, close: i % 2 === 0 }));
    for (const chain of before) await store.append(chain, iso(H - 2_400_000));
    // Within the hour: one of them gets a note (refolded: it existed then), and 20 are registered, then 200 more.
    const changed = before[1]![0]!.casualtyId;
    await store.append([makeEvent('note', changed, { text: 'n' }, INJURED)], iso(H + 60_000));
    const register = async (n: number, from: number) => {
      for (let i = 0; i < n; i++) {
        const id = uuidv7();
        await store.append([makeRegistered(id, { at: INJURED, injuredAt: INJURED, unitId: `u${i % 2}` }), makeEvent('triage', id, { triage: { system: 'NATO', category: 'T1' } }, INJURED)], iso(H + from + i * 1000));
      }
    };
    const scopes: ReadScope[] = [{ all: true }, { all: false, keys: ['u:u1'] }];
    await register(20, 120_000);
    const few = await rowsRead(store, scopes);
    // Some received more than 10 minutes into the hour (past the append slack), some within it.
    await register(200, 300_000);
    const many = await rowsRead(store, scopes);
    assert.deepEqual([few.casualties, few.snapshot], [[6, 3], 6], 'as of the hour: the 6 recorded before it');
    assert.deepEqual([many.casualties, many.snapshot], [[6, 3], 6]);
    // The binary searches over the log's numbers may take a step or two more over 220 more casualties' events.
    assert.ok(many.rows - few.rows <= 8, `rows read: ${few.rows} with 20 registered since the hour, ${many.rows} with 220`);
  } finally {
    await store.close();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
