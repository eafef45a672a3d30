// The whole log by sequence number (sync pull), and the live stream of it (Server-Sent Events).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { AppContext } from '../context.ts';
import { ApiError, badRequest } from '../errors.ts';
import { advanceClocks } from '../clocks.ts';
import { EventList, EventsQuery, StreamQuery } from '../../core/api.ts';
import type { HubStream } from '../stream-hub.ts';
import type { CasualtySummary, StoredEvent } from '../../core/index.ts';
import { versioned } from '../../core/index.ts';
import { StreamHub } from '../stream-hub.ts';
import { processReader } from '../../log/read.ts';
import { parse } from '../validate.ts';
import type { Cursors } from '../cursors.ts';
import { cursorsOf, numberRequired, scopedStart, withoutSeq } from '../cursors.ts';
import type { AccessClass, Principal } from '../../auth/policy.ts';
import { allowed } from '../../auth/policy.ts';
import { BusyView, JOB_EVENTS, markedFor } from '../busy-vehicles.ts';

/** How often an open stream re-checks the credential that opened it (besides before every page it sends). */
export const STREAM_RECHECK_MS = 2_000;
/** How long an open stream outlives credential checks that fail (not ones that say no). */
export const STREAM_CHECK_GRACE_MS = 5 * STREAM_RECHECK_MS;
/**
 * The most bytes a live stream may hold that its client has not taken (8 MiB, past what the kernel's socket buffers
 * hold): a stream over it is ended and its client resumes from its cursor. A replay never comes near it (it reads its
 * next page only once the client took the last); a live stream whose client stopped reading does, and without it a
 * client that never reads made the server hold everything written since (docs/security.md).
 */
export const STREAM_BUFFER_CAP = 8 * 1024 * 1024;
/** How long a stream ended over the cap may wait for its client to take what it holds before it is cut off (ms). */
export const STREAM_FLUSH_MS = 30_000;

const STREAM_CONTRACT = {
  summary: 'Server-Sent Events: `casualty-event` (id = seq, data = StoredEvent), `entity` ({kind, value}), `diverted` ({casualtyId, from, to, at}: a casualty on its way to a facility desk\'s facility sent elsewhere, out of its scope), `workforce` ({head}: the workforce log grew), `claims` ({claimId}: a claim changed) and `closed` ({reason}); replay from `after` or Last-Event-ID, then live. Authenticate with a `ticket` from POST /api/stream/ticket',
  query: StreamQuery,
  responses: { 200: { media: 'text/event-stream', description: 'messages: see StreamCasualtyEvent, StreamEntity, StreamDiverted, StreamClosed' } },
};

/** The SSE bytes of a stream page, made once and shared by the streams that show the same events; `now` advances the summaries' clocks. */
export function pageEncoder(now: () => string, scoped = false): (shown: readonly StoredEvent[], summaries: ReadonlyMap<string, CasualtySummary | null>) => Buffer {
  // Scoped streams (head-oracle) get events without `id:` or `seq`; each such stream ends a page with its own small
  // `event: cursor` message, so these bytes stay shared between the streams of one scope.
  const eventLine = scoped
    ? (x: StoredEvent) => `event: casualty-event\ndata: ${JSON.stringify(withoutSeq(x))}\n\n`
    : (x: StoredEvent) => `id: ${x.seq}\nevent: casualty-event\ndata: ${JSON.stringify(x)}\n\n`;
  // A page goes to every caught-up stream as the same objects: each event and summary is written out once, not once
  // per stream (200 streams made every append pay 200 serialisations of the same summary), also across scopes. The
  // summary's clocks are advanced at the first stream's send of that page.
  const eventText = new WeakMap<StoredEvent, string>();
  const summaryText = new WeakMap<CasualtySummary, string>();
  const textOf = <T extends object>(cache: WeakMap<T, string>, x: T, write: (x: T) => string): string => {
    let t = cache.get(x);
    if (t === undefined) cache.set(x, (t = write(x)));
    return t;
  };
  // The bytes of a page, encoded once for every stream that shows the same events of it (issue 16): 200 streams of
  // one scope got 200 concatenations and UTF-8 encodings of the same text per write. Keyed by the page (its
  // summaries map, one per hub read or replay read) and by the exact sequence numbers shown, so a stream shares
  // bytes only with streams that show exactly what it may show: a narrower scope's page is its own.
  const pageBytes = new WeakMap<ReadonlyMap<string, CasualtySummary | null>, Map<string, Buffer>>();
  // Streams handed the same array of the same page (the hub's page, every caught-up stream that sees all of it)
  // find its bytes by the array itself: no key string made per stream per page (a sixth of the mixed run's
  // allocation with the hub's per-stream copies).
  const byArray = new WeakMap<readonly StoredEvent[], { summaries: ReadonlyMap<string, CasualtySummary | null>; bytes: Buffer }>();
  return (shown: readonly StoredEvent[], summaries: ReadonlyMap<string, CasualtySummary | null>): Buffer => {
    const same = byArray.get(shown);
    if (same?.summaries === summaries) return same.bytes;
    let bySeqs = pageBytes.get(summaries);
    if (!bySeqs) pageBytes.set(summaries, (bySeqs = new Map()));
    const key = shown.map((e) => e.seq).join(',');
    let bytes = bySeqs.get(key);
    if (bytes) {
      byArray.set(shown, { summaries, bytes });
      return bytes;
    }
    // The summaries first: the client moves its cursor on each event's id, so a connection dropped after the events
    // and before their summaries would leave it past them with those casualties never summarised again. Dropped
    // after the summaries, it is only sent the page again. (A scoped page's cursor follows the page anyway.)
    const at = now();
    const summaryLine = (x: CasualtySummary) => `event: casualty\ndata: ${JSON.stringify(scoped ? versioned(advanceClocks(x, at)) : advanceClocks(x, at))}\n\n`;
    const touched = new Set<string>();
    for (const e of shown) touched.add(e.casualtyId);
    let out = '';
    for (const id of touched) {
      const c = summaries.get(id);
      if (c) out += textOf(summaryText, c, summaryLine);
    }
    for (const e of shown) out += textOf(eventText, e, eventLine);
    bySeqs.set(key, (bytes = Buffer.from(out, 'utf8')));
    byArray.set(shown, { summaries, bytes });
    return bytes;
  };
}

/**
 * Where a stream starts, or null for the head (now). Numbers to those shown numbers; a scoped caller's `after` is a
 * token of theirs (a number refused), and a numeric Last-Event-ID (a page of before tokens, reconnecting) is as none.
 */
function streamStart(cursors: Cursors | null, after: string | number | undefined, header: string | string[] | undefined): number | null {
  const last = typeof header === 'string' && header.trim() !== '' ? header.trim() : undefined;
  if (cursors) {
    if (after !== undefined) return scopedStart(cursors, after, 'query.after');
    if (last === undefined || /^\d+$/.test(last)) return null;
    const seq = cursors.open(last);
    if (seq === null) throw badRequest('invalid Last-Event-ID', [{ path: 'headers.last-event-id', message: 'must be the cursor of an earlier message' }]);
    return seq;
  }
  if (typeof after === 'string') throw numberRequired('query.after');
  if (after !== undefined) return after;
  if (last === undefined) return null;
  const n = Number(last);
  if (!Number.isInteger(n) || n < 0) throw badRequest('invalid Last-Event-ID', [{ path: 'headers.last-event-id', message: 'must be a sequence number' }]);
  return n;
}

export function eventRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Open streams end when the server closes, so close() does not wait for clients to hang up.
  const openStreams = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const end of [...openStreams]) end();
  });

  app.get('/api/events', { config: { access: 'sync:read', contract: { summary: 'The event log after a cursor, in the caller\'s scope', query: EventsQuery, responses: { 200: EventList } } } }, async (req) => {
    const q = parse(EventsQuery, req.query, ['query']);
    const reader = ctx.read(req);
    const cursors = await cursorsOf(ctx, req);
    if (cursors) {
      const p = await reader.scopedPage(scopedStart(cursors, q.after, 'query.after'), q.limit);
      return { events: p.events.map(withoutSeq), next: cursors.seal(p.next), more: p.more };
    }
    if (typeof q.after === 'string') throw numberRequired('query.after');
    const head = await reader.head();
    // Scoped in the query; `next` moves a scoped reader past what it may not see.
    const page = await reader.eventsAfter(q.after, q.limit);
    return { events: page.events, head, next: page.next };
  });

  // SSE: replay from the cursor, then live. Bus messages only wake the hub up; events are always read from the
  // store after the stream's own cursor, in sequence order, so nothing is skipped or sent twice. One hub per
  // process reads each new page once for every caught-up stream (issue 16 item 4).
  const hub = new StreamHub(processReader({ store: ctx.store }), ctx.bus, ctx.heartbeatMs, STREAM_RECHECK_MS, ctx.fanOutEveryMs, ctx.writes);
  const encodePage = pageEncoder(() => ctx.now());
  const encodeScopedPage = pageEncoder(() => ctx.now(), true);
  app.get('/api/stream', { config: { access: 'stream:read', contract: STREAM_CONTRACT } }, async (req, reply) => {
    const at = await streamOpening(ctx, req);
    // Fastify answers HEAD with this handler: a stream's head and no body, not a stream held open (and counted
    // against the caller's live streams) until the client hangs up.
    if (req.method === 'HEAD') return reply.type('text/event-stream; charset=utf-8').header('cache-control', 'no-cache, no-transform').send();
    const release = ctx.openStream ? ctx.openStream(req) : () => undefined;
    if (release === 'credential') throw new ApiError(429, 'rate_limited', 'this credential already holds the most live streams allowed: close one first');
    if (release === 'user') throw new ApiError(429, 'rate_limited', 'this user already holds the most live streams allowed (over all their sessions): close one first');
    const raw = writeStreamHead(reply, at);
    // A scoped stream's vehicles on other units' jobs: marked at the opening, then again as such a job starts or ends.
    const reader = ctx.read(req, { audit: false });
    const busy = markedFor(req, reader) && at.may('entity:read') ? new BusyView(ctx.store, reader) : null;
    if (busy) raw.write(await busy.opening());
    // A desk opened after a patient it expected was sent elsewhere is told so (the replay after its cursor tells it
    // too, for a reconnect: the client keeps one notice per casualty). A read that fails costs the notice only.
    if (ctx.recentlyDiverted) for (const d of await ctx.recentlyDiverted(req).catch(() => [])) raw.write(`event: diverted\ndata: ${JSON.stringify(d)}\n\n`);
    await followLog({ ctx, hub, openStreams, encodePage, encodeScopedPage }, req, raw, at, busy, release);
  });
}

/** Where a stream starts and what its caller may be sent. */
interface StreamOpening {
  cursors: Cursors | null;
  /** The cursor the caller named, echoed as named (a token as the token); null for the head. */
  named: string | number | null;
  after: number;
  may: (a: AccessClass) => boolean;
}

async function streamOpening(ctx: AppContext, req: FastifyRequest): Promise<StreamOpening> {
  const q = parse(StreamQuery, req.query, ['query']);
  // Each kind of message goes to those who may read it: casualty events (in scope) to the log's readers, entity changes
  // to entity readers, workforce and claims wake-ups (no content: they re-read) to their readers.
  const principal = (req as { principal?: Principal | null }).principal;
  const may = (a: AccessClass) => principal === undefined || principal === null || allowed(principal, a); // no principal: a server without auth
  const cursors = principal ? await cursorsOf(ctx, req) : null;
  const from = streamStart(cursors, q.after, req.headers['last-event-id']);
  // A cursor the caller named is echoed as named (a token as the token); the head it was not told is not (docs/security.md).
  const named = from === null ? null : q.after ?? String(req.headers['last-event-id']).trim();
  const after = from ?? (await ctx.read(req).head());
  return { cursors, named, after, may };
}

/** Takes the answer over from fastify and writes the stream's head: the headers, the retry and, scoped, its cursor. */
function writeStreamHead(reply: FastifyReply, at: StreamOpening): ServerResponse {
  const raw = reply.raw;
  reply.hijack();
  // The security headers set for every answer (the stream is written raw, so they are copied here).
  const headers = Object.fromEntries(Object.entries(reply.getHeaders()).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
  raw.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.write(`retry: 3000\n: golden hour stream${at.named === null ? '' : ` from ${at.named}`}\n\n`);
  // A scoped stream's position from the start, sealed: a reconnect (Last-Event-ID) resumes here, not at the head then.
  if (at.cursors) raw.write(`id: ${at.cursors.seal(at.after)}\nevent: cursor\ndata: {}\n\n`);
  return raw;
}

interface StreamDeps {
  ctx: AppContext;
  hub: StreamHub;
  openStreams: Set<() => void>;
  encodePage: ReturnType<typeof pageEncoder>;
  encodeScopedPage: ReturnType<typeof pageEncoder>;
}

/** The open stream: replay from its cursor, then the hub's pages in the caller's scope, the wake-ups each reader may
 * have, heartbeats and credential re-checks, until the client, the credential or the server ends it. */
async function followLog(deps: StreamDeps, req: FastifyRequest, raw: ServerResponse, at: StreamOpening, busy: BusyView | null, release: () => void): Promise<void> {
  const { ctx, hub, openStreams, encodePage, encodeScopedPage } = deps;
  const cursors = at.cursors;
  let closed = false;
  let checkedAt = Date.now();
  let confirmedAt = checkedAt;
  const cap = ctx.streamBufferCap ?? STREAM_BUFFER_CAP;
  /** A page being written in pieces (its bytes and its cursor, corked): the cap is weighed after its last piece. */
  let inPage = false;
  /** The replay waiting for the client to take its last page: settled by 'drain' or by the stream's end. */
  let waiting: (() => void) | null = null;
  const write = (chunk: string | Buffer) => {
    if (closed) return;
    raw.write(chunk);
    if (!inPage) weigh();
  };
  // A client that does not take what it is sent: its stream ends at a message's boundary, so what was buffered is whole
  // messages and the client, reconnecting from the last cursor it received, misses nothing. A client that never reads
  // is cut off once its socket has taken nothing for STREAM_FLUSH_MS: the server lets go of the buffer.
  const weigh = () => {
    if (closed || raw.writableLength <= cap) return;
    req.log.warn({ buffered: raw.writableLength, cap, user: (req as { principal?: Principal | null }).principal?.username }, 'live stream ended: its client is not reading what it is sent (it resumes from its cursor)');
    end();
    raw.socket?.setTimeout(STREAM_FLUSH_MS, () => raw.destroy());
  };
  // A check that fails (the trust database busy or away) is not a "no": the stream rides it out for
  // STREAM_CHECK_GRACE_MS, then ends WITHOUT "closed" so the client reconnects with a fresh ticket, which
  // re-authenticates. Only a real "no" sends "closed" (the client then stops and signs the user out).
  const stillAllowed = async (): Promise<boolean> => {
    checkedAt = Date.now();
    if (!ctx.streamStillAllowed) return true;
    let ok: boolean;
    try {
      ok = await ctx.streamStillAllowed(req);
    } catch (err) {
      if (Date.now() - confirmedAt < STREAM_CHECK_GRACE_MS) return true;
      req.log.warn({ err }, 'stream credential could not be checked: ending the stream for a reconnect');
      end();
      return false;
    }
    if (ok) {
      confirmedAt = Date.now();
      return true;
    }
    write(`event: closed\ndata: ${JSON.stringify({ reason: 'the credential of this stream is no longer valid (revoked, signed out, expired or disabled)' })}\n\n`);
    end();
    return false;
  };
  const stream: HubStream = {
    after: at.after,
    // One page: the credential (re-checked unless the shared timer just did), the caller's scope, the folded
    // summary of each casualty the page touched, once (issue 10 item 4), then the events (pageEncoder says why).
    deliver: async (events, summaries) => {
      if (closed) return;
      if (Date.now() - checkedAt > STREAM_RECHECK_MS / 2 && !(await stillAllowed())) return;
      // In the page's order (the caller's filter keeps it): the same events shown give the same bytes.
      const shown = ctx.visibleEvents ? await ctx.visibleEvents(req, events, summaries) : events;
      if (closed) return;
      stream.after = Math.max(stream.after, events[events.length - 1]!.seq);
      // Another unit's write that may start or end a vehicle's job: the vehicles whose mark changed (read once per page).
      if (busy && shown.length < events.length && events.some((e) => JOB_EVENTS.has(e.type))) write(await busy.changed(stream.after));
      if (ctx.divertedAway && shown.length < events.length) {
        const seen = new Set(shown);
        // A log that could not be read costs the notice, not the page.
        const told = await ctx.divertedAway(req, events.filter((e) => !seen.has(e)), summaries).catch(() => []);
        for (const d of told) write(`event: diverted\ndata: ${JSON.stringify(d)}\n\n`);
      }
      if (!shown.length) return;
      if (!cursors) return write(encodePage(shown, summaries));
      // The shared page's own bytes, then this stream's sealed cursor, in one writev. Only a page that showed
      // something moves a scoped stream's cursor: one per page seen would time others' writes.
      raw.cork();
      inPage = true;
      write(encodeScopedPage(shown, summaries));
      write(`id: ${cursors.seal(stream.after)}\nevent: cursor\ndata: {}\n\n`);
      inPage = false;
      raw.uncork();
      weigh();
    },
    // Each kind of wake-up goes to those who may read it (workforce and claims carry no content: screens re-read).
    notice: (m) => {
      if (m.type === 'entity' && at.may('entity:read')) write(`event: entity\ndata: ${JSON.stringify({ kind: m.kind, value: busy ? busy.value(m.kind, m.value) : m.value })}\n\n`);
      else if (m.type === 'workforce' && at.may('workforce:gaps')) write(`event: workforce\ndata: ${JSON.stringify({ head: m.head })}\n\n`);
      else if (m.type === 'claims' && at.may('claims:read')) write(`event: claims\ndata: ${JSON.stringify({ claimId: m.claimId })}\n\n`);
    },
    heartbeat: () => write(`: heartbeat ${new Date().toISOString()}\n\n`),
    recheck: () => void stillAllowed(),
    drained: () => (closed || !raw.writableNeedDrain ? Promise.resolve() : new Promise<void>((ok) => {
      waiting = () => {
        raw.off('drain', waiting!);
        waiting = null;
        ok();
      };
      raw.on('drain', waiting);
    })),
  };
  const close = () => {
    if (closed) return;
    closed = true;
    waiting?.();
    // A stream ended with bytes still unsent (over the cap) keeps its place until its socket is gone: otherwise a client
    // that reads nothing could open stream after stream, each holding its buffer.
    if (raw.writableLength > 0 && !raw.destroyed) raw.once('close', release);
    else release();
    hub.close(stream);
    ctx.streamClosed?.(req);
    openStreams.delete(end);
  };
  const end = () => {
    close();
    raw.end();
  };
  openStreams.add(end);
  raw.on('close', close);
  hub.open(stream);
  // Replay on its own from the cursor until caught up with the hub, then ride the shared read.
  if (at.may('sync:read')) await hub.catchUp(stream, () => closed).catch((err: unknown) => {
    req.log.error({ err }, 'stream replay failed');
    end();
  });
}
