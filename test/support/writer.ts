// Load generator for the durability test: opens the store from the environment (DATABASE_URL or DATA_DIR), then
// appends batches forever. After each append RESOLVES it prints `ACK <id>,<id>,…` — only acknowledged events are
// ever printed. Every event's `hlc` carries `<batch tag>/<batch size>`, so a reader can tell a partial batch.
import { openStore } from '../../src/storage/open.ts';
import { makeChain } from './events.ts';

const tag = process.env.WRITER_TAG ?? String(process.pid);
const store = await openStore({ DATABASE_URL: process.env.DATABASE_URL, DATA_DIR: process.env.DATA_DIR });
await store.migrate();
process.stdout.write('READY\n');
for (let n = 0; ; n++) {
  const chains = [makeChain(), makeChain(undefined, { close: true })];
  const size = 1 + (n % 16);
  const batch = chains.flat().slice(0, size).map((e) => ({ ...e, hlc: `${tag}-${n}/${size}` }));
  await store.append(batch, new Date().toISOString());
  process.stdout.write(`ACK ${batch.map((e) => e.id).join(',')}\n`);
}
