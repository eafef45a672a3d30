// Why the live plan recommends nothing for a waiting casualty (the console shows it beside "no recommendation"): read
// from the plan's own view and job assessments, after the plan is made. It never changes what the plan decided.
import { definitiveFor, idleVehicles } from './common.ts';
import { assessJobIn } from './optimal.ts';
import type { assessContext } from './optimal.ts';
import type { PlanView } from './types.ts';

/** The reason a waiting casualty has no recommendation. Survival values are probabilities (0–1). */
export type WaitingReason =
  /** No vehicle can reach it now; `nextFreeMin`: minutes until the next busy vehicle is free, when one is. */
  | { casualtyId: string; reason: 'no-vehicle'; nextFreeMin?: number }
  /** A free vehicle could fetch it, but no facility has a bed or place for it. */
  | { casualtyId: string; reason: 'no-place' }
  /** It needs surgery and a free vehicle could fetch it, but no facility with a free bed has a surgical table. */
  | { casualtyId: string; reason: 'no-surgery' }
  /** It could be fetched now; the plan holds it (its expected survival fetched now, and fetched an hour later). */
  | { casualtyId: string; reason: 'held'; fetchedNow: number; fetchedLater: number };

/** At most this many casualties are explained per plan (each costs a few job assessments). */
export const WAITING_CAP = 50;
/** Free vehicles tried per casualty (the view's order). */
const VEHICLES_TRIED = 8;

/**
 * Reasons for the waiting casualties not in `planned`, in the view's order, up to `WAITING_CAP`, with the vehicles
 * not `used` by the plan. `ctx` must index every casualty explained (made with them in `only`).
 */
export function waitingReasons(view: PlanView, ctx: ReturnType<typeof assessContext>, planned: ReadonlySet<string>, used: ReadonlySet<string>): WaitingReason[] {
  // The vehicles the plan left free (one it sends elsewhere is not free for these).
  const idle = idleVehicles(view).filter((v) => !used.has(v.id)).slice(0, VEHICLES_TRIED);
  const places = view.facilities.filter((f) => f.bedsFree > 0);
  const busy = view.vehicles.filter((v) => !v.idle).map((v) => v.freeAt - view.now);
  const nextFreeMin = busy.length ? Math.max(0, Math.min(...busy)) : undefined;
  const out: WaitingReason[] = [];
  for (const c of waitingLeftOut(view, planned)) {
    // Beds but no table anywhere: every job's survival is nil, which read as "held: fetched now 0 %" (session 24).
    const pc = ctx.idx.casualty.get(c);
    if (idle.length && places.length && pc && !places.some((f) => definitiveFor(pc, f))) {
      out.push({ casualtyId: c, reason: 'no-surgery' });
      continue;
    }
    let best: { now: number; later: number } | null = null;
    for (const v of idle) {
      for (const f of places) {
        const a = assessJobIn(ctx, { vehicleId: v.id, stops: [{ kind: 'pickup', casualtyId: c }, { kind: 'dropoff', casualtyIds: [c], facilityId: f.id }] });
        const now = a?.expected.get(c);
        if (a && now !== undefined && (!best || now > best.now)) best = { now, later: a.delayed.get(c) ?? 0 };
      }
    }
    if (best) out.push({ casualtyId: c, reason: 'held', fetchedNow: best.now, fetchedLater: best.later });
    else if (idle.length && !places.length) out.push({ casualtyId: c, reason: 'no-place' });
    else out.push({ casualtyId: c, reason: 'no-vehicle', ...(nextFreeMin !== undefined ? { nextFreeMin } : {}) });
  }
  return out;
}

/** The waiting casualties (present, not being fetched) the plan leaves out, in the view's order, up to the cap. */
export function waitingLeftOut(view: PlanView, planned: ReadonlySet<string>): string[] {
  const ids: string[] = [];
  for (const c of view.casualties) {
    if (ids.length >= WAITING_CAP) break;
    if (!c.future && !c.assignedTo && !planned.has(c.id)) ids.push(c.id);
  }
  return ids;
}
