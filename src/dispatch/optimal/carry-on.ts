// DISP-23: a vehicle on its way is valued where it really is, both to carry on and to be re-planned.
//
// A vehicle on its way to its first pickup is shown at its last stop (SIM-14): the trace knows no other position, and a
// new first leg cannot reach its stop sooner than from there. But the simulator drives the new leg from where the
// vehicle is, so a re-plan also costs the way back, and carrying on gains the way already driven. Valued from the last
// stop, carrying on looked as bad as restarting and turning back looked free, so a re-plan that gained a little threw
// away the minutes driven (generated 901-83: the one ambulance, 69 min out towards a critical casualty, turned back
// for one reported later; the first was never fetched). The place is estimated from the state: as far along the first
// leg as its real end of job (`ifKept.freeAt`) is before the end of the same job restarted from the last stop now.
import { samePos } from '../common.ts';
import type { PlanCasualty, PlanVehicle } from '../types.ts';
import type { Ctx, Plan } from './context-types.ts';
import { evaluate, firstLeg } from './value.ts';

/** The vehicle's job as it is (pickups in order, then the facility it ends at), or null when it cannot be rebuilt. */
function currentJob(ctx: Ctx, v: PlanVehicle): { group: PlanCasualty[]; restarted: Plan } | null {
  if (!v.enRoute || !v.ifKept || v.enRoute.length === 0) return null;
  const group: PlanCasualty[] = [];
  for (const id of v.enRoute) {
    const c = ctx.idx.casualty.get(id);
    if (!c) return null;
    group.push(c);
  }
  // A leg to a hand-off point (no facility there) is left to the older rules.
  const f = ctx.view.facilities.find((x) => samePos(x.pos, v.ifKept!.pos));
  const restarted = f ? evaluate(ctx, v, group, f) : null;
  return restarted ? { group, restarted } : null;
}

/** The vehicle where it is now on its first leg (null when it has made no progress or its job cannot be rebuilt). */
export function whereNow(ctx: Ctx, v: PlanVehicle): PlanVehicle | null {
  const job = currentJob(ctx, v);
  if (!job) return null;
  const progressMin = job.restarted.endMin - v.ifKept!.freeAt;
  const d1 = firstLeg(ctx, v, job.group[0]!).d1;
  if (!(progressMin > 1e-9) || !(d1 > 0)) return null;
  const share = Math.min(1, progressMin / d1);
  const from = v.pos;
  const to = job.group[0]!.pos;
  return { ...v, pos: { lat: from.lat + (to.lat - from.lat) * share, lon: from.lon + (to.lon - from.lon) * share } };
}

/**
 * Carrying on, valued from where the vehicle is (only the rest of the first leg is still to drive and to be exposed
 * on), in the same terms as a new job's `gain`; null when it cannot be valued (the older rules then decide alone).
 */
export function keptJob(ctx: Ctx, v: PlanVehicle): Plan | null {
  const job = currentJob(ctx, v);
  if (!job) return null;
  const here = whereNow(ctx, v);
  return here ? evaluate(ctx, here, job.group, job.restarted.facility) : job.restarted;
}

/**
 * A re-plan of a vehicle on its way, valued as the simulator will drive it: from where it is, and no sooner at its
 * first stop than from its last stop (the lower of the two values).
 */
export function replanned(ctx: Ctx, plan: Plan): Plan {
  const here = whereNow(ctx, plan.vehicle);
  const moved = here ? evaluate(ctx, here, plan.casualties, plan.facility) : null;
  return moved && moved.gain < plan.gain ? moved : plan;
}
