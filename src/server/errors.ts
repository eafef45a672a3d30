// One error shape for every 4xx/5xx: {error: {code, message, issues: [{path, message}]}} (docs/api.md).
import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Duplex } from 'node:stream';
import { findUnstorableText, jsonTextTooDeep } from '../core/text.ts';
import { isDatabaseUnavailable } from '../storage/unavailable.ts';

export type ErrorCode = 'bad_request' | 'not_found' | 'conflict' | 'too_large' | 'unauthorized' | 'forbidden' | 'rate_limited' | 'unsupported_media_type' | 'header_too_large' | 'unavailable' | 'internal';

export interface Issue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly issues: Issue[];
  constructor(status: number, code: ErrorCode, message: string, issues: Issue[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

export const badRequest = (message: string, issues: Issue[] = []): ApiError => new ApiError(400, 'bad_request', message, issues);
export const notFound = (message: string): ApiError => new ApiError(404, 'not_found', message);
export const conflict = (message: string, issues: Issue[] = []): ApiError => new ApiError(409, 'conflict', message, issues);

export { zodIssues } from '../log/errors.ts';
import { LogError, zodIssues } from '../log/errors.ts';
import { HashingBusy } from '../auth/crypto.ts';

export function invalid(error: z.ZodError, prefix: (string | number)[] = [], what = 'invalid input'): ApiError {
  const issues = zodIssues(error, prefix);
  const first = issues[0];
  return badRequest(first ? `${what}: ${first.path}: ${first.message}` : what, issues);
}

/** The 503 body of a request that met a database outage (also used where the error handler cannot run: onSend). */
export const UNAVAILABLE_MESSAGE = 'the database is unavailable (restarting or unreachable): retry in a few seconds (writes are idempotent by id, so retrying is safe)';

export function errorBody(code: ErrorCode, message: string, issues: Issue[] = []) {
  return { error: { code, message, issues } };
}

/** A body limit as the 413 says it: "1 MB", "4 MB", "1.4 MB", "512 KB" (MB = 2^20 bytes, as the limits are set). */
export function sizeText(bytes: number): string {
  const [n, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'MB'] : [bytes / 1024, 'KB'];
  return `${Number(n.toFixed(1))} ${unit}`;
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ApiError, req, reply) => {
    if (err instanceof ApiError || err instanceof LogError) return reply.status(err.status).send(errorBody(err.code, err.message, err.issues));
    const code = (err as FastifyError).code;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      // The route's own limit (sync push 4 MB, workforce import 32 MB…), not the server's default.
      return reply.status(413).send(errorBody('too_large', `request body is larger than ${sizeText(req.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 1024 * 1024)}`, [{ path: 'body', message: 'too large' }]));
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return reply.status(415).send(errorBody('unsupported_media_type', 'send JSON with Content-Type: application/json', [{ path: 'headers.content-type', message: 'must be application/json' }]));
    const status = (err as FastifyError).statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own 4xx: malformed JSON, empty JSON body, bad content length…
      const message = code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'the JSON body is empty' : err instanceof SyntaxError || code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? `malformed JSON: ${err.message}` : err.message;
      return reply.status(status).send(errorBody(status === 413 ? 'too_large' : 'bad_request', message, [{ path: 'body', message }]));
    }
    if (err instanceof HashingBusy) {
      // Too many password hashes in line (a burst of sign-ins): say when to come back rather than queue for ever.
      reply.header('retry-after', '2');
      return reply.status(503).send(errorBody('unavailable', err.message));
    }
    if (isDatabaseUnavailable(err)) {
      // A database restart is temporary: say so, and when to retry (the pool reconnects by itself).
      reply.header('retry-after', '2');
      return reply.status(503).send(errorBody('unavailable', UNAVAILABLE_MESSAGE));
    }
    req.log.error({ err }, 'request failed');
    return reply.status(500).send(errorBody('internal', 'internal error'));
  });
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send(errorBody('not_found', `no route ${req.method} ${req.url.split('?')[0]}`));
  });
}

/**
 * Refuse, on every route and before any handler or database sees it, text the two databases store differently
 * (src/core/text.ts): in path parameters, the query and the body. 400 with the usual error shape.
 */
export function installTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    for (const [where, value] of [['params', req.params], ['query', req.query], ['body', req.body]] as const) {
      const found = findUnstorableText(value, where === 'body' ? [] : [where]);
      if (found) throw badRequest(`invalid ${where === 'body' ? 'input' : where}: ${found.path}: ${found.message}`, [found]);
    }
  });
}

/**
 * JSON bodies: nesting is measured on the text (`jsonTextTooDeep`) before JSON.parse builds it, then Fastify's own
 * parser (prototype poisoning refused, as before). The text guard above would refuse the same body, but only after a
 * full parse of every level. Same message as the guard's, so a client sees one answer whichever refused it.
 */
export function installJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    const found = jsonTextTooDeep(text);
    if (found) {
      done(badRequest(`invalid input: ${found.path}: ${found.message}`, [found]), undefined);
      return;
    }
    void parseJson(req, text, done); // typed as possibly a promise; it answers through done
  });
}

/** Fastify's own early errors (a URL that does not decode, an over-long path parameter): the one error shape. */
export function frameworkErrors(err: FastifyError, _req: unknown, reply: { code(n: number): { send(b: unknown): unknown } }): void {
  const message = err.code === 'FST_ERR_BAD_URL' ? 'the URL is not validly percent-encoded' : err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path parameter is too long' : err.message;
  reply.code(err.statusCode && err.statusCode < 500 ? err.statusCode : 400).send(errorBody('bad_request', message, [{ path: 'url', message }]));
}

/** Errors before a request exists (oversized headers, malformed HTTP, timeouts): still the one error shape. */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message]: [number, ErrorCode, string] =
    err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'header_too_large', 'the request headers are too large']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'bad_request', 'the request did not arrive in time']
        : [400, 'bad_request', 'malformed HTTP request'];
  const body = JSON.stringify(errorBody(code, message, [{ path: 'headers', message }]));
  if (socket.writable)
    socket.write(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`);
  socket.destroy(err);
}
