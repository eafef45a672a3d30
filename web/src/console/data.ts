// What the console shows, as one record: the map draws it too, so it lives apart from both (no import cycle).
import type { Evacuation, PlanItem } from '../api.ts';
import type { Facility, Vehicle, ThreatZone } from '../../../src/core/index.ts';
import type { IncidentsPanel } from '../mci/panel.ts';
import type { WaitingReason } from '../../../src/dispatch/waiting-reason.ts';
import { casualtyName, shortId } from '../fmt.ts';

export interface ConsoleData {
  evacs: Evacuation[];
  vehicles: Vehicle[];
  facilities: Facility[];
  zones: ThreatZone[];
  plan: PlanItem[] | null;
  /** Why the plan recommends nothing for a waiting casualty (by id; the plan's `waiting` list). */
  waiting?: Map<string, WaitingReason>;
  /** When the plan was made: the waiting list's minutes count from it. */
  planAt?: string | undefined;
  /** Mass-casualty incidents (issue 15): one marker each, opening to its casualties. */
  incidents?: ReturnType<IncidentsPanel['markers']>;
  /** Names two or more of the board's casualties share (`sharedNames`). */
  shared?: ReadonlySet<string>;
}

/** The names two or more of these casualties share: two "Шевченко Тарас" rows read as one casualty shown twice. */
export function sharedNames(evacs: readonly Pick<Evacuation, 'identity' | 'casualtyId'>[]): Set<string> {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const e of evacs) {
    const n = casualtyName(e.identity, e.casualtyId);
    if (seen.has(n)) shared.add(n);
    seen.add(n);
  }
  return shared;
}

/** A casualty's name on the console; a name others share is told apart by its id's end ("Шевченко Тарас · 3F2A90"). */
export function consoleName(identity: Evacuation['identity'] | undefined, id: string, shared: ReadonlySet<string> | undefined): string {
  const n = casualtyName(identity, id);
  return shared?.has(n) ? `${n} · ${shortId(id)}` : n;
}

/** A vehicle on another unit's job: the server marks it so for a unit-scoped caller, and says nothing more of the job. */
export const busyElsewhere = (v: Vehicle): boolean => (v as Vehicle & { busyElsewhere?: true }).busyElsewhere === true;
