// DISP-92: where a round leaves more free vehicles than casualties waiting, DISP-23's weighing of a leg under way
// values the leg's casualties queued for the tables among themselves (DISP-47's `extensions`). DISP-47 lost on the
// dev families because, in a burst with few vehicles, a leg that carries several critical casualties saves vehicle
// time the one-step value does not count, and the overstated queue made up for it; with vehicles to spare that time is
// worth little, and the overstated queue grew one ambulance's leg casualty by casualty while others stood free
// (generated 1005-160, 39 ambulances: c1, c2, c3 and c7 on one leg to an R2 with two tables, c3 operated on at 291.9
// instead of 184.6).
import type { Job } from '../types.ts';
import type { Ctx } from './context-types.ts';
import { spareVehicles } from './spare.ts';

/** Whether the round's free vehicles that no job takes outnumber the casualties no job takes. */
export function vehiclesToSpare(ctx: Ctx, jobs: readonly Job[]): boolean {
  const taken = new Set(jobs.flatMap((j) => j.stops.flatMap((s) => (s.kind === 'pickup' ? [s.casualtyId] : []))));
  const waiting = ctx.view.casualties.filter((c) => !c.future && !c.assignedTo && !taken.has(c.id)).length;
  return spareVehicles(ctx, jobs).length > waiting;
}

/** DISP-92 (`spareGroupQueue`): the group queue in DISP-23's weighing where the round has vehicles to spare. */
export function spareGroupQueue(ctx: Ctx, jobs: readonly Job[]): boolean {
  return ctx.p.spareGroupQueue && ctx.p.groupQueue === 'none' && vehiclesToSpare(ctx, jobs);
}
