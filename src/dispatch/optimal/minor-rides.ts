// DISP-31: a minor casualty does not make a critical casualty's trip riskier.
//
// Triage's own order: the casualties who need surgery (RPM ≤ 9) come first, and a minor one (RPM ≥ 10) may share
// their trip on the way. The value model adds survival up whatever the RPM, so a detour that put a critical casualty
// in danger could still win on the sum when the minor one gained more: a lone ambulance carrying an RPM-8 casualty
// from beside its base drove on into a front band for an RPM-12 one (expected survival of the RPM-8 casualty 0.95 with
// `careful`, 0.69 with `optimal`, on every seed); a civilian car fetching an RPM-8 casualty took an RPM-10 one at the
// edge of a kill zone and went on to a farther hospital (0.44 → 0.23). DISP-26 forbade such a trip only past an even
// chance of losing the vehicle. A trip with both kinds is kept only when the minor ones add no risk to it: the
// vehicle gets through as surely as on the same trip without them (`no-added-risk`). Measured beside it and not kept:
// no critical casualty aboard loses more than 0.01 of expected survival to them (`no-critical-loss`; it cost 2.2 %
// of critical survivors on tuning family 901: the minor casualties left behind then take trips of their own).
import { needsSurgery } from '../survival.ts';
import type { PlanCasualty, PlanVehicle } from '../types.ts';
import type { Ctx } from './context-types.ts';

/** `no-critical-loss`: survival (per critical casualty) below which a detour for a minor casualty costs it nothing. */
export const CRITICAL_DETOUR_TOLERANCE = 0.01;
/** `no-added-risk`: a difference in the chance of getting through smaller than this is no added risk. */
export const ADDED_RISK_TOLERANCE = 1e-3;

/** The critical casualties of a group that also carries minor ones (empty when the group is all one kind). */
export function criticalsBesideMinors(group: readonly PlanCasualty[]): PlanCasualty[] {
  let minor = false;
  const critical: PlanCasualty[] = [];
  for (const c of group) {
    if (needsSurgery(c.rpm0)) critical.push(c);
    else minor = true;
  }
  return minor && critical.length > 0 ? critical : [];
}

/** What a rule compares of a trip: each casualty's expected survival, and the chance the vehicle gets through. */
export interface TripOutcome {
  expected: ReadonlyMap<string, number>;
  alive: number;
}

/**
 * True when the minor casualties cost the critical ones aboard (`alone`: the same trip without the minor ones):
 * `no-added-risk`, they make the trip more likely to lose the vehicle; `no-critical-loss`, a critical casualty
 * expects less with them aboard.
 */
export function minorCostsCritical(rule: 'no-added-risk' | 'no-critical-loss', critical: readonly PlanCasualty[], withMinors: TripOutcome, alone: TripOutcome): boolean {
  if (rule === 'no-added-risk') return withMinors.alive < alone.alive - ADDED_RISK_TOLERANCE;
  return critical.some((c) => withMinors.expected.get(c.id)! < alone.expected.get(c.id)! - CRITICAL_DETOUR_TOLERANCE);
}

/**
 * True when a trip with both kinds breaks DISP-31's rule (`minorRides`) or, with DISP-91 (`criticalFirst`, a small
 * fleet), `no-critical-loss` beside it. No allocation: it runs in the assignment's inner loop.
 */
export function minorRulesBroken(minorRides: 'any' | 'no-added-risk' | 'no-critical-loss', criticalFirst: boolean, critical: readonly PlanCasualty[], withMinors: TripOutcome, alone: TripOutcome): boolean {
  if (minorRides !== 'any' && minorCostsCritical(minorRides, critical, withMinors, alone)) return true;
  return criticalFirst && minorRides !== 'no-critical-loss' && minorCostsCritical('no-critical-loss', critical, withMinors, alone);
}

/**
 * DISP-91: whether `no-critical-loss` holds for `v`'s trip for `group` too: in a fleet of at most
 * `sequenceMaxVehicles`, for every trip (`all`) or only for a trip that leaves a critical casualty the vehicle is shown
 * on its way to (`replans`; its own leg, kept or grown, is priced as before).
 */
export function criticalFirst(ctx: Ctx, v: PlanVehicle, group: readonly PlanCasualty[]): boolean {
  const mode = ctx.p.smallFleetCriticalFirst;
  if (mode === 'off' || ctx.view.vehicles.length > ctx.p.sequenceMaxVehicles) return false;
  if (mode === 'all') return true;
  const fetching = v.enRoute;
  return !!fetching && ctx.view.casualties.some((c) => needsSurgery(c.rpm0) && fetching.includes(c.id) && !group.some((g) => g.id === c.id));
}
