// `node bench/scale/append-turns.ts <checkout> [rounds=6] [appends=1000]`: one single-note append at a time through
// the store alone (no HTTP), this checkout's store against another checkout's (e.g. main: `git archive main | tar -x
// -C dir`, then link node_modules into dir), each migrated by its own code on its own database of one PostgreSQL
// server, taken in turns (issue 16). Per append: the PostgreSQL backend's CPU (/proc/<backend>/stat: CPU, not the
// time a busy machine made it wait) and this process's CPU (the store's JavaScript: fold, parameters, hashes, the
// driver), and the WAL bytes it writes. fsync off: what differs between the revisions is CPU, not the disk.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { uuidv7 } from '../../src/core/index.ts';
import type { CasualtyEvent } from '../../src/core/index.ts';
import type { Store } from '../../src/storage/port.ts';
import type * as PostgresModule from '../../src/storage/postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';

const OTHER = process.argv[2];
if (!OTHER) throw new Error('usage: append-turns.ts <checkout> [rounds] [appends]');
const ROUNDS = Number(process.argv[3] ?? 6);
const N = Number(process.argv[4] ?? 1000);
const q = pg.Client.prototype.query as (...a: unknown[]) => unknown;
let backend = 0;
(pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: pg.Client & { processID?: number }, ...args: unknown[]) {
  const c = args[0] as { name?: string } | undefined;
  if (c && typeof c === 'object' && c.name === 'gh_append_durable') backend = this.processID ?? 0;
  return q.apply(this, args);
};
const backendMs = () => { const f = readFileSync(`/proc/${backend}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
const ownMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const now = () => new Date().toISOString();
const ev = (cid: string, type: string, payload: object, id = uuidv7()) => ({ id, casualtyId: cid, type, at: now(), recordedAt: now(), deviceId: 'd', author: 'a', payload }) as CasualtyEvent;

const server = await startPostgres({ fsyncOff: true });
try {
  const revisions: { name: string; store: Store; cids: string[]; pg: number[]; node: number[]; wal: number[] }[] = [];
  // WAL bytes an append (the insert position before and after a revision's round: the rounds run one at a time).
  const lsn = new pg.Client({ connectionString: await server.createDatabase('lsn') });
  await lsn.connect();
  const walAt = async () => BigInt((await lsn.query<{ b: string }>(`SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint::text AS b`)).rows[0]!.b);
  // GH_TURNS_OTHER_FIRST=1: the other checkout's database is made (and warmed) first, to see whether the order matters.
  const order = [['this checkout', null], [OTHER, OTHER]] as const;
  for (const [name, root] of process.env.GH_TURNS_OTHER_FIRST ? [...order].reverse() : order) {
    const mod = (root ? await import(pathToFileURL(join(root, 'src/storage/postgres.ts')).href) : await import('../../src/storage/postgres.ts')) as typeof PostgresModule;
    const store = await mod.openPostgresStore({ url: await server.createDatabase(`t${revisions.length}`), poolSize: 1 });
    await store.migrate();
    const cids = Array.from({ length: 20 }, () => uuidv7());
    for (const c of cids) await store.append([ev(c, 'registered', { injuredAt: now(), unitId: '1-coy' }, c)], now());
    for (let i = 0; i < 200; i++) await store.append([ev(cids[i % 20]!, 'note', { text: `warm ${i}` })], now());
    revisions.push({ name, store, cids, pg: [], node: [], wal: [] });
  }
  for (let round = 0; round < ROUNDS; round++)
    for (const r of round % 2 ? [...revisions].reverse() : revisions) {
      await r.store.append([ev(r.cids[0]!, 'note', { text: 'which backend' })], now());
      const w0 = await walAt();
      const [p0, n0] = [backendMs(), ownMs()];
      for (let i = 0; i < N; i++) await r.store.append([ev(r.cids[i % 20]!, 'note', { text: `n ${round} ${i}` })], now());
      r.pg.push((backendMs() - p0) / N);
      r.node.push((ownMs() - n0) / N);
      r.wal.push(Number((await walAt()) - w0) / N);
      console.log(`round ${round + 1} ${r.name}: PostgreSQL ${r.pg.at(-1)!.toFixed(3)} ms, Node ${r.node.at(-1)!.toFixed(3)} ms, WAL ${r.wal.at(-1)!.toFixed(0)} bytes an append (load ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
    }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  for (const r of revisions) console.log(`${r.name}: PostgreSQL ${mean(r.pg).toFixed(3)} ms, Node ${mean(r.node).toFixed(3)} ms, WAL ${mean(r.wal).toFixed(0)} bytes an append (mean of ${ROUNDS} rounds)`);
  const [a, b] = revisions[0]!.name === 'this checkout' ? revisions : [revisions[1], revisions[0]];
  console.log(`this / other: PostgreSQL ${(mean(a!.pg) / mean(b!.pg)).toFixed(2)}x, Node ${(mean(a!.node) / mean(b!.node)).toFixed(2)}x, WAL ${(mean(a!.wal) / mean(b!.wal)).toFixed(2)}x`);
  await lsn.end();
  for (const r of revisions) await r.store.close();
} finally {
  await server.stop();
}
