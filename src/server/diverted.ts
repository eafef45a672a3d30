// A facility desk told of a casualty sent elsewhere (desk night review). A casualty on its way to a facility is in its
// desk's scope by its destination alone; the change of destination takes it out, so the desk's stream was sent
// nothing and the patient vanished from the desk while staff prepared a bay. The desk is now sent, for such a
// casualty only, what it needs to stop: the casualty's id (which it held), the facility it is now going to and when
// it changed. Nothing else of the casualty after it left the desk's scope (docs/security.md).
import type { z } from 'zod';
import type { CasualtySummary, StoredEvent } from '../core/index.ts';
import type { StreamDiverted } from '../core/api.ts';
import { summarise } from '../core/index.ts';
import type { Principal } from '../auth/policy.ts';
import { canSeeCasualty } from '../auth/policy.ts';

/** The stream's `diverted` message (`StreamDiverted`): `to` is a facility id, reference data every desk reads. */
export type Diverted = z.infer<typeof StreamDiverted>;

/** The events that set a casualty's destination. */
const SETS_DESTINATION = new Set(['destination', 'evac.assigned']);

/** The casualty just before `e`, from its log: what a stream's check below needs of a change of destination. */
export type PriorOf = (e: StoredEvent) => Promise<CasualtySummary | null>;

/** How many events' prior states `sharedPrior` keeps (an hour's changes of destination on a busy night, several times). */
const PRIOR_KEPT = 4096;

/**
 * `PriorOf` reading the log once per event for every stream, kept by event id: the hub hands each caught-up stream the
 * same events, and every desk opening in the hour asks about the same changes of destination (most of them to other
 * facilities, so out of its scope), so 200 desks reconnecting read each casualty's log once, not 200 times. The state
 * before an event never changes (the events before it by sequence number are fixed), so a kept answer stays true; a
 * failed read is not kept.
 */
export function sharedPrior(logOf: (id: string) => Promise<StoredEvent[]>): PriorOf {
  const known = new Map<string, Promise<CasualtySummary | null>>();
  return (e) => {
    let p = known.get(e.id);
    if (!p) {
      p = logOf(e.casualtyId).then((log) => {
        const before = log.filter((x) => x.seq < e.seq);
        return before.length ? summarise(e.casualtyId, before, e.at) : null;
      });
      p.catch(() => known.delete(e.id));
      known.set(e.id, p);
      if (known.size > PRIOR_KEPT) known.delete(known.keys().next().value!);
    }
    return p;
  };
}

/**
 * Of the events of a page the caller was not shown (`hidden`), those that took a casualty on its way to one of the
 * caller's facilities out of the caller's scope. `after`: the casualties' summaries after the page.
 */
export async function divertedAway(p: Principal, hidden: readonly StoredEvent[], after: ReadonlyMap<string, CasualtySummary | null>, priorOf: PriorOf): Promise<Diverted[]> {
  if (p.role !== 'facility') return [];
  const out: Diverted[] = [];
  for (const e of hidden) {
    if (!SETS_DESTINATION.has(e.type)) continue;
    const now = after.get(e.casualtyId);
    if (now && canSeeCasualty(p, now)) continue;
    const was = await priorOf(e);
    if (!was?.destinationId || !p.facilities.includes(was.destinationId) || !canSeeCasualty(p, was)) continue;
    out.push({ casualtyId: e.casualtyId, from: was.destinationId, to: now?.destinationId ?? null, at: e.at });
  }
  return out;
}

/** How long a desk is told of a diversion after it (the desk shows it as long: web/src/facility/diverted.ts). */
export const DIVERTED_NOTICE_MS = 60 * 60_000;
/** At most this many changes of destination are read for a desk's opening (an hour's, on a busy night, is far fewer). */
const OPENING_READ = 1000;

export interface RecentDeps {
  destinationsSince: (receivedFrom: string, limit: number) => Promise<StoredEvent[]>;
  summaries: (ids: string[]) => Promise<ReadonlyMap<string, CasualtySummary | null>>;
  priorOf: PriorOf;
}

/**
 * A desk's stream at its opening (sign-in, reload, reconnect): the diversions away from its facilities in the last
 * hour, one per casualty (its latest), exactly as the live stream would have sent them — the desk is told the same
 * whatever it did with the page. Read by the index of changes of destination (migration sqlite 034, postgres 037),
 * not by scanning the log; the log of a candidate is read only if it is out of the desk's scope now.
 */
export async function recentlyDivertedAway(p: Principal, now: number, deps: RecentDeps): Promise<Diverted[]> {
  if (p.role !== 'facility' || !p.facilities.length) return [];
  const changes = await deps.destinationsSince(new Date(now - DIVERTED_NOTICE_MS).toISOString(), OPENING_READ);
  if (!changes.length) return [];
  const after = await deps.summaries(changes.map((e) => e.casualtyId));
  const latest = new Map<string, Diverted>();
  // Oldest first, so that each casualty's latest diversion away stays.
  for (const d of await divertedAway(p, [...changes].reverse(), after, deps.priorOf)) latest.set(d.casualtyId, d);
  return [...latest.values()].filter((d) => now - Date.parse(d.at) < DIVERTED_NOTICE_MS);
}
