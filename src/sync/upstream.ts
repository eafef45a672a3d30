// A server that replicates with an upstream (rear) server whenever the link is up: every `intervalMs`, push its own
// log by its own cursor and pull the upstream's by the upstream's cursor (syncPeer; cursors in sync_peers).
// Pulled events go through the casualty log's door (src/log) like any other write.
import type { Store } from '../storage/port.ts';
import type { LiveBus } from '../storage/bus.ts';
import { processLog } from '../log/service.ts';
import { processReader } from '../log/read.ts';
import type { EventLog, PeerState, SetAside } from './protocol.ts';
import { syncPeer } from './protocol.ts';
import { httpRemote } from './http.ts';
import { everyRound } from './rounds.ts';
import type { Rounds } from './rounds.ts';

export type UpstreamLoop = Rounds;

export interface UpstreamOptions {
  store: Store;
  bus: LiveBus;
  peers: PeerState;
  url: string;
  token: string | undefined;
  intervalMs: number;
  log?: (s: string) => void;
  /**
   * Record, durably, an event the rear refused for good (SYNC-14): it stays in our log, the push goes on past it.
   * Without this the loop cannot set anything aside and keeps retrying the refused batch.
   */
  setAside?: (peer: string, x: SetAside) => Promise<void>;
}

export function startUpstream(opts: UpstreamOptions): UpstreamLoop {
  // Pulled events enter through the casualty log like any other write: validated, audited, announced.
  const door = processLog({ store: opts.store, bus: opts.bus }, 'upstream pull', { upstream: opts.url });
  // What it pushes is read through the door's read side (this server's own process: every row).
  const reader = processReader({ store: opts.store });
  const local: EventLog = {
    // A process of this server sees every casualty: each result carries its seq (the door omits it only when hidden).
    append: async (events) => {
      const r = await door.record(events);
      return { ...r, results: r.results.map((x) => ({ ...x, seq: x.seq ?? 0 })) };
    },
    eventsAfter: async (a, l) => (await reader.eventsAfter(a, l)).events,
    head: () => reader.head(),
  };
  const remote = httpRemote(opts.url, opts.token, { timeoutMs: 20_000 });
  const onSetAside = opts.setAside
    ? async (peer: string, x: SetAside) => {
        await opts.setAside!(peer, x);
        opts.log?.(`upstream ${opts.url}: refused for good (${x.status}), set aside: event ${x.event.id} of casualty ${x.event.casualtyId}: ${x.reason}`);
      }
    : undefined;
  return everyRound(`upstream ${opts.url}`, opts.intervalMs, async () => {
    const r = await syncPeer(local, remote, opts.peers, () => new Date().toISOString(), onSetAside ? { onSetAside } : {});
    if (r.acknowledged || r.pulled || r.rejected) return `${r.acknowledged} sent, ${r.pulled} received${r.rejected ? `, ${r.rejected} set aside` : ''}`;
    return undefined;
  }, opts.log);
}
