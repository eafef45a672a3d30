// /api/stats as of the hour's start (stats-hour.ts), checked against its definition: for any history, the statistics
// of a scope counted late in the hour equal those a store that only ever received the events received before the hour
// counts now (the store's own statistics: roll-ups for everything, grouped rows for a scope), on SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { CasualtyEvent } from '../core/index.ts';
import { uuidv7 } from '../core/index.ts';
import { openSqliteStore } from '../storage/sqlite.ts';
import { openPostgresStore } from '../storage/postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import type { ReadScope, StatisticsRows, Store } from '../storage/port.ts';
import { makeEvent, makeRegistered } from '../../test/support/events.ts';
import { HourlyStatistics, middleOfCounts } from './stats-hour.ts';
import { middleOf } from '../auth/stats.ts';

const H = Date.parse('2026-03-05T10:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();
const INJURED = iso(H - 2 * 3_600_000);

const Later = fc.record({ kind: fc.constantFrom('triage', 'precedence', 'arrival', 'destination', 'outcome', 'unit', 'note'), after: fc.boolean(), v: fc.nat(40) });
const Casualty = fc.record({ unit: fc.constantFrom('u1', 'u2'), author: fc.constantFrom('alice', 'bob'), registeredAfter: fc.boolean(), later: fc.array(Later, { maxLength: 4 }) });
type Later = typeof Later extends fc.Arbitrary<infer T> ? T : never;

function laterEvent(id: string, registered: string, author: string, e: Later): CasualtyEvent {
  const when = iso(Date.parse(INJURED) + (10 + e.v) * 60_000);
  const o = { author };
  switch (e.kind) {
    case 'triage': return makeEvent('triage', id, { triage: { system: 'NATO', category: (['T1', 'T2', 'T3'] as const)[e.v % 3]! } }, when, o);
    case 'precedence': return makeEvent('precedence', id, { precedence: (['urgent', 'priority', 'routine'] as const)[e.v % 3]! }, when, o);
    case 'arrival': return makeEvent('arrival', id, { facilityId: `f${e.v % 2}` }, when, o);
    case 'destination': return makeEvent('destination', id, { facilityId: `f${e.v % 2}` }, when, o);
    case 'outcome': return makeEvent('outcome', id, { outcome: (['killed-in-action', 'returned-to-duty'] as const)[e.v % 2]! }, when, o);
    case 'unit': return makeEvent('amend', id, { target: registered, changes: { unitId: `u${e.v % 2 + 1}` } }, when, o);
    case 'note': return makeEvent('note', id, { text: 'n' }, when, o);
  }
}

const SCOPES: ReadScope[] = [{ all: true }, { all: false, keys: ['u:u1'] }, { all: false, keys: ['a:alice'] }, { all: false, keys: ['f:f1', 'u:u2'] }];
const sorted = (s: StatisticsRows) => ({ ...s, groups: [...s.groups].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) });

for (const db of ['sqlite', 'postgres'] as const)
test(`the statistics as of the hour's start are those of the events received before it, in every scope (${db})`, async () => {
  const dirs: string[] = [];
  const pg = db === 'postgres' ? await startPostgres({ fsyncOff: true }) : null;
  const open = async (): Promise<Store> => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-stats-hour-'));
    dirs.push(dir);
    const s = pg ? await openPostgresStore({ url: await pg.createDatabase() }) : await openSqliteStore({ dataDir: dir });
    await s.migrate();
    return s;
  };
  try {
    await fc.assert(fc.asyncProperty(fc.array(Casualty, { minLength: 1, maxLength: 10 }), async (casualties) => {
      const before: CasualtyEvent[] = [];
      const after: CasualtyEvent[] = [];
      for (const c of casualties) {
        const id = uuidv7();
        const reg = makeRegistered(id, { at: INJURED, injuredAt: INJURED, unitId: c.unit, author: c.author });
        (c.registeredAfter ? after : before).push(reg);
        for (const e of c.later) (c.registeredAfter || e.after ? after : before).push(laterEvent(id, reg.id, c.author, e));
      }
      const [live, then] = [await open(), await open()];
      try {
        // Received one every 10 s from 15 minutes before the hour (in both stores), then one every 30 s within it (in
        // the live store only): before, within and past the append slack around its start (hour-reads.int.test.ts).
        for (const [i, e] of before.entries()) for (const s of [live, then]) await s.append([e], iso(H - 900_000 + i * 10_000));
        for (const [i, e] of after.entries()) await live.append([e], iso(H + i * 30_000));
        const hourly = new HourlyStatistics(() => live.sql);
        for (const scope of SCOPES)
          assert.deepEqual(sorted(await hourly.get(scope, iso(H + 2_700_000))), sorted(await then.statistics(scope)), JSON.stringify(scope));
      } finally {
        await live.close();
        await then.close();
      }
    }), { numRuns: pg ? 6 : 25 });
  } finally {
    await pg?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});

test('the middle values of minutes counted per value are those of the minutes themselves', () => {
  fc.assert(fc.property(fc.array(fc.integer({ min: -5, max: 30 })), (xs) => {
    const counts = new Map<number, number>();
    for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
    // A value counted down to zero (a casualty's row taken back out) is no value.
    counts.set(99, 0);
    assert.deepEqual(middleOfCounts(counts), middleOf(xs));
  }));
});
