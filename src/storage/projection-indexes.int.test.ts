// Issue 16, migration 033 (PostgreSQL): the index entries one note writes. Every append moves its casualty's
// last_seq, so the projection update is never HOT and PostgreSQL adds an entry to every index of casualties whose
// predicate the new row satisfies. A note on a casualty at no facility, bound nowhere, in no incident writes four
// (the key, last_seq, precedence, unit); 001/007's eight wrote eight. The lists that used the dropped or narrowed
// indexes still read by index, generic plans included. And a desk's opening (migrations PostgreSQL 037, SQLite 034)
// reads the hour's changes of destination by their partial index on both databases, not the whole log.
import { describe, it, before, after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import assert from 'node:assert/strict';
import pg from 'pg';
import { uuidv7 } from '../core/index.ts';
import type { CasualtyEvent } from '../core/index.ts';
import { DURABLE_HEAD, openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';
import { destinationsSinceSql, filterSql } from './common.ts';
import type { PgServer } from '../../test/support/postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';

let server: PgServer | undefined;
before(async () => {
  server = await startPostgres({ fsyncOff: true });
});
after(async () => {
  await server?.stop();
});

const now = () => new Date().toISOString();
const event = (cid: string, type: string, payload: object, id = uuidv7()): CasualtyEvent =>
  ({ id, casualtyId: cid, type, at: now(), recordedAt: now(), deviceId: 'd', author: 'a', payload }) as CasualtyEvent;

describe('the casualty projection\'s indexes on PostgreSQL (migration 033)', () => {
  it('a note on a casualty at no facility writes four index entries, and the lists still read by index', async () => {
    const url = await server!.createDatabase();
    const store = await openPostgresStore({ url, poolSize: 1 });
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      await store.migrate();
      const cid = uuidv7();
      await store.append([event(cid, 'registered', { injuredAt: now(), unitId: '1-coy', precedence: 'A' }, cid)], now());
      assert.equal((await store.append([event(cid, 'note', { text: 'n' })], now())).accepted, 1);
      const row = await db.query<{ facility_id: string | null; destination_id: string | null; incident_id: string | null }>(
        'SELECT facility_id, destination_id, incident_id FROM casualties WHERE id = $1', [cid]);
      assert.deepEqual(row.rows[0], { facility_id: null, destination_id: null, incident_id: null });
      // An index is written by a non-HOT update when it has no predicate or the new row satisfies it.
      const idx = await db.query<{ name: string; pred: string | null }>(
        `SELECT c.relname AS name, pg_get_expr(i.indpred, i.indrelid) AS pred FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         WHERE i.indrelid = 'casualties'::regclass ORDER BY c.relname`);
      const written: string[] = [];
      for (const { name, pred } of idx.rows) {
        if (pred === null || (await db.query(`SELECT 1 FROM casualties WHERE id = $1 AND (${pred})`, [cid])).rowCount) written.push(name);
      }
      assert.deepEqual(written, ['casualties_last_seq', 'casualties_pkey', 'casualties_precedence', 'casualties_unit']);

      // The filtered lists, as the store sends them (bound parameters, generic plans), with scans by index preferred.
      await db.query(`SET enable_seqscan = off; SET plan_cache_mode = force_generic_plan`);
      const plan = async (f: Parameters<typeof filterSql>[0]): Promise<string> => {
        const { sql, params } = filterSql(f, (i) => `$${i}`);
        const name = `p${uuidv7().replace(/-/g, '')}`;
        await db.query(`PREPARE ${name} AS ${sql}`);
        const r = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE ${name}(${params.map((p) => pg.Client.prototype.escapeLiteral(String(p))).join(', ')})`);
        return r.rows.map((x) => x['QUERY PLAN']).join('\n');
      };
      const facility = await plan({ facilityId: 'f-1', limit: 50 });
      assert.match(facility, /casualties_facility/, facility);
      assert.match(facility, /casualties_destination/, facility);
      const incident = await plan({ incidentId: 'i-1', since: 0, limit: 50 });
      assert.match(incident, /casualties_incident/, incident);
      const closed = await plan({ status: 'closed', limit: 5 });
      assert.match(closed, /Index Scan using casualties_last_seq/, closed);
      // A desk's opening reads the hour's changes of destination (migration 037) by its partial index, generic plan
      // and all: the predicate the query repeats must imply the index's for a plan made before any value is known.
      await db.query(`PREPARE since AS ${destinationsSinceSql((i) => `$${i}`, ` AND seq <= ${DURABLE_HEAD}`)}`);
      const since = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE since('${now()}', 200)`)).rows.map((x) => x['QUERY PLAN']).join('\n');
      assert.match(since, /events_destination_received/, since);
    } finally {
      await db.end();
      await store.close();
    }
  });
});

describe('a desk\'s opening on SQLite (migration 034)', () => {
  it('reads the hour\'s changes of destination by the partial index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-dest-'));
    try {
      const store = await openSqliteStore({ dataDir: dir });
      await store.migrate();
      await store.close();
      const db = new DatabaseSync(join(dir, 'goldenhour.db'), { readOnly: true });
      try {
        const rows = db.prepare(`EXPLAIN QUERY PLAN ${destinationsSinceSql(() => '?')}`).all(now(), 200) as { detail: string }[];
        const plan = rows.map((r) => r.detail).join('\n');
        assert.match(plan, /USING INDEX events_destination_received/, plan);
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
