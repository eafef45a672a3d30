// The durability soak: kill -9 of the SERVER PROCESS (`node src/cli/main.ts serve`) under a steady HTTP write load,
// then restart and check: every acknowledged event is present, no event twice, no batch partially stored, the
// sequence has no gap, the audit chain verifies. Used by bench/soak.ts (100 cycles) and
// test/durability-server.int.test.ts (a few cycles).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from '../../src/core/index.ts';
import { cli, login, startServer } from './serve.ts';
import type { ServerProc } from './serve.ts';

export interface SoakResult {
  backend: 'sqlite' | 'postgres';
  cycles: number;
  survived: number;
  acknowledged: number;
  lost: number;
  duplicates: number;
  partialBatches: number;
  gaps: number;
  unacknowledgedBatches: number;
  auditOk: boolean;
  seconds: number;
}

const PW = 'correct horse battery';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function soak(opts: { backend: 'sqlite' | 'postgres'; cycles: number; databaseUrl?: string; writers?: number; log?: (s: string) => void }): Promise<SoakResult> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'gh-soak-'));
  const env: Record<string, string> = { DATA_DIR: dir, RATE_LIMIT: 'off', GH_PASSWORD: PW, ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}) };
  const add = cli(['user', 'add', 'loader', '--role', 'admin'], env);
  if (add.status !== 0) throw new Error(add.out);
  const batches = new Map<string, { ids: string[]; acked: boolean }>();
  let port = 0;
  let token = '';
  let survived = 0;
  let server: ServerProc | null = null;
  const writers = opts.writers ?? 4;
  try {
    for (let cycle = 0; cycle < opts.cycles; cycle++) {
      server = await startServer(env, { port });
      port = server.port;
      if (!token) token = await login(server.url, 'loader', PW);
      // Steady load: each writer pushes batches of 1 registration + 4 notes until the process dies.
      let alive = true;
      let ackedThisCycle = 0;
      const load = Array.from({ length: writers }, async () => {
        while (alive) {
          const cid = uuidv7();
          const now = new Date().toISOString();
          const evs = [
            { id: cid, casualtyId: cid, type: 'registered', at: now, recordedAt: now, deviceId: 'soak', author: 'loader', payload: { injuredAt: now, sex: 'unknown', status: 'military' } },
            ...Array.from({ length: 4 }, (_, i) => ({ id: uuidv7(), casualtyId: cid, type: 'note', at: now, recordedAt: now, deviceId: 'soak', author: 'loader', payload: { text: `note ${i}` } })),
          ];
          const b = { ids: evs.map((e) => e.id), acked: false };
          batches.set(cid, b);
          try {
            const r = await fetch(`${server!.url}/api/sync/push`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ events: evs }) });
            const body = await r.text();
            if (r.status === 200) {
              const ack = JSON.parse(body) as { results: { id: string }[] };
              if (ack.results.length === evs.length) {
                b.acked = true;
                ackedThisCycle++;
              }
            } else if (alive) throw new Error(`push answered ${r.status}: ${body}`);
          } catch (e) {
            if (alive && !(e instanceof TypeError)) throw e;
            if (alive) await sleep(5);
          }
        }
      });
      // Kill while writes are in flight: once the load really runs (a first acknowledgement, however slow a busy
      // machine makes it), then after a random 150–600 ms.
      for (const until = Date.now() + 60_000; ackedThisCycle === 0 && Date.now() < until; ) await sleep(20);
      await sleep(150 + Math.floor(Math.random() * 450));
      alive = false;
      await server.kill('SIGKILL');
      await Promise.allSettled(load);
      survived++;
      opts.log?.(`cycle ${cycle + 1}: ${[...batches.values()].filter((b) => b.acked).length} batches acknowledged so far`);
    }
    // Restart once more and read everything back.
    server = await startServer(env, { port });
    const seen = new Map<string, number>();
    let after = 0;
    let gaps = 0;
    for (;;) {
      const r = await fetch(`${server.url}/api/sync/pull?after=${after}&limit=1000`, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } });
      const page = (await r.json()) as { events: { id: string; seq: number }[]; next: number; head: number };
      for (const e of page.events) {
        if (e.seq !== after + 1) gaps++;
        after = e.seq;
        seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
      }
      if (page.next >= page.head || page.events.length === 0) break;
    }
    let acknowledged = 0;
    let lost = 0;
    let partial = 0;
    let unacked = 0;
    for (const b of batches.values()) {
      const present = b.ids.filter((id) => seen.has(id)).length;
      if (b.acked) {
        acknowledged += b.ids.length;
        lost += b.ids.length - present;
      } else unacked++;
      if (present !== 0 && present !== b.ids.length) partial++;
    }
    const duplicates = [...seen.values()].filter((n) => n > 1).length;
    await server.kill('SIGTERM');
    server = null;
    const audit = cli(['audit', 'verify'], env);
    return { backend: opts.backend, cycles: opts.cycles, survived, acknowledged, lost, duplicates, partialBatches: partial, gaps, unacknowledgedBatches: unacked, auditOk: audit.status === 0, seconds: Math.round((Date.now() - started) / 1000) };
  } finally {
    await server?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
