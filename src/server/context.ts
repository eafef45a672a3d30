// What every route receives: the store, the clock, the live bus and who is calling.
import type { FastifyRequest } from 'fastify';
import type { Store } from '../storage/port.ts';
import type { StoredEvent } from '../core/index.ts';
import type { LiveBus } from '../storage/bus.ts';
import type { CasualtyLog, Writer } from '../log/service.ts';

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
  version: string;
  /** Identify the caller of a request. Without authentication everyone is "api". */
  caller: (req: FastifyRequest) => Caller;
  /** The casualty log, as written by this request's caller (the one door: src/log). */
  log: (req: FastifyRequest) => CasualtyLog;
  /** The casualty log as written by a process of this server (no principal): TAK, upstream. */
  logAs: (writer: Writer) => CasualtyLog;
  /** Milliseconds between SSE heartbeats. */
  heartbeatMs: number;
  /** Directory of the built web app (served at / when it exists). */
  webDist: string;
  /** Row scope of the caller (set by the auth layer, src/server/trust-hooks.ts): which of these events it may see. */
  visibleEvents?: (req: FastifyRequest, events: StoredEvent[]) => Promise<StoredEvent[]>;
}

/**
 * Access classes that routes declare in their fastify `config.access`; the auth layer (issue 5) enforces them in
 * an onRequest hook. Declared now so every route is already classified.
 */
export type Access = 'public' | 'casualty:read' | 'casualty:write' | 'entity:read' | 'entity:write' | 'sync:read' | 'dispatch:read'
  | 'sync:write' | 'stats:read' | 'self' | 'admin'; // issue 5 (src/auth/policy.ts)

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}
