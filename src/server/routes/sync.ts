// Replication (docs/sync.md): POST /api/sync/push takes a batch of full events of any casualties (gzip or deflate
// Content-Encoding accepted, bounded when inflated), validates all of it, checks the caller may write each event
// (SYNC-10), and appends atomically and idempotently (SYNC-1). GET /api/sync/pull pages the log by sequence number,
// filtered to the caller's scope, with `next` to resume from (SYNC-2, SYNC-12); gzip when the client accepts it.
import { Transform } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { cursorsOf, numberRequired, scopedAck, scopedStart, withoutSeq } from '../cursors.ts';
import { deviceSentMs, parse } from '../validate.ts';
import { PullPageSchema, PushAckSchema, SyncPullQuery, SyncPushBody } from '../../core/api.ts';
import { MAX_BATCH } from '../../sync/protocol.ts';
import { encodeBody } from '../../sync/codec.ts';

export const SYNC_BODY_LIMIT = 4 * 1024 * 1024;

const PushBody = SyncPushBody.extend({ events: z.array(z.unknown()).min(1).max(MAX_BATCH) });
const PullQuery = SyncPullQuery.extend({ limit: z.coerce.number().int().min(1).max(MAX_BATCH).default(500) });

export function syncRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/api/sync/push',
    {
      config: { access: 'sync:write', contract: { summary: 'Push a batch of events of any casualties (gzip/deflate accepted); atomic and idempotent', body: SyncPushBody, responses: { 200: PushAckSchema } } },
      bodyLimit: SYNC_BODY_LIMIT,
      decompress: false, // inflated below, with the body limit counting inflated bytes
      compress: false, // the answer brings its own gzip (sendJson)
      // Inflate gzip/deflate bodies; the body limit counts inflated bytes, so a small "zip bomb" is a 413.
      preParsing: async (req, _reply, payload) => {
        const enc = String(req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
        if (enc === 'identity' || enc === '') return payload;
        if (enc !== 'gzip' && enc !== 'deflate') throw new ApiError(415, 'unsupported_media_type', `unsupported Content-Encoding ${enc}`);
        const inflater = enc === 'gzip' ? createGunzip() : createInflate();
        let received = 0;
        const counter = new Transform({
          transform(chunk: Buffer, _e, cb) {
            received += chunk.length;
            cb(null, chunk);
          },
        });
        const out = payload.pipe(counter).pipe(inflater) as typeof inflater & { receivedEncodedLength?: number };
        inflater.on('error', () => undefined);
        Object.defineProperty(out, 'receivedEncodedLength', { get: () => received });
        delete req.headers['content-length']; // the inflated length differs; the body limit still applies
        return out;
      },
    },
    async (req, reply) => {
      const body = parse(PushBody, req.body, [], 'invalid sync batch');
      const r = await ctx.log(req).record(body.events, { deviceSentMs: deviceSentMs(req.headers), ...(body.handovers ? { handovers: body.handovers } : {}) });
      const ack = scopedAck({ results: r.results, accepted: r.accepted, duplicates: r.duplicates, head: r.head }, await cursorsOf(ctx, req));
      return sendJson(req.headers['accept-encoding'], reply, ack);
    },
  );

  app.get('/api/sync/pull', { config: { access: 'sync:read', contract: { summary: 'One page of the log after a cursor, in the caller\'s scope (gzip when accepted)', query: SyncPullQuery, responses: { 200: PullPageSchema } } }, compress: false }, async (req, reply) => {
    const q = parse(PullQuery, req.query, ['query']);
    // The caller's scope in the query (the door's read side); `next` moves past what it may not see (SYNC-12).
    const reader = ctx.read(req);
    const cursors = await cursorsOf(ctx, req);
    if (cursors) {
      // Shown no number (head-oracle): a token, or from the start — also for a phone's numeric cursor of before.
      const start = scopedStart(cursors, q.after, 'query.after', true);
      const p = await reader.scopedPage(start, q.limit);
      const after = typeof q.after === 'string' ? q.after : 0;
      return sendJson(req.headers['accept-encoding'], reply, { after, events: p.events.map(withoutSeq), next: cursors.seal(p.next), more: p.more });
    }
    if (typeof q.after === 'string') throw numberRequired('query.after');
    const scanned = await reader.eventsAfter(q.after, q.limit);
    const page = { after: q.after, events: scanned.events, next: scanned.next, head: await reader.head() };
    return sendJson(req.headers['accept-encoding'], reply, page);
  });
}

/** JSON, gzip-compressed when the client accepts it and it is worth it. */
function sendJson(acceptEncoding: string | string[] | undefined, reply: FastifyReply, value: unknown) {
  const json = JSON.stringify(value);
  reply.header('content-type', 'application/json; charset=utf-8');
  reply.header('vary', 'accept-encoding');
  if (/\bgzip\b/.test(String(acceptEncoding ?? ''))) {
    const enc = encodeBody(json);
    if (enc.encoding === 'gzip') {
      reply.header('content-encoding', 'gzip');
      return reply.send(enc.bytes);
    }
  }
  return reply.send(json);
}
