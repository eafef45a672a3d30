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

/**
 * `PriorOf` reading the log once per event for every stream: the hub hands each caught-up stream the same event
 * objects, and an assignment to one facility is hidden from every other desk (200 desks read one log, not 200).
 */
export function sharedPrior(logOf: (id: string) => Promise<StoredEvent[]>): PriorOf {
  const known = new WeakMap<StoredEvent, Promise<CasualtySummary | null>>();
  return (e) => {
    let p = known.get(e);
    if (!p) {
      p = logOf(e.casualtyId).then((log) => {
        const before = log.filter((x) => x.seq < e.seq);
        return before.length ? summarise(e.casualtyId, before, e.at) : null;
      });
      known.set(e, p);
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
