// DISP-29: a casualty a lost vehicle never reached gets its second chance on the same road.
//
// When a vehicle is lost before it reaches a casualty, the casualty is still waiting, and the value model said it would
// be served later by another vehicle as if nothing stood in the way (DISP-1's fallback). Under a kill zone that made a
// trip almost certain to lose the vehicle (0.012 to get through) worth nearly as much as a safe one: the casualty's
// expected survival came mostly from the rescue that would follow, so the second ambulance was sent six minutes after
// the first was lost on the same leg, and both were gone. Whoever comes later drives through the same threat: the
// later service is worth its survival only with the chance this trip gets through, and otherwise the casualty is left
// at its untreated limit.
import type { Ctx } from './context-types.ts';

/**
 * What a casualty gets when the vehicle is lost before reaching it and another vehicle comes `delayMin` later:
 * `servedLater` (its survival fetched later) with the chance `through` that a trip like this one gets through, else
 * `limit` (untreated). With the rule off, the later service always succeeds; DISP-89 applies it only where `through` is
 * below `secondChanceBelow` (a kill zone's trip: a rescue after a likely loss is then no better than the trip itself).
 */
export function secondChance(ctx: Ctx, servedLater: number, limit: number, through: number): number {
  const later = Math.max(0, servedLater);
  if (!ctx.p.secondChanceRisk && !(through < ctx.p.secondChanceBelow)) return later;
  return later <= limit ? later : limit + through * (later - limit);
}
