// Load generator for the durability test: opens the store from the environment (DATA_DIR or DATABASE_URL), then
// appends batches forever. After each append RESOLVES it prints `ACK <id>,<id>,…` — only acknowledged events are
// ever printed. Every event's `hlc` carries `<batch tag>/<batch size>`, so a reader can tell a partial batch.
// WRITER_CONCURRENCY=k runs k such loops at once, so appends share group commits (issue 16).
import { openStore } from '../../src/storage/open.ts';
import { makeChain } from './events.ts';

const tag = process.env.WRITER_TAG ?? String(process.pid);
const loops = Math.max(1, Number(process.env.WRITER_CONCURRENCY ?? 1));
const store = await openStore({ DATABASE_URL: process.env.DATABASE_URL, DATA_DIR: process.env.DATA_DIR });
await store.migrate();
process.stdout.write('READY\n');
await Promise.all(Array.from({ length: loops }, async (_, k) => {
  for (let n = 0; ; n++) {
    const chains = [makeChain(), makeChain(undefined, { close: true })];
    const size = 1 + ((n + k) % 16);
    const batch = chains.flat().slice(0, size).map((e) => ({ ...e, hlc: `${tag}-${k}-${n}/${size}` }));
    await store.append(batch, new Date().toISOString());
    process.stdout.write(`ACK ${batch.map((e) => e.id).join(',')}\n`);
  }
}));
