// A page goes to every caught-up stream as one array (issue 16's tail): the hub handed each of 200 streams its own
// filtered copy of the page, and each stream then made its own key for the page's bytes from it (a sixth of the
// mixed run's allocation with the scope filter). Counted: the distinct arrays the streams are handed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '../core/index.ts';
import { openSqliteStore } from '../storage/sqlite.ts';
import { createMemoryBus } from '../storage/bus.ts';
import { processReader } from '../log/read.ts';
import { StreamHub } from './stream-hub.ts';
import { pageEncoder } from './routes/events.ts';
import type { HubStream } from './stream-hub.ts';
import { at, makeEvent, makeRegistered } from '../../test/support/events.ts';

const NOW = '2026-11-22T12:00:00.000Z';

test('caught-up streams are handed the same page array; a stream part-way through it gets only what follows its cursor', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-hub-share-'));
  const store = await openSqliteStore({ dataDir: dir });
  const bus = createMemoryBus();
  const hub = new StreamHub(processReader({ store }), bus, 60_000, 60_000, 0);
  let streams: HubStream[] = [];
  try {
    await store.migrate();
    const id = '0192f3a4-5b6c-7d8e-9f01-000000000001';
    await store.append([makeRegistered(id, { injuredAt: at(0), unitId: '1-coy' })], NOW);
    const head = await store.head();
    const pages: StoredEvent[][][] = [];
    const stream = (i: number, after: number): HubStream => {
      pages[i] = [];
      const s: HubStream = {
        after,
        deliver: async (events) => {
          pages[i]!.push(events);
          s.after = events[events.length - 1]!.seq;
        },
        notice: () => undefined, heartbeat: () => undefined, recheck: () => undefined,
      };
      return s;
    };
    streams = Array.from({ length: 20 }, (_, i) => stream(i, head));
    for (const s of streams) {
      hub.open(s);
      assert.ok(hub.join(s));
    }
    for (let k = 0; k < 3; k++) await store.append([makeEvent('note', id, { text: `n${k}` }, at(1 + k))], NOW);
    // One stream has already passed the first of the new events (it read it on its own before joining).
    streams[19]!.after = head + 1;
    bus.publish({ type: 'appended', head: await store.head() });
    for (let i = 0; i < 200 && pages.some((p) => p.length === 0); i++) await new Promise((r) => setTimeout(r, 10));
    const shared = new Set(pages.slice(0, 19).map((p) => p[0]));
    assert.equal(shared.size, 1, `19 caught-up streams, ${shared.size} arrays`);
    assert.equal([...shared][0]!.length, 3);
    assert.deepEqual(pages[19]![0]!.map((e) => e.seq), [head + 2, head + 3]);
  } finally {
    for (const s of streams) hub.close(s);
    await bus.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the page bytes of one array are found by the array: its key is made once, not once per stream', async () => {
  const events = [1, 2, 3].map((seq) => ({ ...makeEvent('note', '0192f3a4-5b6c-7d8e-9f01-000000000001', { text: `n${seq}` }, at(seq)), seq, receivedAt: NOW }) as StoredEvent);
  let mapped = 0;
  // Counts the per-call work of keying the page by its sequence numbers (shown.map(seq).join).
  const page = new Proxy(events, { get: (t, k, r) => (k === 'map' && mapped++, Reflect.get(t, k, r)) });
  const encode = pageEncoder(() => NOW);
  const summaries = new Map();
  const first = encode(page, summaries);
  for (let i = 0; i < 199; i++) assert.equal(encode(page, summaries), first);
  assert.ok(mapped <= 1, `keyed ${mapped} times for 200 streams`);
  assert.match(first.toString(), /id: 3\nevent: casualty-event/);
  // Another page (its own summaries) with the same array is encoded on its own.
  assert.notEqual(encode(page, new Map()), first);
});
