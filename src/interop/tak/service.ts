// The server's TAK link: connects to a TAK Server (or any CoT peer) and keeps it in step with our log.
// On connect it sends the full picture; afterwards every appended event re-sends its casualty's full marker
// (ATAK replaces the whole 9-line on each message) and entity changes re-send facility and vehicle markers.
// What the peer sends (9-lines, deletes, vehicle PLI) goes through the same bridge into the store.
import { readFileSync } from 'node:fs';
import type { Store } from '../../storage/port.ts';
import type { Facility, Vehicle } from '../../core/index.ts';
import { STALE_MS, facilityMarker, vehicleMarker } from '../cot/out.ts';
import { TakBridge } from './bridge.ts';
import { processReader } from '../../log/read.ts';
import type { TakScope } from './bridge.ts';
import { TakStream } from './connection.ts';
import type { Protocol } from './framing.ts';

/** The part of the server's live bus this service needs: wake-ups after appends and entity changes. */
type Wake = { type: 'appended'; head: number } | { type: 'entity'; kind: 'vehicle'; value: unknown };
export interface WakeUps {
  /** Other wake-ups (the workforce log, the claims ledger) are not TAK's business and are ignored. */
  subscribe(listener: (m: { type: 'appended'; head: number } | { type: 'entity'; kind: string; value: unknown } | { type: 'workforce' | 'claims' }) => void): () => void;
  publish(m: Wake): void;
}

export interface TakServiceOptions {
  store: Store;
  bus: WakeUps;
  /** `tcp://host:port` (streaming, e.g. 8088) or `ssl://host:port` (TLS with a client certificate, e.g. 8089). */
  url: string;
  protocol?: Protocol;
  /** Which casualties TAK may see (TAK_UNITS): a unit list, or every casualty. */
  scope: TakScope;
  /** How often every marker is re-sent, well within its stale time (default: 4 min of the 10). */
  refreshMs?: number;
  /** PEM files for ssl:// — this node's client certificate and key, and the TAK Server's CA. */
  tls?: { cert: string; key: string; ca: string };
  now?: () => string;
  log?: (line: string) => void;
  /** Reconnect delay after the link drops (ms). */
  retryMs?: number;
}

export interface TakService {
  /** Resolves once the first connection is up and the snapshot was sent. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export function parseTakUrl(url: string): { secure: boolean; host: string; port: number } {
  const m = /^(tcp|ssl|tls):\/\/(\[[^\]]+\]|[^:/]+):(\d{1,5})\/?$/.exec(url);
  if (!m) throw new Error(`TAK_URL must look like tcp://host:8088 or ssl://host:8089, not ${url}`);
  return { secure: m[1] !== 'tcp', host: m[2]!.replace(/^\[|\]$/g, ''), port: Number(m[3]) };
}

/** TAK_UNITS: comma-separated unit ids, or `*` for every casualty; unset or empty shows no casualty at all. */
export function parseTakScope(value: string | undefined): TakScope {
  if (value?.trim() === '*') return 'all';
  return { units: (value ?? '').split(',').map((u) => u.trim()).filter(Boolean) };
}

export const REFRESH_MS = Math.round(STALE_MS * 0.4);

export function startTakService(o: TakServiceOptions): TakService {
  const log = o.log ?? (() => {});
  const target = parseTakUrl(o.url);
  if (target.secure && !o.tls) throw new Error('ssl:// needs TAK_CERT, TAK_KEY and TAK_CA');
  const bridge = new TakBridge({ store: o.store, bus: o.bus, scope: o.scope, ...(o.now ? { now: o.now } : {}) });
  const reader = processReader({ store: o.store });
  let link: TakStream | null = null;
  let stopped = false;
  let cursor = 0;
  let pending = Promise.resolve();
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => (markReady = r));

  const connect = async (): Promise<void> => {
    const protocol = o.protocol ?? 'xml';
    const s = target.secure
      ? await TakStream.tls({
          host: target.host,
          port: target.port,
          protocol,
          cert: readFileSync(o.tls!.cert),
          key: readFileSync(o.tls!.key),
          ca: readFileSync(o.tls!.ca),
        })
      : await TakStream.tcp({ host: target.host, port: target.port, protocol });
    s.onError((e) => {
      if (link !== s) return;
      link = null;
      log(`TAK link to ${o.url} lost: ${String(e)}`);
      retry();
    });
    // What TAK wrote reaches the log through the bridge (its door announces appends); vehicle moves are announced here.
    bridge.attach(
      s,
      (r) => {
        if (r.kind === 'pli' && r.vehicleId)
          void o.store.getEntity('vehicle', r.vehicleId).then((v) => v && o.bus.publish({ type: 'entity', kind: 'vehicle', value: v }));
        // A spoofed (or broken) position source: said at the 1st, 2nd, 4th, 8th … so a flood does not flood the log.
        if (r.implausible !== undefined && (r.implausible & (r.implausible - 1)) === 0) log(`TAK position report ignored: ${r.issues.join('; ')}`);
      },
      (e) => log(`TAK message refused: ${String(e)}`),
    );
    cursor = await reader.head();
    link = s;
    for (const cot of await bridge.snapshot()) await s.send(cot);
    log(`TAK link up: ${o.url}`);
    markReady();
  };

  const retry = (): void => {
    if (stopped) return;
    setTimeout(() => void connect().catch((e: unknown) => (log(`TAK connect to ${o.url} failed: ${String(e)}`), retry())), o.retryMs ?? 5000).unref();
  };

  // Serialise work so markers leave in log order.
  const enqueue = (job: () => Promise<void>): void => {
    pending = pending.then(job).catch((e: unknown) => log(`TAK publish failed: ${String(e)}`));
  };

  const unsubscribe = o.bus.subscribe((m) => {
    if (!link) return;
    if (m.type === 'appended') {
      enqueue(async () => {
        const ids = new Set<string>();
        for (;;) {
          const page = await reader.eventsAfter(cursor, 500);
          for (const e of page.events) ids.add(e.casualtyId);
          cursor = page.next;
          if (page.scanned < 500) break;
        }
        if (ids.size) await bridge.changed([...ids]);
      });
    } else if (m.type === 'entity' && (m.kind === 'facility' || m.kind === 'vehicle')) {
      enqueue(async () => {
        const now = (o.now ?? (() => new Date().toISOString()))();
        const cot = m.kind === 'facility' ? facilityMarker(m.value as Facility, now) : vehicleMarker(m.value as Vehicle, now);
        if (cot && link) await link.send(cot);
      });
    }
  });

  // Every marker again before it goes stale: what has not changed must not vanish from TAK screens.
  const refresh = setInterval(() => {
    if (link) enqueue(async () => {
      for (const cot of await bridge.snapshot()) if (link) await link.send(cot);
    });
  }, o.refreshMs ?? REFRESH_MS);
  refresh.unref();

  void connect().catch((e: unknown) => (log(`TAK connect to ${o.url} failed: ${String(e)}`), retry()));

  return {
    ready,
    async stop() {
      stopped = true;
      clearInterval(refresh);
      unsubscribe();
      await pending;
      await link?.close();
      link = null;
    },
  };
}
