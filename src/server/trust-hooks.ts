// The fastify hooks of trust (moved from src/auth: fastify belongs to the server layer): authentication, authorisation,
// audit and hardening. One onRequest hook enforces the policy table (src/auth/policy.ts) for EVERY route by its
// declared `config.access`; a route without one is refused (fail closed). Row scope is not a hook: the caller's
// scope (`ctx.scopeOf`, from src/auth/policy.ts readScope) is applied in the query by the door's read side
// (src/log/read.ts), which every route reads casualties through. Casualty writes are authorised by the casualty log
// itself (src/log), after validation, for every writer alike.
// onSend appends the audit entry before the answer leaves (a read that cannot be audited is not served).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from './context.ts';
import { UNAVAILABLE_MESSAGE, errorBody } from './errors.ts';
import { isDatabaseUnavailable } from '../storage/unavailable.ts';
import { sha256 } from '../auth/crypto.ts';
import type { AccessClass, Principal } from '../auth/policy.ts';
import { allowed, canSeeCasualty, entityWriteDenial, readScope, seesAll } from '../auth/policy.ts';
import type { CasualtySummary } from '../core/index.ts';
import type { Trust } from '../auth/trust.ts';
import { RateLimiter, SECURITY_HEADERS, addressKey, contentSecurityPolicy } from '../auth/hardening.ts';
import { StreamSlots, StreamTickets } from '../auth/stream-access.ts';
import { StreamReadAudit } from './stream-audit.ts';
import { divertedAway, recentlyDivertedAway, sharedPrior } from './diverted.ts';
import { processReader } from '../log/read.ts';
import { storableText } from '../core/text.ts';
import type { CursorKey } from '../auth/cursor-token.ts';
import { loadCursorKey, openCursor, sealCursor } from '../auth/cursor-token.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its effective access class (the denial tests iterate over it). */
    routeTable: { method: string; url: string; access: AccessClass | undefined }[];
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** The bearer token this request was authenticated with (from the header or a redeemed stream ticket). */
    credential: string | null;
    auditCasualties: string[] | null;
    /** Clinicians whose personal data this answer shows (workforce registry): named in the audit entry. */
    auditClinicians: string[] | null;
    /** The casualty log stored this request's write with its own audit entry, in the same transaction. */
    writeAuditedInLog: boolean;
  }
}

export interface TrustOptions {
  trust: Trust;
  /** Token bucket per token (or per address without one); default 300 burst, 100/s. false = off (benchmarks). */
  rateLimit?: { burst: number; perSecond: number } | false;
  https?: boolean;
  /** Extra origins the web app may fetch map tiles from (CSP img-src/connect-src). */
  mapOrigins?: string[];
}

/** Access classes that differ from what a route declares (none at present; the stream is row-filtered). */
export const ACCESS_OVERRIDES: Record<string, AccessClass> = {};

export function routeAccess(method: string, url: string | undefined, declared: string | undefined): AccessClass | undefined {
  return ACCESS_OVERRIDES[`${method} ${url}`] ?? (declared as AccessClass | undefined);
}

export function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h === 'string' && /^Bearer [A-Za-z0-9_-]{10,200}$/.test(h)) return h.slice(7);
  return null;
}

/** The header's token, else (the stream only: EventSource cannot send headers) a redeemed single-use ticket. */
async function credentialOf(req: FastifyRequest, tickets: StreamTickets): Promise<string | null> {
  const token = bearer(req);
  if (token !== null || req.routeOptions.url !== '/api/stream') return token;
  const q = (req.query as Record<string, unknown> | undefined)?.ticket;
  return typeof q === 'string' && q.length <= 100 ? tickets.redeem(q) : null;
}

const deny = (reply: FastifyReply, status: 401 | 403 | 404, message: string) => {
  if (status === 401) reply.header('www-authenticate', 'Bearer');
  return reply.code(status).send(errorBody(status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : 'not_found', message));
};


/**
 * An open stream lives only as long as the credential that opened it (same user and role, still valid). A change of
 * the user's units or facilities applies to the open stream from its next page: the scope filter reads req.principal,
 * so a medic moved out of a unit stops receiving it within one re-check, as every other route does.
 */
async function streamStillAllowed(trust: TrustOptions['trust'], req: FastifyRequest): Promise<boolean> {
  if (!req.credential || !req.principal) return false;
  const p = await trust.auth.authenticate(req.credential);
  if (p === null || p.username !== req.principal.username || p.role !== req.principal.role) return false;
  req.principal = p;
  return true;
}

/** Numbers only to those who see every casualty (head-oracle); the key is read once per process (made once per database). */
function cursorsFrom(trust: Trust): NonNullable<AppContext['cursors']> {
  let cursorKey: Promise<CursorKey> | null = null;
  return async (req) => {
    const p = req.principal;
    if (!p || seesAll(p)) return null;
    const key = await (cursorKey ??= loadCursorKey(trust.sql).catch((err: unknown) => {
      cursorKey = null; // the trust database away: the next request tries again
      throw err;
    }));
    return { seal: (seq) => sealCursor(key, p.username, seq), open: (token) => openCursor(key, p.username, token) };
  };
}

/** Every answer's security headers (src/auth/hardening.ts), with the CSP widened for the operator's map origins. */
function setSecurityHeaders(reply: FastifyReply, https: boolean, csp: string): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
  reply.header('content-security-policy', csp);
  if (https) reply.header('strict-transport-security', 'max-age=31536000');
}

/** An API request: by the matched route (the router decodes `/%61pi/…` to `/api/…`; the raw URL does not) or the raw URL. */
const isApi = (req: FastifyRequest): boolean => (req.routeOptions.url ?? '').startsWith('/api/') || req.url.startsWith('/api/');

export function installTrust(app: FastifyInstance, ctx: AppContext, opts: TrustOptions): void {
  app.decorate('routeTable', collectRoutes(app));
  app.decorateRequest('principal', null);
  app.decorateRequest('credential', null);
  app.decorateRequest('auditCasualties', null);
  app.decorateRequest('auditClinicians', null);
  app.decorateRequest('writeAuditedInLog', false);
  const tickets = new StreamTickets(opts.trust.sql);
  provideToRoutes(app, ctx, opts.trust, tickets);
  app.addHook('onRequest', authenticate(opts, tickets));
  app.addHook('preHandler', checkBeforeHandler(opts.trust));
  app.addHook('onSend', auditAnswer(opts.trust));
}

/** What the routes and the live stream ask of trust through the context: who is calling, their scope, their stream. */
function provideToRoutes(app: FastifyInstance, ctx: AppContext, trust: Trust, tickets: StreamTickets): void {
  const slots = new StreamSlots();
  ctx.signedIn = async (req) => {
    const token = bearer(req);
    return token === null ? null : trust.auth.authenticate(token);
  };
  ctx.streamStillAllowed = (req) => streamStillAllowed(trust, req);
  // No principal on a route that reads casualties (a public route): nothing is in scope.
  ctx.scopeOf = (req) => (req.principal ? readScope(req.principal) : { all: false, keys: [] });
  ctx.signersOff = () => trust.auth.signersOff();
  ctx.openStream = (req) => (req.credential && req.principal ? slots.acquire(req.credential, req.principal.username) : 'credential');
  ctx.streamTicket = (req) => tickets.issue(req.credential!);
  // A session that names no device writes as its own device (issue 14 item 5): two people's sessions, or one
  // person's on two servers, never share a default device id, so their decisions never silently supersede.
  const sessionDevice = (p: Principal | null) => p?.deviceId ?? (p?.session ? `web-${p.session}` : 'web');
  ctx.caller = (req) => ({ author: req.principal?.username ?? 'api', deviceId: sessionDevice(req.principal) });
  // The live stream filters each page of events to the caller's scope (from the summaries the hub read once).
  // What it sends is a read of those casualties, audited as ONE entry per stream per interval (issue 16 item 4,
  // issue 14 item 2): the stream's opening is audited before anything is sent; its pages are gathered and written
  // every STREAM_AUDIT_MS for all streams in one transaction, and when the stream closes.
  const streamReads = new StreamReadAudit(trust);
  app.addHook('onClose', async () => streamReads.flush());
  ctx.visibleEvents = async (req, events, known) => {
    const p = req.principal;
    if (!p) return [];
    let shown = events;
    if (!seesAll(p)) {
      const s = known ?? (await summaries(events.map((e) => e.casualtyId)));
      // A stream without a casualty row (an incident's own log, SYNC-18) is checked by the door's one scope check:
      // its access rows are the casualties' kind (migration 013), so pull and stream agree by construction.
      const rest = [...new Set(events.map((e) => e.casualtyId))].filter((id) => !s.get(id));
      const inScope = rest.length ? await ctx.read(req, { audit: false }).visible(rest) : new Set<string>();
      const mine = events.filter((e) => {
        const sum = s.get(e.casualtyId);
        return sum ? canSeeCasualty(p, sum) : inScope.has(e.casualtyId);
      });
      shown = mine.length === events.length ? events : mine; // all of it: the page's own array (its bytes are shared by it)
    }
    if (shown.length) streamReads.record(req, p, shown);
    return shown;
  };
  // A facility desk's patient sent elsewhere: read the log only for a change of destination the desk was not shown.
  const priorOf = sharedPrior(async (id) => (await processReader({ store: ctx.store }).card(id))?.events ?? []);
  ctx.divertedAway = (req, hidden, after) => (req.principal ? divertedAway(req.principal, hidden, after, priorOf) : Promise.resolve([]));
  // A desk opened after it (sign-in, reload, reconnect) is told the same for the hour: read by an index, not the log.
  const door = processReader({ store: ctx.store });
  ctx.recentlyDiverted = (req) => (req.principal ? recentlyDivertedAway(req.principal, Date.parse(ctx.now()), {
    destinationsSince: (from, limit) => door.destinationsSince(from, limit), summaries, priorOf,
  }) : Promise.resolve([]));
  ctx.streamClosed = (req) => streamReads.closed(req);
  ctx.cursors = cursorsFrom(trust);
  // Without the hub's summaries, the page's casualties are read in one query through the door (every row: the
  // caller's own rule, canSeeCasualty, is applied just above).
  const summaries = (ids: string[]): Promise<ReadonlyMap<string, CasualtySummary | null>> => processReader({ store: ctx.store }).summaries(ids);
}

/** onRequest: security headers on every answer; for the API, the rate limits, the credential and the policy table. */
function authenticate(opts: TrustOptions, tickets: StreamTickets) {
  const { trust } = opts;
  const limiter = opts.rateLimit === false ? null : new RateLimiter(opts.rateLimit?.burst ?? 300, opts.rateLimit?.perSecond ?? 100);
  // Enrolment-code guessing (and scrypt's CPU cost) gets a much smaller bucket per address. Password guessing is
  // throttled per account in the login route, so the per-address bucket for logins is wider: one attacker behind a
  // NAT must not lock everyone behind it out.
  const guessLimiter = opts.rateLimit === false ? null : new RateLimiter(10, 0.5);
  const loginLimiter = opts.rateLimit === false ? null : new RateLimiter(60, 2);
  const csp = contentSecurityPolicy(opts.mapOrigins);
  return async (req: FastifyRequest, reply: FastifyReply) => {
    setSecurityHeaders(reply, opts.https ?? false, csp);
    if (!isApi(req)) return; // the web app's files are public
    const token = await credentialOf(req, tickets);
    req.credential = token;
    const url = req.routeOptions.url;
    const access = url === undefined ? undefined : routeAccess(req.method, url, req.routeOptions.config.access);
    if (limiter) {
      const guess = req.method !== 'POST' ? null : url === '/api/auth/enrol' ? guessLimiter : url === '/api/auth/login' ? loginLimiter : null;
      // A token has its own bucket only where it is checked below; on a public route (or no route) any string would
      // do, so random tokens would each get a fresh bucket: those count against the address.
      const own = token !== null && url !== undefined && access !== 'public';
      const wait = Math.max(limiter.take(own ? `t:${sha256(token).slice(0, 24)}` : `a:${addressKey(req.ip)}`), guess ? guess.take(addressKey(req.ip)) : 0);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        return reply.code(429).send(errorBody('rate_limited', `too many requests: retry in ${wait} s`));
      }
    }
    if (url === undefined) return; // no such route: the 404 handler answers, revealing nothing
    if (access === undefined) return deny(reply, 403, `route ${req.method} ${url} has no access policy`);
    if (access === 'public') return;
    const p = token ? await trust.auth.authenticate(token) : null;
    req.principal = p;
    if (!p && token && limiter) {
      // A token that opens nothing counts against the address: random tokens do not each get a fresh bucket.
      const wait = limiter.take(`a:${addressKey(req.ip)}`);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        return reply.code(429).send(errorBody('rate_limited', `too many requests: retry in ${wait} s`));
      }
    }
    if (!p) {
      // A revoked device is told so, and wipes what it holds once everything was sent (issue 17, docs/security.md).
      if (token && (await trust.auth.revokedDevice(token))) reply.header('x-device-revoked', 'true');
      return deny(reply, 401, 'sign in or enrol this device: a valid bearer token is required');
    }
    if (!allowed(p, access)) return deny(reply, 403, `a ${p.role} may not use ${req.method} ${url}`);
  };
}

/** preHandler: the stream's opening is audited; an entity write is checked against the policy table's field rules. */
function checkBeforeHandler(trust: Trust) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const p = req.principal;
    if (!p) return;
    const method = req.method === 'HEAD' ? 'GET' : req.method; // fastify answers HEAD with the GET handler: same scope
    const key = `${method} ${req.routeOptions.url}`;
    const params = (req.params ?? {}) as Record<string, unknown>;
    if (key === 'GET /api/stream') {
      // The stream is hijacked (no onSend): audit its opening; what it then sends is the caller's scope.
      const q = (req.query ?? {}) as Record<string, unknown>;
      await trust.audit.appendOne({ actor: p.username, deviceId: p.deviceId, action: key, target: null, detail: { ip: req.ip, after: typeof q.after === 'string' ? q.after.slice(0, 20) : null } });
    } else if (req.routeOptions.config.access === 'entity:write') {
      // The policy table's field rules (src/auth/policy.ts): e.g. facility staff, only their facility's capacity.
      const why = entityWriteDenial(p, key, params.id, req.body);
      if (why) return deny(reply, 403, why);
    }
  };
}

/** onSend: the access audit entry of every API answer, written before the answer leaves. */
function auditAnswer(trust: Trust) {
  return async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (!isApi(req) || reply.statusCode === 429) return payload;
    const url = req.routeOptions.url;
    const access = url === undefined ? undefined : routeAccess(req.method, url, req.routeOptions.config.access);
    if (access === 'public' && reply.statusCode < 400) return payload; // health, openapi, login (logged by its route)
    if (url === undefined) return payload;
    // One fsync'd commit per write (issue 16): a stored write's audit entry is the log's, committed with the events.
    if (req.writeAuditedInLog && reply.statusCode < 300) return payload;
    const params = (req.params ?? {}) as Record<string, unknown>;
    const p = req.principal;
    // Group-committed: the entries of concurrent reads share one transaction (one fsync); this one is stored when it resolves.
    const audited = trust.audit.appendOne({
      actor: p?.username ?? 'anonymous',
      deviceId: p?.deviceId ?? null,
      action: `${req.method} ${url}`,
      target: typeof params.id === 'string' ? storableText(params.id.slice(0, 100)) : null, // a refused id is still recorded
      // Every id the answer showed, however many (a bulk export names them all): a cut list would hide reads.
      detail: { status: reply.statusCode, ip: req.ip, ...(req.auditCasualties?.length ? { casualties: [...new Set(req.auditCasualties)] } : {}), ...(req.auditClinicians?.length ? { clinicians: [...new Set(req.auditClinicians)] } : {}) },
    });
    try {
      await audited;
    } catch (err) {
      // An answer that cannot be audited is not served; onSend errors bypass the error handler, so answer here.
      const down = isDatabaseUnavailable(err);
      if (!down) req.log.error({ err }, 'audit failed');
      reply.code(down ? 503 : 500).header('content-type', 'application/json; charset=utf-8').removeHeader('content-encoding');
      if (down) reply.header('retry-after', '2');
      return JSON.stringify(down ? errorBody('unavailable', UNAVAILABLE_MESSAGE) : errorBody('internal', 'internal error'));
    }
    return payload;
  };
}

/** For tests and the route-coverage check: every route with its effective access class. */
export function collectRoutes(app: FastifyInstance): { method: string; url: string; access: AccessClass | undefined }[] {
  const out: { method: string; url: string; access: AccessClass | undefined }[] = [];
  app.addHook('onRoute', (r) => {
    for (const m of Array.isArray(r.method) ? r.method : [r.method])
      out.push({ method: m, url: r.url, access: routeAccess(m, r.url, (r.config as { access?: string } | undefined)?.access) });
  });
  return out;
}
