// `node bench/scale/append-wal.ts [checkout…]`: the WAL one single-note append writes, by record type (pg_walinspect,
// a module PostgreSQL ships), for this checkout's store and each other checkout's, each migrated by its own code on
// its own database of one server (issue 16). A count, not a timing: the load does not move it. The notes follow a
// checkpoint and a warm-up, so full-page images are only those of pages first touched by the measured notes.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { uuidv7 } from '../../src/core/index.ts';
import type { CasualtyEvent } from '../../src/core/index.ts';
import type * as PostgresModule from '../../src/storage/postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';

const N = 200;
const now = () => new Date().toISOString();
const ev = (cid: string, type: string, payload: object, id = uuidv7()) => ({ id, casualtyId: cid, type, at: now(), recordedAt: now(), deviceId: 'd', author: 'a', payload }) as CasualtyEvent;
const server = await startPostgres({ fsyncOff: true });
try {
  const admin = new pg.Client({ connectionString: await server.createDatabase('walstats') });
  await admin.connect();
  await admin.query('CREATE EXTENSION pg_walinspect');
  const lsn = async () => (await admin.query<{ l: string }>('SELECT pg_current_wal_insert_lsn()::text AS l')).rows[0]!.l;
  for (const root of [null, ...process.argv.slice(2)]) {
    const mod = (root ? await import(pathToFileURL(join(root, 'src/storage/postgres.ts')).href) : await import('../../src/storage/postgres.ts')) as typeof PostgresModule;
    const store = await mod.openPostgresStore({ url: await server.createDatabase(uuidv7().slice(0, 8)), poolSize: 1 });
    await store.migrate();
    const cids = Array.from({ length: 20 }, () => uuidv7());
    for (const c of cids) await store.append([ev(c, 'registered', { injuredAt: now(), unitId: '1-coy' }, c)], now());
    await admin.query('CHECKPOINT');
    for (let i = 0; i < 100; i++) await store.append([ev(cids[i % 20]!, 'note', { text: `warm ${i}` })], now());
    const a = await lsn();
    for (let i = 0; i < N; i++) await store.append([ev(cids[i % 20]!, 'note', { text: `n ${i}` })], now());
    const b = await lsn();
    const rows = (await admin.query<{ t: string; n: string; bytes: string; fpi: string }>(
      `SELECT resource_manager || '/' || record_type AS t, count(*)::text AS n, sum(record_length)::text AS bytes, sum(fpi_length)::text AS fpi
       FROM pg_get_wal_records_info($1, $2) GROUP BY 1 ORDER BY sum(record_length) DESC`, [a, b])).rows;
    const total = rows.reduce((s, r) => s + Number(r.bytes), 0);
    const count = rows.reduce((s, r) => s + Number(r.n), 0);
    console.log(`${root ?? 'this checkout'}: ${(count / N).toFixed(1)} WAL records, ${(total / N).toFixed(0)} bytes a note`);
    for (const r of rows) console.log(`  ${(Number(r.n) / N).toFixed(2).padStart(6)} × ${r.t.padEnd(28)} ${(Number(r.bytes) / N).toFixed(0).padStart(6)} bytes (FPI ${(Number(r.fpi) / N).toFixed(0)})`);
    await store.close();
  }
  await admin.end();
} finally {
  await server.stop();
}
