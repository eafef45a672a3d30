// The live client store of the console and the facility view: casualties (the server's folded summaries) and
// reference entities, seeded by ONE casualty list request and then kept current from the stream, which sends each
// changed casualty's summary and each changed entity. No list is re-read per event, no casualty is read one by one.
import { effectivePrecedence } from '../../../src/core/index.ts';
import type { Facility, ThreatZone, Unit, Vehicle } from '../../../src/core/index.ts';
import type { StreamDiverted } from '../../../src/core/api.ts';
import type { z } from 'zod';
import { getCasualties, getFacilities, getUnits, getVehicles, getZones, streamUrl } from '../api.ts';
import type { CasualtyListPage, CasualtyListQuery, CasualtySummary, Evacuation } from '../api.ts';

type EntityKind = 'facility' | 'vehicle' | 'threat-zone' | 'unit';
export interface Entities {
  facility: Map<string, Facility>;
  vehicle: Map<string, Vehicle>;
  'threat-zone': Map<string, ThreatZone>;
  unit: Map<string, Unit>;
}

export interface LiveStore {
  readonly casualties: ReadonlyMap<string, CasualtySummary>;
  readonly entities: Entities;
  /**
   * Casualties sent elsewhere, out of this facility desk's scope (the stream's `diverted`: src/server/diverted.ts), by
   * id: where they go now, when, and the copy held before (its name). The copy leaves `casualties`.
   */
  readonly diverted: ReadonlyMap<string, Diverted>;
  /** Resolves once seeded; rejects when the seed failed. */
  readonly ready: Promise<void>;
  /** Called (at most once per `batchMs`) after the store changed. */
  subscribe(f: () => void): () => void;
  onConnection(f: (connected: boolean) => void): () => void;
  dispose(): void;
}

/** The stream's `diverted` message (`StreamDiverted`), with the copy this store held before (its name). */
export interface Diverted extends z.infer<typeof StreamDiverted> {
  was?: CasualtySummary | undefined;
}

/** How long a desk is told of a diversion (web/src/facility/diverted.ts). */
export const DIVERTED_SHOW_MS = 60 * 60_000;

/** Forgets diversions older than a desk shows them, so a desk open all week holds an hour's, not the week's. */
export function forgetOldDiversions(m: Map<string, Diverted>, nowMs: number): void {
  for (const [id, d] of m) if (!(nowMs - Date.parse(d.at) < DIVERTED_SHOW_MS)) m.delete(id);
}

const byId = <T extends { id: string }>(xs: T[]): Map<string, T> => new Map(xs.map((x) => [x.id, x]));
/** Which of two copies of one casualty is newer: its log's length (`version`) or its last sequence number. */
const order = (c: CasualtySummary): number => c.version ?? c.lastSeq ?? 0;

export function liveStore(query: CasualtyListQuery = { status: 'open', limit: 1000 }, batchMs = 100): LiveStore {
  const casualties = new Map<string, CasualtySummary>();
  const diverted = new Map<string, Diverted>();
  const entities: Entities = { facility: new Map(), vehicle: new Map(), 'threat-zone': new Map(), unit: new Map() };
  const listeners = new Set<() => void>();
  const connListeners = new Set<(ok: boolean) => void>();
  /** Where the stream resumes: a sequence number, or the token a caller shown no number is given (head-oracle). */
  let after: number | string = 0;
  let es: EventSource | null = null;
  let disposed = false;
  let batch: ReturnType<typeof setTimeout> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  // A burst of stream messages becomes one notification: screens render once per burst, not once per event.
  const changed = (): void => {
    if (batch !== undefined || disposed) return;
    batch = setTimeout(() => {
      batch = undefined;
      listeners.forEach((f) => f());
    }, batchMs);
  };
  const upsert = (c: CasualtySummary): void => {
    const have = casualties.get(c.id);
    if (have && order(have) > order(c)) return; // an older copy (replay after a reconnect)
    casualties.set(c.id, c);
    changed();
  };
  const again = (): void => {
    connListeners.forEach((f) => f(false));
    clearTimeout(retry);
    retry = setTimeout(() => void connect(), 3000);
  };
  const connect = async (): Promise<void> => {
    if (disposed) return;
    let url: string;
    try {
      url = await streamUrl(after);
    } catch {
      return again();
    }
    if (disposed) return;
    es = new EventSource(url);
    es.onopen = () => connListeners.forEach((f) => f(true));
    // A ticket opens one connection: reconnect ourselves, with a fresh ticket, from the last event seen.
    es.onerror = () => {
      es?.close();
      again();
    };
    es.addEventListener('closed', () => es?.close()); // the credential ended: the next request signs the user out
    es.addEventListener('casualty-event', (m) => {
      const seq = Number((m as MessageEvent).lastEventId);
      if ((m as MessageEvent).lastEventId && Number.isInteger(seq) && (typeof after !== 'number' || seq > after)) after = seq;
    });
    // A caller shown no number gets its position as a token at the opening and after each page it was shown.
    es.addEventListener('cursor', (m) => {
      const token = (m as MessageEvent).lastEventId;
      if (token) after = token;
    });
    es.addEventListener('casualty', (m) => upsert(JSON.parse((m as MessageEvent<string>).data) as CasualtySummary));
    es.addEventListener('diverted', (m) => {
      const d = JSON.parse((m as MessageEvent<string>).data) as Diverted;
      forgetOldDiversions(diverted, Date.parse(d.at)); // the server's clock, as the message's own time
      diverted.set(d.casualtyId, { ...d, was: casualties.get(d.casualtyId) ?? diverted.get(d.casualtyId)?.was });
      casualties.delete(d.casualtyId);
      changed();
    });
    es.addEventListener('entity', (m) => {
      const { kind, value } = JSON.parse((m as MessageEvent<string>).data) as { kind: EntityKind; value: { id: string } };
      if (!(kind in entities)) return;
      (entities[kind] as Map<string, unknown>).set(value.id, value);
      changed();
    });
  };
  const ready = (async () => {
    const [list, fs, vs, zs, us] = await Promise.all([getCasualties(query), getFacilities(), getVehicles(), getZones(), getUnits().catch(() => [] as Unit[])]);
    for (const c of list.casualties) casualties.set(c.id, c);
    await followPages(query, list, upsert);
    entities.facility = byId(fs);
    entities.vehicle = byId(vs);
    entities['threat-zone'] = byId(zs);
    entities.unit = byId(us);
    after = 'head' in list ? list.head : list.cursor;
    void connect();
    listeners.forEach((f) => f());
  })();
  return {
    casualties,
    diverted,
    entities,
    ready,
    subscribe(f) {
      listeners.add(f);
      return () => listeners.delete(f);
    },
    onConnection(f) {
      connListeners.add(f);
      return () => connListeners.delete(f);
    },
    dispose() {
      disposed = true;
      clearTimeout(batch);
      clearTimeout(retry);
      es?.close();
      listeners.clear();
      connListeners.clear();
    },
  };
}

/**
 * The list is one page (the server caps `limit`, issue 16): the rest follow by keyset on `lastSeq` (the server
 * orders by it; a caller shown no number is given the keyset as the page's `next` token), until a short page. A
 * casualty that changes meanwhile moves to a later page and is upserted again; the stream then starts from the FIRST
 * page's head (or cursor), so nothing written during the paging is missed.
 */
async function followPages(query: CasualtyListQuery, first: CasualtyListPage, take: (c: CasualtySummary) => void): Promise<void> {
  const size = query.limit ?? 200;
  for (let page = first; page.casualties.length >= size && page.casualties.length > 0; ) {
    const since = 'head' in page ? page.casualties[page.casualties.length - 1]!.lastSeq : page.next;
    if (since === undefined) return;
    page = await getCasualties({ ...query, since });
    page.casualties.forEach(take);
  }
}

/** The board's view of a casualty: precedence from the card, else from line 3 of its 9-line. */
export function evacuationOf(c: CasualtySummary): Evacuation {
  const s = c.state;
  return {
    casualtyId: c.id,
    identity: s.identity,
    nineLine: s.evac.nineLine,
    requestedAt: s.evac.requestedAt,
    precedence: effectivePrecedence(c.precedence, s.evac.nineLine),
    triage: c.triage,
    stage: c.stage,
    vehicleId: c.vehicleId,
    destinationId: c.destinationId,
    injuredAt: c.injuredAt,
    tourniquets: s.tourniquets,
  };
}
