// What every route receives: the store, the clock, the live bus and who is calling.
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Store, WriteAudit } from '../storage/port.ts';
import type { CasualtySummary, StoredEvent } from '../core/index.ts';
import type { LiveBus } from '../storage/bus.ts';
import type { CasualtyLog, Writer, WritesInFlight } from '../log/service.ts';
import type { CasualtyReader } from '../log/read.ts';
import type { ReadScope } from '../storage/port.ts';
import type { Db } from '../accounting/db.ts';
import type { AnalystHour } from '../accounting/hour.ts';
import type { Principal } from '../auth/policy.ts';
import type { Diverted } from './diverted.ts';

/** A scoped caller's cursors (src/server/cursors.ts): sealed for that user, opened only for them. */
export interface Cursors {
  seal(seq: number): string;
  /** The seq, or null when the token is not one this server made for this user. */
  open(token: string): number | null;
}

/** The caller of a request, as far as the server knows. Authentication (issue 5) replaces `caller` in the context. */
export interface Caller {
  author: string;
  deviceId: string;
}

export interface AppContext {
  store: Store;
  /** The server clock (ISO 8601 UTC). Injected so tests can pin time. */
  now: () => string;
  bus: LiveBus;
  /** This process's writes in the door (the live streams' fan-out waits while a burst of them is in flight). */
  writes?: WritesInFlight;
  version: string;
  /** Identify the caller of a request. Without authentication everyone is "api". */
  caller: (req: FastifyRequest) => Caller;
  /** The casualty log, as written by this request's caller (the one door: src/log). */
  log: (req: FastifyRequest) => CasualtyLog;
  /**
   * Who writes a reference entity, for its audit entry stored in the write's own transaction (migration 030);
   * `stored()` once it is, so the access audit does not repeat it (as for the casualty log's writes).
   */
  entityWriter: (req: FastifyRequest) => { audit: WriteAudit; stored: () => void };
  /** The casualty log as written by a process of this server (no principal): TAK, upstream. */
  logAs: (writer: Writer) => CasualtyLog;
  /** Make the dispatch plan before consoles ask (`goldenhour serve`): as the server starts and as its time base expires. */
  planAhead?: boolean;
  /** That plan, made or failed (set once the app is ready; benches wait for it before they measure requests). */
  startPlan?: Promise<unknown>;
  /** Plans sent to the plan thread and not yet answered (src/server/plan-runner.ts; tests wait on it). */
  plansInFlight?: () => number;
  /** Milliseconds between SSE heartbeats. */
  heartbeatMs: number;
  /** The least milliseconds between two fan-outs of the live streams (stream-hub.ts FAN_OUT_EVERY_MS by default). */
  fanOutEveryMs?: number;
  /** The most bytes a live stream may hold unsent before it is ended (routes/events.ts STREAM_BUFFER_CAP by default). */
  streamBufferCap?: number;
  /** Directory of the built web app (served at / when it exists). */
  webDist: string;
  /** Row scope of the caller (set by the auth layer, src/server/trust-hooks.ts): which of these events it may see. */
  visibleEvents?: (req: FastifyRequest, events: StoredEvent[], summaries?: ReadonlyMap<string, CasualtySummary | null>) => Promise<StoredEvent[]>;
  /**
   * Of a page's events the caller was not shown, the changes of destination that took a casualty on its way to the
   * caller's facility out of its scope (src/server/diverted.ts): the stream tells the desk where it went.
   */
  divertedAway?: (req: FastifyRequest, hidden: StoredEvent[], summaries: ReadonlyMap<string, CasualtySummary | null>) => Promise<Diverted[]>;
  /** At a facility desk's stream opening: its diversions of the last hour (src/server/diverted.ts `recentlyDivertedAway`). */
  recentlyDiverted?: (req: FastifyRequest) => Promise<Diverted[]>;
  /** A live stream ended (its reads not yet audited are written now). */
  streamClosed?: (req: FastifyRequest) => void;
  /**
   * The casualty log as read by this request's caller (the door's read side: src/log/read.ts): every list and single
   * read of casualties and events goes through it, scoped in the query. Routes never read casualties from the store.
   */
  read: (req: FastifyRequest, opts?: { audit?: boolean }) => CasualtyReader;
  /** Revoked devices and disabled users, whose signing keys no longer count (set by the auth layer; absent = none). */
  signersOff?: () => Promise<{ devices: ReadonlySet<string>; users: ReadonlySet<string> }>;
  /** Row scope of the caller (set by the auth layer from the principal; absent = auth off, every row). */
  scopeOf?: (req: FastifyRequest) => ReadScope;
  /** The principal of this request's valid credential, or null (set by the auth layer; without it everyone is trusted). */
  signedIn?: (req: FastifyRequest) => Promise<Principal | null>;
  /** Is the credential that opened this stream still valid (re-checked on every page and every few seconds)? */
  streamStillAllowed?: (req: FastifyRequest) => Promise<boolean>;
  /**
   * Register an open stream of this request's credential and user; returns the release function, or which cap it is
   * over (its credential's streams or its user's; a request without a credential counts as over its credential's).
   */
  openStream?: (req: FastifyRequest) => (() => void) | 'credential' | 'user';
  /** A single-use ticket to open the stream with (POST /api/stream/ticket). */
  streamTicket?: (req: FastifyRequest) => Promise<{ ticket: string; expiresAt: string }>;
  /**
   * The caller's opaque cursors, or null when it is shown global sequence numbers (set by the auth layer: only those
   * who see every casualty are; absent = auth off, numbers). src/server/cursors.ts.
   */
  cursors?: (req: FastifyRequest) => Promise<Cursors | null>;
  /** The store's SQL facet (Store.sql) as the accounting module uses it: statistics and the claims ledger. */
  accounting: Db;
  /** The analysts' accounting figures and /api/stats as of the hour's start, one of each per process (src/accounting/hour.ts). */
  analystHour: AnalystHour;
}

/**
 * Access classes that routes declare in their fastify `config.access`; the auth layer (issue 5) enforces them in
 * an onRequest hook. Declared now so every route is already classified.
 */
export type Access = 'public' | 'casualty:read' | 'casualty:write' | 'entity:read' | 'entity:write' | 'sync:read' | 'stream:read' | 'dispatch:read'
  | 'sync:write' | 'stats:read' | 'self' | 'admin' // issue 5 (src/auth/policy.ts)
  | 'accounting:read' | 'accounting:drill' | 'claims:read' | 'claims:write' | 'claims:sync' // issue 13
  | 'workforce:personal' | 'workforce:write' | 'workforce:gaps' | 'workforce:aggregates'; // issue 12

/** A response of a route: a JSON body (zod schema), or another media type (FHIR, CSV, SSE) with its schema if any. */
export type ContractResponse = z.ZodType | { media: string; schema?: z.ZodType; description?: string };

/**
 * What a route promises (src/core/api.ts holds the schemas): the OpenAPI document is generated from these, and the
 * HTTP tests check every answer against them. Every error answer has the one ErrorResponse shape.
 */
export interface RouteContract {
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** Success statuses and their bodies (errors are implied: ErrorResponse). */
  responses: Partial<Record<200 | 201 | 204, ContractResponse>>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    contract?: RouteContract;
  }
}
