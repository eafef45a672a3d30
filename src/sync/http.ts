// The replication protocol over HTTP: a Remote for POST /api/sync/push and GET /api/sync/pull, gzip both ways.
// Also `relay`: copy one server's log into another's (field box ⇄ rear), resumable by a persisted cursor.
import { mkdirSync, readFileSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CasualtyEvent } from '../core/index.ts';
import type { Cursor, PeerCursor, PeerState, PullPage, PushAck, Remote, ScopedPullPage } from './protocol.ts';
import { DEFAULT_BATCH, numbered, toEvent } from './protocol.ts';
import { encodeBody } from './codec.ts';

export class HttpError extends Error {
  readonly status: number;
  readonly body: string;
  constructor(status: number, body: string, what: string) {
    super(`${what}: HTTP ${status} ${body.slice(0, 300)}`);
    this.status = status;
    this.body = body;
  }
}

export function httpRemote(baseUrl: string, token: string | undefined, opts: { timeoutMs?: number } = {}): Remote {
  const base = baseUrl.replace(/\/+$/, '');
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const timeout = opts.timeoutMs ?? 30_000;
  return {
    id: base,
    async push(events: CasualtyEvent[]): Promise<PushAck> {
      const enc = encodeBody(JSON.stringify({ events: events.map(toEvent) }));
      const res = await fetch(`${base}/api/sync/push`, {
        method: 'POST',
        headers: {
          ...auth,
          'content-type': 'application/json',
          'accept-encoding': 'gzip',
          ...(enc.encoding === 'gzip' ? { 'content-encoding': 'gzip' } : {}),
        },
        body: new Uint8Array(enc.bytes),
        signal: AbortSignal.timeout(timeout),
      });
      const text = await res.text();
      if (res.status !== 200) throw new HttpError(res.status, text, `push to ${base}`);
      return JSON.parse(text) as PushAck;
    },
    async pull(after: Cursor, limit: number): Promise<PullPage | ScopedPullPage> {
      const res = await fetch(`${base}/api/sync/pull?after=${encodeURIComponent(after)}&limit=${limit}`, {
        headers: { ...auth, 'accept-encoding': 'gzip' },
        signal: AbortSignal.timeout(timeout),
      });
      const text = await res.text();
      if (res.status !== 200) throw new HttpError(res.status, text, `pull from ${base}`);
      return JSON.parse(text) as PullPage | ScopedPullPage;
    },
  };
}

/** Copy everything `from` lets us see into `to`. The cursor (on `from`'s sequence) moves only after `to` acknowledged. */
export async function relay(from: Remote, to: Remote, state: PeerState, batch = DEFAULT_BATCH): Promise<{ pages: number; copied: number; accepted: number }> {
  const key = `${from.id} -> ${to.id}`;
  let cur: PeerCursor = await state.load(key);
  let pages = 0;
  let copied = 0;
  let accepted = 0;
  for (;;) {
    const page = numbered(await from.pull(cur.pulled, batch));
    pages++;
    if (page.events.length) {
      const ack = await to.push(page.events.map(toEvent));
      const acked = new Set(ack.results.map((r) => r.id));
      if (!page.events.every((e) => acked.has(e.id))) throw new Error(`${to.id} did not acknowledge the whole batch`);
      copied += page.events.length;
      accepted += ack.accepted;
    }
    if (page.after <= cur.pulled) {
      cur = { ...cur, pulled: Math.max(cur.pulled, page.next) };
      await state.save(key, cur);
    }
    if (page.next >= page.head || page.next <= page.after) break;
  }
  return { pages, copied, accepted };
}

/** Cursors in a JSON file, replaced atomically (write, fsync, rename). */
export class FilePeerState implements PeerState {
  readonly path: string;
  constructor(path: string) {
    this.path = path;
  }
  private read(): Record<string, PeerCursor> {
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as Record<string, PeerCursor>;
    } catch {
      return {};
    }
  }
  load(peer: string): Promise<PeerCursor> {
    return Promise.resolve(this.read()[peer] ?? { pushed: 0, pulled: 0 });
  }
  save(peer: string, c: PeerCursor): Promise<void> {
    const all = { ...this.read(), [peer]: c };
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(all, null, 2));
    const fd = openSync(tmp, 'r');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, this.path);
    return Promise.resolve();
  }
}
