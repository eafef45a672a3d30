// Every answer of the app under test must match the contract its route declares (src/core/api.ts): the JSON body
// of a 2xx against the declared schema of that status, every 4xx/5xx against the one error shape. A mismatch turns
// the answer into a 500 whose message names the route and the zod issue (and is printed): the test fails on it.
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ErrorResponse } from '../../src/core/api.ts';

const text = (payload: unknown, reply: FastifyReply): string | null => {
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return String(reply.getHeader('content-encoding')) === 'gzip' ? gunzipSync(payload).toString('utf8') : payload.toString('utf8');
  return null; // a stream: not checked here
};

export function contractViolation(req: FastifyRequest, reply: FastifyReply, payload: unknown): string | null {
  const status = reply.statusCode;
  const route = `${req.method} ${req.routeOptions.url ?? req.url}`;
  const type = String(reply.getHeader('content-type') ?? '');
  if (status >= 400) {
    if (!req.url.startsWith('/api/') && !(req.routeOptions.url ?? '').startsWith('/api/')) return null; // web files
    const body = text(payload, reply);
    if (body === null) return null;
    const r = ErrorResponse.safeParse(safeJson(body));
    return r.success ? null : `${route} → ${status}: not the error shape: ${z.prettifyError(r.error)} in ${body.slice(0, 200)}`;
  }
  const contract = req.routeOptions.config.contract;
  // A route without a contract is caught by the OpenAPI test (src/server/contract.int.test.ts), not here.
  if (!contract) return null;
  const declared = contract.responses[status as 200 | 201 | 204];
  if (!declared) return `${route} answered ${status}, which its contract does not declare`;
  if (!(declared instanceof z.ZodType)) {
    if (declared.media === 'none') return null;
    if (!type.startsWith(declared.media)) return `${route} answered ${type}, declared ${declared.media}`;
    if (!declared.schema) return null;
  }
  const schema = declared instanceof z.ZodType ? declared : declared.schema!;
  const body = text(payload, reply);
  if (body === null) return null;
  const json = safeJson(body);
  const r = schema.safeParse(json);
  if (!r.success) return `${route} → ${status} does not match its contract: ${z.prettifyError(r.error).slice(0, 1500)}`;
  // zod strips keys it does not know, and fastify's serializer drops them from an object answer; an answer sent as
  // ready bytes (the casualty list) would carry them out unchecked, so a key the schema does not declare fails too.
  const extra = undeclaredKey(json, r.data, '');
  return extra === null ? null : `${route} → ${status} carries ${extra}, which its contract does not declare`;
}

/** The path of the first key of `sent` that the schema's parse of it dropped, or null. */
export function undeclaredKey(sent: unknown, parsed: unknown, path: string): string | null {
  if (Array.isArray(sent) && Array.isArray(parsed)) {
    for (let i = 0; i < sent.length; i++) {
      const k = undeclaredKey(sent[i], parsed[i], `${path}[${i}]`);
      if (k !== null) return k;
    }
    return null;
  }
  if (!isObject(sent) || !isObject(parsed)) return null;
  for (const [key, v] of Object.entries(sent)) {
    if (!(key in parsed)) return `${path}.${key}`;
    const k = undeclaredKey(v, parsed[key], `${path}.${key}`);
    if (k !== null) return k;
  }
  return null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const safeJson = (s: string): unknown => {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};

/** Install the check on an app (before it is ready). */
export function checkAnswersAgainstContracts(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    const why = contractViolation(req, reply, payload);
    if (!why) return payload;
    console.error(`CONTRACT VIOLATION: ${why}`);
    reply.code(500).header('content-type', 'application/json; charset=utf-8').removeHeader('content-encoding');
    return JSON.stringify({ error: { code: 'internal', message: `contract violation: ${why}`, issues: [] } });
  });
}
