// DISP-43: the surgical places a round gives out, in the order its casualties arrive. The simulator's tables serve
// whoever is queued when a table frees (SIM-13), so a casualty committed later in the round (less gain) that arrives
// sooner is operated on first; handing places out in commit order made it queue behind one still on the road.
import { needsSurgery, survivalAt } from '../survival.ts';
import type { Booking, Ctx, Plan } from './context-types.ts';

const TIE = 1e-9;

/**
 * The first surgical start at facility `fid` for a casualty arriving at minute `at` (undefined: no table), behind
 * `ahead` casualties of its own job that arrive with it and are operated on first (DISP-47).
 */
export function firstSlot(ctx: Ctx, fid: string, at: number, ahead = 0): number | undefined {
  const slots = ctx.slots.get(fid)!;
  const booked = ctx.booked.get(fid);
  if (((!booked || booked.length === 0) && ahead === 0) || slots.length === 0) return slots[0];
  // Only this round's arrivals before it (ties count as before) take a table ahead of it.
  const s = [...slots];
  let plain = !ascending(s);
  for (const b of booked ?? []) {
    if (b.at > at + TIE) break;
    s[0] = Math.max(s[0]!, b.at) + ctx.model.surgeryMin;
    plain = reseatFirst(s, plain);
  }
  for (let k = 0; k < ahead; k++) {
    s[0] = Math.max(s[0]!, at) + ctx.model.surgeryMin;
    plain = reseatFirst(s, plain);
  }
  return s[0];
}

/** Whether s is in ascending order with no NaN (what `reseatFirst` needs). */
function ascending(s: readonly number[]): boolean {
  for (let k = 0; k < s.length; k++) if (Number.isNaN(s[k]) || (k > 0 && s[k - 1]! > s[k]!)) return false;
  return true;
}

/**
 * `s.sort((x, y) => x - y)` after s[0] alone changed in an ascending array (issue 11: a sort, and its allocation, for
 * every booking of every slot asked for): s[0] moved past the others below it, before those equal to it, as the
 * stable sort puts it. `plain` (s not known ascending, or a NaN came in): the sort itself, from then on. Returns `plain`.
 */
function reseatFirst(s: number[], plain: boolean): boolean {
  const v = s[0]!;
  if (plain || Number.isNaN(v)) {
    s.sort((x, y) => x - y);
    return true;
  }
  let k = 0;
  for (; k + 1 < s.length && s[k + 1]! < v; k++) s[k] = s[k + 1]!;
  s[k] = v;
  return false;
}

/**
 * What a casualty arriving at `at` costs this round's bookings that arrive after it (their operations start later):
 * charged to it with `arrivalDisplace`, as commit order no longer makes them go first.
 */
export function displacement(ctx: Ctx, fid: string, at: number): number {
  const booked = ctx.booked.get(fid);
  if (!ctx.p.arrivalDisplace || !booked || booked.length === 0 || booked[booked.length - 1]!.at <= at + TIE) return 0;
  const base = ctx.slots.get(fid)!;
  if (base.length === 0) return 0;
  const m = ctx.model;
  const before = [...base];
  const after = [...base];
  let plainBefore = !ascending(before);
  let plainAfter = plainBefore;
  let inserted = false;
  let loss = 0;
  for (const b of booked) {
    if (!inserted && b.at > at + TIE) {
      after[0] = Math.max(after[0]!, at) + m.surgeryMin;
      plainAfter = reseatFirst(after, plainAfter);
      inserted = true;
    }
    const s0 = Math.max(before[0]!, b.at);
    const s1 = Math.max(after[0]!, b.at);
    before[0] = s0 + m.surgeryMin;
    plainBefore = reseatFirst(before, plainBefore);
    after[0] = s1 + m.surgeryMin;
    plainAfter = reseatFirst(after, plainAfter);
    if (s1 > s0) loss += survivalAt(b.rpm0, b.tau + m.clockStabilised * (s0 - b.at), m) - survivalAt(b.rpm0, b.tau + m.clockStabilised * (s1 - b.at), m);
  }
  return loss;
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
  const surgical = plan.casualties.flatMap((c, i) => (needsSurgery(c.rpm0) ? [{ c, tau: plan.tauDrop?.[i] ?? c.tau }] : []));
  if (surgical.length === 0) return;
  if (ctx.p.arrivalSlots) {
    const booked: Booking[] = [...(ctx.booked.get(f.id) ?? [])];
    for (const { c, tau } of surgical) {
      let at = booked.length;
      while (at > 0 && booked[at - 1]!.at > plan.endMin) at--;
      booked.splice(at, 0, { at: plan.endMin, rpm0: c.rpm0, tau, vehicleId: plan.vehicle.id });
    }
    ctx.booked.set(f.id, booked);
    return;
  }
  const next = [...slots];
  for (let k = 0; k < surgical.length; k++) {
    next[0] = Math.max(next[0]!, plan.endMin) + ctx.model.surgeryMin;
    next.sort((a, b) => a - b);
  }
  ctx.slots.set(f.id, next);
}
