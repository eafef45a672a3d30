// The app factory: every route of docs/api.md on one fastify instance, no socket opened (tests use inject()).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { constants as zlib } from 'node:zlib';
import Fastify from 'fastify';
import compress from '@fastify/compress';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Store } from '../storage/port.ts';
import type { LiveBus } from '../storage/bus.ts';
import { createMemoryBus } from '../storage/bus.ts';
import { WritesInFlight, openCasualtyLog } from '../log/service.ts';
import { readHandover } from '../interop/handover/proof.ts';
import { CasualtyReader } from '../log/read.ts';
import type { AppContext, Caller } from './context.ts';
import { clientErrorHandler, frameworkErrors, installErrorHandling, installJsonParser, installTextGuard } from './errors.ts';
import { casualtyRoutes } from './routes/casualties.ts';
import { entityRoutes } from './routes/entities.ts';
import { evacuationRoutes } from './routes/evacuations.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { openApiRoutes } from './routes/openapi.ts';
import { staticRoutes } from './routes/static.ts';
import { syncRoutes } from './routes/sync.ts';
import { interopRoutes } from './routes/interop.ts';
import { authRoutes } from './routes/auth.ts';
import { dispatchRoutes } from './routes/dispatch.ts';
import { workforceRoutes } from './routes/workforce.ts';
import { accountingRoutes } from './routes/accounting.ts';
import { deviceKeyRoutes } from './routes/device-keys.ts';
import { incidentRoutes } from './routes/incidents.ts';
import { AnalystHour } from '../accounting/hour.ts';
import type { Schedule } from '../accounting/hour.ts';
import { installTrust } from './trust-hooks.ts';
import type { TrustOptions } from './trust-hooks.ts';

export type RouteModule = (app: FastifyInstance, ctx: AppContext) => void | Promise<void>;

/**
 * THE ROUTE LIST. Each module registers its routes on the app and receives the shared context.
 * To add routes (dispatch, interop, auth, sync…): write src/server/routes/<name>.ts exporting a RouteModule and
 * add it here, before `staticRoutes` (the catch-all for the web app must stay last).
 */
export const ROUTES: RouteModule[] = [
  openApiRoutes, // first: it describes every route registered after it
  healthRoutes,
  casualtyRoutes,
  evacuationRoutes,
  eventRoutes,
  entityRoutes,
  syncRoutes,
  interopRoutes,
  dispatchRoutes,
  workforceRoutes,
  accountingRoutes,
  deviceKeyRoutes,
  incidentRoutes,
  staticRoutes,
];

export const BODY_LIMIT = 1024 * 1024;
/**
 * Slow clients (slowloris): a socket idle this long is closed, and a request must arrive whole (headers and body)
 * within REQUEST_TIMEOUT_MS. Generous for a 4 MiB sync push over a poor field link. The SSE stream is not cut: its
 * request is complete at once, and its heartbeat (every 15 s by default) keeps the socket from going idle.
 */
export const CONNECTION_TIMEOUT_MS = 120_000;
export const REQUEST_TIMEOUT_MS = 120_000;

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface AppOptions {
  store: Store;
  now?: () => string;
  bus?: LiveBus;
  caller?: (req: Parameters<AppContext['caller']>[0]) => Caller;
  heartbeatMs?: number;
  /** The least milliseconds between two fan-outs of the live streams (tests set it to see pages shared). */
  fanOutEveryMs?: number;
  /** The most bytes a live stream may hold unsent before it is ended (tests set it low to see a slow client's stream end). */
  streamBufferCap?: number;
  /** Make the dispatch plan in the background as the server starts and as its time base expires (routes/dispatch.ts); `serve` does. */
  planAhead?: boolean;
  /**
   * Take the analysts' figures and /api/stats as each hour starts, not at its first request (src/accounting/hour.ts);
   * `serve` does. Tests may pass the timer.
   */
  figuresAhead?: boolean | Schedule;
  webDist?: string;
  logger?: FastifyServerOptions['logger'];
  /** Extra route modules (tests, plugins), registered after ROUTES' API routes and before the static catch-all. */
  routes?: RouteModule[];
  /**
   * Authentication, authorisation, audit, rate limit and security headers (src/server/trust-hooks.ts). Required: pass
   * `{ trust }`; only tests may opt out with `false` (the CLI always passes trust).
   */
  auth: TrustOptions | false;
  /** PEM certificate and key: serve HTTPS (`goldenhour serve` with TLS_CERT/TLS_KEY). */
  https?: { cert: Buffer; key: Buffer };
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance & { ctx: AppContext }> {
  const now = options.now ?? (() => new Date().toISOString());
  const bus = options.bus ?? createMemoryBus();
  const writes = new WritesInFlight();
  // A hand-over code's signer counts while its device is not revoked and its user not disabled (the trust database).
  const trust = options.auth ? options.auth.trust : null;
  const signerStanding = trust ? (deviceId: string, username: string) => trust.auth.signerStanding(deviceId, username) : undefined;
  const door = openCasualtyLog({ store: options.store, bus, now, writes, readHandover, ...(signerStanding ? { signerStanding } : {}) });
  const ctx: AppContext = {
    store: options.store,
    now,
    bus,
    writes,
    log: (req) => {
      const c = ctx.caller(req);
      // A write the log stored is audited in its own transaction (log_audit): the access audit need not repeat it.
      const recorded = () => void (req.writeAuditedInLog = true);
      return door.as({ actor: c.author, deviceId: c.deviceId, principal: req.principal ?? null, action: `${req.method} ${req.routeOptions.url ?? req.url}`, detail: { ip: req.ip }, recorded });
    },
    logAs: (writer) => door.as(writer),
    entityWriter: (req) => {
      const c = ctx.caller(req);
      return { audit: { actor: c.author, deviceId: c.deviceId, action: `${req.method} ${req.routeOptions.url ?? req.url}`, detail: { ip: req.ip } }, stored: () => void (req.writeAuditedInLog = true) };
    },
    // The read side of the door: the caller's scope goes into the query; what it returns is named in the audit.
    // (A live stream audits each page itself: `audit: false`.)
    read: (req, opts) =>
      new CasualtyReader({ store: options.store }, ctx.scopeOf ? ctx.scopeOf(req) : { all: true }, opts?.audit === false ? undefined : (ids) => {
        const r = req as typeof req & { auditCasualties?: string[] | null };
        r.auditCasualties = [...(r.auditCasualties ?? []), ...ids];
      }),
    version: VERSION,
    caller: options.caller ?? (() => ({ author: 'api', deviceId: 'api' })),
    heartbeatMs: options.heartbeatMs ?? 15_000,
    ...(options.fanOutEveryMs !== undefined ? { fanOutEveryMs: options.fanOutEveryMs } : {}),
    ...(options.streamBufferCap !== undefined ? { streamBufferCap: options.streamBufferCap } : {}),
    ...(options.planAhead ? { planAhead: true } : {}),
    webDist: options.webDist ?? fileURLToPath(new URL('../../web/dist/', import.meta.url)),
    // Accounting reads and writes through the store's own connection (Store.sql): no second connection.
    accounting: options.store.sql,
    analystHour: new AnalystHour(() => options.store.sql),
  };
  const app = Fastify({ bodyLimit: BODY_LIMIT, connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, logger: options.logger ?? false, return503OnClosing: false, frameworkErrors, clientErrorHandler, ...(options.https ? { https: options.https } : {}) } as FastifyServerOptions) as unknown as FastifyInstance;
  app.addHook('onClose', async () => ctx.analystHour.close());
  installErrorHandling(app);
  installTextGuard(app);
  installJsonParser(app);
  // The server's clock on every answer, so a device measures its own clock's offset on every contact (SYNC-15).
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-server-time', String(Date.parse(ctx.now())));
  });
  if (options.auth === undefined) throw new Error('buildApp: auth is required ({ trust }); only tests may pass auth: false');
  if (options.auth !== false) installTrust(app, ctx, options.auth);
  app.removeContentTypeParser('text/plain'); // the API speaks JSON only: anything else → 415
  // brotli/gzip for JSON and the web app's files over field links; a fast brotli level (JSON compresses well anyway).
  // The live stream is hijacked (never buffered here) and sync answers bring their own encoding.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'], brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } } });
  const list = [...ROUTES.slice(0, -1), ...(options.auth ? [authRoutes(options.auth.trust, options.auth.rateLimit !== false)] : []), ...(options.routes ?? []), ...ROUTES.slice(-1)];
  for (const register of list) await register(app, ctx);
  if (options.figuresAhead) {
    const schedule = options.figuresAhead === true ? undefined : options.figuresAhead;
    // Once ready, after the plan the server makes as it starts (the two at once raised the serving process's peak RSS
    // by ~25 MiB at 10,000 casualties: bench:reads). onReady hooks run in order: dispatch's, which begins it, first.
    app.addHook('onReady', async () => ctx.analystHour.ahead(now, schedule, ctx.startPlan));
  }
  app.decorate('ctx', ctx);
  return app as unknown as FastifyInstance & { ctx: AppContext };
}
