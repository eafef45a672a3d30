// A vehicle's latest dispatch is its job (SIM-14, DISP-14 in docs/dispatch.md). The log has no "unassigned" event:
// when a vehicle that has picked no one up is sent to other casualties (a diversion accepted on the console), the
// casualties it was sent to before wait for a vehicle again. An assignment that adds to the leg under way
// (`addsToLeg`, SIM-15) sends the vehicle nowhere else: it leaves no one behind. Shared by the live plan and the console.
import { toMs } from './time-math.ts';

/** Assignments of one vehicle this close together are one dispatch (a trip is accepted as one event per casualty). */
export const SAME_DISPATCH_MS = 5000;

export interface AssignedLeg {
  id: string;
  stage: string;
  vehicleId: string | null;
  /** When the current vehicle assignment was made (the decision's time). */
  assignedAt: string | null;
  /** The assignment added the casualty to the vehicle's leg under way (SIM-15). */
  addsToLeg?: boolean;
}

/**
 * The casualties whose vehicle, on its way with nobody aboard, was sent elsewhere by a later dispatch. `ms` parses an
 * instant (the live plan passes one that remembers).
 */
export function leftBehind(legs: readonly AssignedLeg[], ms: (iso: string) => number = toMs): Set<string> {
  const carrying = new Set(legs.flatMap((x) => (x.stage === 'in-transit' && x.vehicleId ? [x.vehicleId] : [])));
  const latest = new Map<string, number>();
  for (const x of legs) if (x.stage === 'assigned' && x.vehicleId && x.assignedAt && !x.addsToLeg) latest.set(x.vehicleId, Math.max(latest.get(x.vehicleId) ?? -Infinity, ms(x.assignedAt)));
  const out = new Set<string>();
  for (const x of legs) {
    if (x.stage !== 'assigned' || !x.vehicleId || !x.assignedAt || carrying.has(x.vehicleId)) continue;
    if (ms(x.assignedAt) < (latest.get(x.vehicleId) ?? -Infinity) - SAME_DISPATCH_MS) out.add(x.id);
  }
  return out;
}
