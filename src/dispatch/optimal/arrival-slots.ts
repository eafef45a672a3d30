// DISP-43: the surgical places a round gives out, in the order its casualties arrive. The simulator's tables serve
// whoever is queued when a table frees (SIM-13), so a casualty committed later in the round (less gain) that arrives
// sooner is operated on first; handing places out in commit order made it queue behind one still on the road.
import { needsSurgery } from '../survival.ts';
import type { Ctx, Plan } from './context-types.ts';

/** The first surgical start at facility `fid` for a casualty arriving at minute `at` (undefined: no table). */
export function firstSlot(ctx: Ctx, fid: string, at: number): number | undefined {
  const slots = ctx.slots.get(fid)!;
  const booked = ctx.booked.get(fid);
  if (!booked || booked.length === 0 || slots.length === 0) return slots[0];
  // Only this round's arrivals before it (ties count as before) take a table ahead of it.
  const s = [...slots];
  for (const t of booked) {
    if (t > at + 1e-9) break;
    s[0] = Math.max(s[0]!, t) + ctx.model.surgeryMin;
    s.sort((a, b) => a - b);
  }
  return s[0];
}

/**
 * A committed job takes a surgical place per casualty that needs one. With DISP-43 it is booked at its arrival (the
 * sorted `booked` list is replaced, not changed, so a search can restore it); without, it takes the first free slot
 * in commit order, as before.
 */
export function takeSlots(ctx: Ctx, plan: Plan): void {
  const f = plan.facility;
  const slots = ctx.slots.get(f.id);
  if (!slots || slots.length === 0) return;
  const surgical = plan.casualties.filter((c) => needsSurgery(c.rpm0)).length;
  if (surgical === 0) return;
  if (ctx.p.arrivalSlots) {
    const booked = [...(ctx.booked.get(f.id) ?? [])];
    for (let k = 0; k < surgical; k++) {
      let at = booked.length;
      while (at > 0 && booked[at - 1]! > plan.endMin) at--;
      booked.splice(at, 0, plan.endMin);
    }
    ctx.booked.set(f.id, booked);
    return;
  }
  const next = [...slots];
  for (let k = 0; k < surgical; k++) {
    next[0] = Math.max(next[0]!, plan.endMin) + ctx.model.surgeryMin;
    next.sort((a, b) => a - b);
  }
  ctx.slots.set(f.id, next);
}
