// The PostgreSQL restart soak: a real `goldenhour serve` process on a real PostgreSQL under steady HTTP write load,
// and the PostgreSQL server is killed (SIGKILL of the postmaster) and started again, `cycles` times. Checked: the
// server process never exits; while the database is down every answer is a 503 in the documented error shape
// (never another 5xx, never a dropped connection); after each restart writes succeed again and the live stream
// (LISTEN bus) delivers again; at the end every acknowledged event is stored, none twice, no sequence gap.
// Used by test/pg-restart.int.test.ts (2 cycles) and bench/pg-restart.ts (`npm run bench:pg-restart`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from '../../src/core/index.ts';
import { cli, login, startServer } from './serve.ts';
import type { ServerProc } from './serve.ts';
import { startPostgres } from './postgres.ts';
import { openStream } from './sse.ts';

export interface RestartResult {
  cycles: number;
  serverAlive: boolean;
  acknowledged: number;
  lost: number;
  duplicates: number;
  gaps: number;
  answers503: number;
  /** Answers during an outage that were not a 503 in the error shape (other 5xx, dropped connections). */
  badAnswers: string[];
  /** Seconds from each restart of PostgreSQL to the first acknowledged write. */
  recoverySeconds: number[];
  /** Did the live stream carry a casualty written after each restart? */
  streamAfterRestart: boolean[];
  seconds: number;
}

const PW = 'correct horse battery';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function batch(): { cid: string; events: object[] } {
  const cid = uuidv7();
  const now = new Date().toISOString();
  const base = { casualtyId: cid, at: now, recordedAt: now, deviceId: 'soak', author: 'loader' };
  return {
    cid,
    events: [
      { ...base, id: uuidv7(), type: 'registered', payload: { injuredAt: now, sex: 'unknown', status: 'military' } },
      ...Array.from({ length: 3 }, (_, i) => ({ ...base, id: uuidv7(), type: 'note', payload: { text: `note ${i}` } })),
    ],
  };
}

export async function pgRestartSoak(opts: { cycles: number; writers?: number; log?: (s: string) => void }): Promise<RestartResult> {
  const started = Date.now();
  const pg = await startPostgres({ fsyncOff: false });
  const dir = mkdtempSync(join(tmpdir(), 'gh-pgr-'));
  const env: Record<string, string> = { DATA_DIR: dir, DATABASE_URL: pg.url, RATE_LIMIT: 'off', GH_PASSWORD: PW };
  let server: ServerProc | null = null;
  const acked = new Map<string, string[]>();
  const badAnswers: string[] = [];
  const recoverySeconds: number[] = [];
  const streamAfterRestart: boolean[] = [];
  let answers503 = 0;
  try {
    const add = cli(['user', 'add', 'loader', '--role', 'admin'], env);
    if (add.status !== 0) throw new Error(add.out);
    server = await startServer(env);
    const token = await login(server.url, 'loader', PW);
    const push = async (): Promise<string | null> => {
      const b = batch();
      try {
        const r = await fetch(`${server!.url}/api/sync/push`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ events: b.events }) });
        const text = await r.text();
        if (r.status === 200) {
          acked.set(b.cid, b.events.map((e) => (e as { id: string }).id));
          return b.cid;
        }
        const code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
        if (r.status === 503 && code === 'unavailable' && r.headers.get('retry-after')) answers503++;
        else badAnswers.push(`${r.status} ${text.slice(0, 200)}`);
      } catch (e) {
        badAnswers.push(`no answer: ${(e as Error).message}`);
        await sleep(50);
      }
      return null;
    };
    let alive = true;
    const load = Array.from({ length: opts.writers ?? 4 }, async () => {
      while (alive) if ((await push()) === null) await sleep(100);
    });
    for (let cycle = 0; cycle < opts.cycles; cycle++) {
      await sleep(300 + Math.floor(Math.random() * 400));
      await pg.crashRestart();
      const back = Date.now();
      // The pool reconnects: a write succeeds again within seconds.
      let ok: string | null = null;
      for (let i = 0; i < 200 && ok === null; i++) ok = (await push()) ?? (await sleep(100), null);
      recoverySeconds.push((Date.now() - back) / 1000);
      // The bus re-listens: a stream opened before a write sees it live.
      const ac = new AbortController();
      let seen = false;
      try {
        const res = await openStream(server.url, token, { signal: ac.signal });
        const reader = res.body!.getReader();
        const mine = await push();
        const deadline = Date.now() + 20_000; // generous: PostgreSQL restarting on busy cores
        let text = '';
        while (mine && !seen && Date.now() < deadline) {
          const r = await Promise.race([reader.read(), sleep(deadline - Date.now()).then(() => null)]);
          if (!r || r.done) break;
          text += new TextDecoder().decode(r.value);
          seen = text.includes(mine);
        }
      } catch {
        seen = false;
      } finally {
        ac.abort();
      }
      streamAfterRestart.push(seen);
      opts.log?.(`cycle ${cycle + 1}: back in ${recoverySeconds.at(-1)!.toFixed(1)} s, stream ${seen ? 'live' : 'SILENT'}, ${acked.size} batches acknowledged, ${answers503} × 503`);
    }
    alive = false;
    await Promise.all(load);
    const serverAlive = server.child.exitCode === null && server.child.signalCode === null;
    const seen = new Map<string, number>();
    let after = 0;
    let gaps = 0;
    for (;;) {
      const r = await fetch(`${server.url}/api/sync/pull?after=${after}&limit=1000`, { headers: { authorization: `Bearer ${token}` } });
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
    for (const ids of acked.values()) {
      acknowledged += ids.length;
      lost += ids.filter((id) => !seen.has(id)).length;
    }
    const duplicates = [...seen.values()].filter((n) => n > 1).length;
    return { cycles: opts.cycles, serverAlive, acknowledged, lost, duplicates, gaps, answers503, badAnswers, recoverySeconds, streamAfterRestart, seconds: Math.round((Date.now() - started) / 1000) };
  } finally {
    await server?.kill('SIGTERM');
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
