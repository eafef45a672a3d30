// What the console shows, as one record: the map draws it too, so it lives apart from both (no import cycle).
import type { Evacuation, PlanItem } from '../api.ts';
import type { Facility, Vehicle, ThreatZone } from '../../../src/core/index.ts';
import type { IncidentsPanel } from '../mci/panel.ts';
import type { WaitingReason } from '../../../src/dispatch/waiting-reason.ts';

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
}

/** A vehicle on another unit's job: the server marks it so for a unit-scoped caller, and says nothing more of the job. */
export const busyElsewhere = (v: Vehicle): boolean => (v as Vehicle & { busyElsewhere?: true }).busyElsewhere === true;
