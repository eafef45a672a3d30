// Two server processes on one PostgreSQL serve one live stream: a client connected to A receives, in order and
// without loss, every event written through B (LISTEN/NOTIFY wake-ups; events read from the store by cursor).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from '../core/index.ts';
import { cli, login, startServer } from '../../test/support/serve.ts';
import { startPostgres } from '../../test/support/postgres.ts';

const PW = 'correct horse battery';

test('an SSE client on server A receives what is written through server B, in order, without loss', { timeout: 120_000 }, async () => {
  const pgs = await startPostgres();
  const dir = mkdtempSync(join(tmpdir(), 'gh-mp-'));
  const env = { DATABASE_URL: pgs.url, DATA_DIR: dir, GH_PASSWORD: PW, RATE_LIMIT: 'off' };
  const a = await startServer(env);
  const b = await startServer(env);
  const ac = new AbortController();
  try {
    assert.equal(cli(['user', 'add', 'ops', '--role', 'dispatcher'], env).status, 0);
    const token = await login(b.url, 'ops', PW); // a session made on B is valid on A: one trust database
    const res = await fetch(`${a.url}/api/stream?after=0`, { headers: { authorization: `Bearer ${token}` }, signal: ac.signal });
    assert.equal(res.status, 200);
    const got: number[] = [];
    const ids: string[] = [];
    const reader = (async () => {
      const dec = new TextDecoder();
      let buf = '';
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += dec.decode(chunk, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const msg = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = /^data: (.*)$/m.exec(msg);
          if (/^event: casualty-event$/m.test(msg) && data) {
            const e = JSON.parse(data[1]!) as { seq: number; id: string };
            got.push(e.seq);
            ids.push(e.id);
          }
        }
      }
    })().catch(() => undefined);
    // Write through B: 40 batches from 4 concurrent writers.
    const written: string[] = [];
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let k = 0; k < 10; k++) {
        const cid = uuidv7();
        const now = new Date().toISOString();
        const evs = [
          { id: cid, casualtyId: cid, type: 'registered', at: now, recordedAt: now, deviceId: 'mp', author: 'ops', payload: { injuredAt: now, sex: 'unknown', status: 'military' } },
          { id: uuidv7(), casualtyId: cid, type: 'note', at: now, recordedAt: now, deviceId: 'mp', author: 'ops', payload: { text: 'via B' } },
        ];
        const r = await fetch(`${b.url}/api/sync/push`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ events: evs }) });
        assert.equal(r.status, 200, await r.text());
        written.push(...evs.map((e) => e.id));
      }
    }));
    const deadline = Date.now() + 20_000;
    while (got.length < written.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(got.length, written.length, 'every event written through B arrived at A');
    assert.deepEqual(got, Array.from({ length: written.length }, (_, i) => i + 1), 'in sequence order, no gap, no duplicate');
    assert.deepEqual(new Set(ids), new Set(written));
    ac.abort();
    await reader;
    // Both processes appended to one audit chain (serialised by its head row lock): it still verifies.
    const v = cli(['audit', 'verify'], env);
    assert.equal(v.status, 0, v.out);
  } finally {
    ac.abort();
    await a.kill();
    await b.kill();
    await pgs.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
