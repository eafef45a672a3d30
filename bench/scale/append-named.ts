// `node bench/scale/append-named.ts [first=unnamed|named]`: the PostgreSQL backend's CPU an append (from
// /proc/<backend>/stat, so a busy machine's waiting is not counted) with the append's CALL as a named prepared
// statement (parsed once per connection) against the same CALL unnamed (parsed on every append): six rounds of
// 1,000 single-note appends on one connection, the two taken in turns (issue 16).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import { uuidv7 } from '../../src/core/index.ts';
import type { CasualtyEvent } from '../../src/core/index.ts';
import { openPostgresStore } from '../../src/storage/postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';

let unnamed = false;
const q = pg.Client.prototype.query as (...a: unknown[]) => unknown;
let backend = 0;
(pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: pg.Client & { processID?: number }, ...args: unknown[]) {
  const c = args[0] as { name?: string; text?: string };
  if (c && typeof c === 'object' && c.name === 'gh_append_durable') {
    backend = this.processID ?? 0;
    if (unnamed) args[0] = { text: c.text, values: (c as { values?: unknown[] }).values };
  }
  return q.apply(this, args);
};
const cpu = () => { const f = readFileSync(`/proc/${backend}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10; }; // ms (100 Hz ticks)
const server = await startPostgres({ fsyncOff: true });
try {
  const store = await openPostgresStore({ url: await server.createDatabase('ab'), poolSize: 1 });
  await store.migrate();
  const now = () => new Date().toISOString();
  const ev = (cid: string, type: string, payload: object, id = uuidv7()) => ({ id, casualtyId: cid, type, at: now(), recordedAt: now(), deviceId: 'd', author: 'a', payload }) as CasualtyEvent;
  const cids = Array.from({ length: 20 }, () => uuidv7());
  for (const c of cids) await store.append([ev(c, 'registered', { injuredAt: now(), unitId: '1-coy' }, c)], now());
  const N = 1000;
  const res: Record<string, number[]> = { named: [], unnamed: [] };
  for (let round = 0; round < 6; round++) {
    unnamed = round % 2 === (process.argv[2] === 'named' ? 1 : 0);
    const c0 = cpu();
    for (let i = 0; i < N; i++) await store.append([ev(cids[i % 20]!, 'note', { text: `n ${round} ${i}` })], now());
    const per = (cpu() - c0) / N;
    res[unnamed ? 'unnamed' : 'named']!.push(per);
    console.log(`${unnamed ? 'unnamed' : 'named  '} ${per.toFixed(3)} ms backend CPU an append (load ${loadavg()[0]!.toFixed(1)})`);
  }
  await store.close();
} finally {
  await server.stop();
}
