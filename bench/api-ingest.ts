// `node bench/api-ingest.ts [eventsAtBatch1=500] [eventsAtBatch100=10000]`: events/second ingested through the HTTP
// API (POST /api/casualties/:id/events over a real loopback socket, JSON in and out, full validation) on SQLite and
// on PostgreSQL, against a baseline measured in the same run: Store.append of the same events directly (ratio =
// API / store: the cost of the HTTP layer). Authentication is off (auth: false) to measure the issue-2 path alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CasualtyEvent } from '../src/core/index.ts';
import { uuidv7 } from '../src/core/index.ts';
import type { Store } from '../src/storage/port.ts';
import { openSqliteStore } from '../src/storage/sqlite.ts';
import { openPostgresStore } from '../src/storage/postgres.ts';
import { buildApp } from '../src/server/app.ts';
import { startPostgres } from '../test/support/postgres.ts';
import { makeChain } from '../test/support/events.ts';

const N1 = Number(process.argv[2] ?? 500);
const N100 = Number(process.argv[3] ?? 10_000);
const NOW = '2026-03-01T12:00:00.000Z';

/** Chains of events, grouped per casualty, cut into batches of `size` events of one casualty each. */
function batches(total: number, size: number): { casualtyId: string; events: CasualtyEvent[] }[] {
  const out: { casualtyId: string; events: CasualtyEvent[] }[] = [];
  let n = 0;
  while (n < total) {
    const cid = uuidv7();
    const evs: CasualtyEvent[] = [];
    while (evs.length < Math.max(size, 8)) evs.push(...makeChain(cid).map((e, i) => (i === 0 && evs.length ? { ...e, type: 'note', payload: { text: 'more' } } as CasualtyEvent : e)));
    for (let i = 0; i < evs.length && n < total; i += size) {
      const b = evs.slice(i, i + size).slice(0, total - n).map((e) => ({ ...e, id: uuidv7() }));
      out.push({ casualtyId: cid, events: b });
      n += b.length;
    }
  }
  return out;
}

async function measure(label: string, open: () => Promise<{ store: Store; done: () => Promise<void> }>): Promise<void> {
  for (const [size, total] of [[1, N1], [100, N100]] as const) {
    // baseline: the store alone
    let { store, done } = await open();
    await store.migrate();
    let work = batches(total, size);
    let t0 = performance.now();
    for (const b of work) await store.append(b.events, NOW);
    const storeRate = total / ((performance.now() - t0) / 1000);
    await store.close();
    await done();
    // the API over loopback HTTP
    ({ store, done } = await open());
    await store.migrate();
    const app = await buildApp({ store, auth: false, now: () => NOW });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    work = batches(total, size);
    t0 = performance.now();
    for (const b of work) {
      const r = await fetch(`${base}/api/casualties/${b.casualtyId}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: b.events }) });
      if (r.status !== 200) throw new Error(`${r.status} ${await r.text()}`);
      await r.arrayBuffer();
    }
    const apiRate = total / ((performance.now() - t0) / 1000);
    await app.close();
    await store.close();
    await done();
    console.log(`${label.padEnd(10)} batch ${String(size).padStart(3)}: API ${apiRate.toFixed(0).padStart(6)} ev/s   store ${storeRate.toFixed(0).padStart(6)} ev/s   ratio ${(apiRate / storeRate).toFixed(2)}  (${total} events)`);
  }
}

await measure('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-bench-api-'));
  return { store: await openSqliteStore({ dataDir: dir }), done: async () => rmSync(dir, { recursive: true, force: true }) };
});
const pg = await startPostgres();
try {
  let n = 0;
  await measure('postgres', async () => {
    const url = n++ === 0 ? pg.url : await pg.createDatabase(`bench${n}`);
    return { store: await openPostgresStore({ url }), done: async () => {} };
  });
} finally {
  await pg.stop();
}
