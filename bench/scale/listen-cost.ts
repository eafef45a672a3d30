// `node bench/scale/listen-cost.ts [rounds=6] [appends=1000]`: what a LISTENing live bus costs each append when
// nobody in the process subscribes (issue 16). Every append's CALL notifies the channel; a listening connection then
// wakes its backend, receives a message and takes a turn of this process's event loop per commit. Single-note
// appends one at a time (as one medic connection makes them) with the bus holding a subscriber (so it LISTENs) and
// without one (since session 17 it then holds no LISTEN), in turns; CPU from /proc (PostgreSQL: every backend of
// the server; Node: this process), so a busy machine's waiting is not counted. The database runs without fsync: the
// difference is CPU, not the disk.
import { loadavg } from 'node:os';
import { uuidv7 } from '../../src/core/index.ts';
import type { CasualtyEvent } from '../../src/core/index.ts';
import { openPostgresStore } from '../../src/storage/postgres.ts';
import { createPgBus } from '../../src/sync/pg-bus.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { childrenCpuMs, postmasterOf } from './drive.ts';

const ROUNDS = Number(process.argv[2] ?? 6);
const N = Number(process.argv[3] ?? 1000);
const server = await startPostgres({ fsyncOff: true });
try {
  const url = await server.createDatabase('listen');
  const store = await openPostgresStore({ url, poolSize: 1 });
  await store.migrate();
  const bus = await createPgBus(url, { appendsAnnounced: true });
  const postmaster = await postmasterOf(url);
  const now = () => new Date().toISOString();
  const ev = (cid: string, type: string, payload: object, id = uuidv7()) => ({ id, casualtyId: cid, type, at: now(), recordedAt: now(), deviceId: 'd', author: 'a', payload }) as CasualtyEvent;
  const cids = Array.from({ length: 20 }, () => uuidv7());
  for (const c of cids) await store.append([ev(c, 'registered', { injuredAt: now(), unitId: '1-coy' }, c)], now());
  for (let i = 0; i < N / 2; i++) await store.append([ev(cids[i % 20]!, 'note', { text: `warm-up ${i}` })], now()); // JIT, caches
  const self = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const res = { listening: [] as { pg: number; node: number }[], idle: [] as { pg: number; node: number }[] };
  for (let round = 0; round < ROUNDS; round++) {
    const listen = round % 2 === 0;
    let heard = 0;
    const unsubscribe = listen ? bus.subscribe(() => void heard++) : null;
    for (const end = Date.now() + 2000; bus.listening !== listen && Date.now() < end; ) await new Promise((r) => setTimeout(r, 5));
    const p0 = childrenCpuMs(postmaster);
    const n0 = self();
    for (let i = 0; i < N; i++) await store.append([ev(cids[i % 20]!, 'note', { text: `n ${round} ${i}` })], now());
    await new Promise((r) => setTimeout(r, 50)); // the last notifications arrive
    const per = { pg: (childrenCpuMs(postmaster) - p0) / N, node: (self() - n0) / N };
    unsubscribe?.();
    res[listen ? 'listening' : 'idle'].push(per);
    console.log(`${listen ? 'a subscriber (LISTEN)' : 'nobody subscribes   '}: PostgreSQL ${per.pg.toFixed(3)} ms, Node ${per.node.toFixed(3)} ms an append; ${heard} wake-ups heard (load ${loadavg()[0]!.toFixed(1)})`);
  }
  const mean = (xs: { pg: number; node: number }[], k: 'pg' | 'node') => xs.reduce((a, x) => a + x[k], 0) / xs.length;
  for (const k of ['listening', 'idle'] as const) console.log(`mean, ${k}: PostgreSQL ${mean(res[k], 'pg').toFixed(3)} ms, Node ${mean(res[k], 'node').toFixed(3)} ms an append`);
  await bus.close();
  await store.close();
} finally {
  await server.stop();
}
