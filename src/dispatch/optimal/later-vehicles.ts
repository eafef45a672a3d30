// DISP-41: a vehicle whose availability window opens later is waited for like a busy one.
//
// A vehicle outside its availability window was left out of the round altogether, so a casualty's alternative to this
// round's trip (its baseline, DISP-1) never counted on it: on generated 991-13 (39 vehicles, four helicopters on duty
// from minutes 63–106) a civilian car and an ambulance were sent at minutes 41 and 48 on trips of 3 hours to two RPM-9
// casualties (survival 0.11 and 0.31), where a helicopter on duty 20 minutes later reaches them in half an hour (0.76
// and 0.83 once the one-step plan waits for it). Shown as busy until its window opens, where it is, such a vehicle is
// the waiting alternative of one casualty (DISP-2's assignment), and is never sent before its window.
import { survivalLimit } from '../survival.ts';
import type { PlanCasualty, PlanVehicle } from '../types.ts';
import type { Ctx } from './context-types.ts';
import type { Matrix } from './matrix.ts';
import { vehicleWorth } from './value.ts';

/** Idle vehicles outside their window now whose next window opens before `untilMin`, as busy until it opens. */
export function laterVehicles(vehicles: readonly PlanVehicle[], now: number, untilMin: number): PlanVehicle[] {
  const later: PlanVehicle[] = [];
  for (const v of vehicles) {
    if (!v.idle || !v.available || v.available.some(([a, b]) => now >= a && now <= b)) continue;
    let open = Infinity;
    for (const [a] of v.available) if (a > now && a < open) open = a;
    if (open < untilMin) later.push({ ...v, idle: false, freeAt: Math.max(v.freeAt, open) });
  }
  return later;
}

/**
 * DISP-124: the minutes the observed arrival rate is read over at minute `t` (the planning view's rate is the reports
 * so far over max(t, 60): `src/sim/view.ts`, read back the same way by `src/sim/rollout.ts`).
 */
export const RATE_SPAN_MIN = 60;

/**
 * DISP-124 (`laterVehiclesHonouredWait`): the share of the price's evidence at a window's opening that is still unseen
 * now. DISP-6's flat price is affine in the observed rate (reports over max(t, 60) minutes, capped); at the opening
 * (`open`) the rate rests on max(open, 60) minutes of reports, of which the `open − now` still to come are unseen and
 * the rest are the reports the price reads now. So the price then is the price now and the price the wait's reports
 * give, mixed in that share; the wait's reports can put the price anywhere up to the cap, so they are taken at it.
 * 0 for a window open now (the price now), towards 1 as the window recedes (DISP-122's cap).
 */
export function unseenShare(now: number, open: number): number {
  const wait = Math.max(0, open - now);
  return wait > 0 ? Math.min(1, wait / Math.max(open, RATE_SPAN_MIN)) : 0;
}

/**
 * DISP-122 (`laterVehiclesHonoured`): the matrix's pairs as a casualty's alternatives may count on them — a later
 * vehicle's (rows from `firstLater` on) only where it would take the trip at any price the planner can put on it.
 * Its trip is counted at its price now, but it decides once on duty, at its price then, which grows with the reports
 * in between (held-out 1021-80: 0.38 at 34.9, 0.76 at 121.9, and the helicopter refused the trip the ambulance had
 * been held for). A trip still worth more than leaving its casualty untreated with the vehicle priced at DISP-6's cap
 * (`maxVehicleValue`, the most any price reaches) is one it will honour; any other may be refused, and the casualty
 * then waits for nothing. Null: every pair counts (no later rows).
 * DISP-124 (`wait`): the price checked is the price now moved towards the cap by the share of the price's evidence at
 * the window's opening still unseen (`unseenShare`): a window two minutes off is checked near the price now, one ninety
 * minutes off near the cap.
 */
export function honouredPairs(ctx: Ctx, m: Matrix, vehicles: readonly PlanVehicle[], cands: readonly PlanCasualty[], firstLater: number, wait = false): Uint8Array | null {
  if (firstLater >= vehicles.length) return null;
  const { C, has, value, risk } = m;
  const { maxVehicleValue: cap } = ctx.p;
  const out = has.slice(0, m.rows * C);
  for (let i = firstLater; i < vehicles.length; i++) {
    const share = wait ? unseenShare(ctx.view.now, vehicles[i]!.freeAt) : 1;
    for (let j = 0; j < C; j++) {
      const k = i * C + j;
      if (!has[k] || !(risk[k]! > 0)) continue;
      const worth = vehicleWorth(ctx, vehicles[i]!, [cands[j]!]);
      // The price the trip is checked at: the cap (DISP-122), or the price now moved that share towards it (DISP-124).
      const price = worth + share * (cap - worth);
      // The trip's value (no baseline in it yet) with its risk priced at that price instead of now.
      const atPrice = worth > 0 ? value[k]! - risk[k]! * (price / worth - 1) : -Infinity;
      if (!(atPrice > survivalLimit(cands[j]!.rpm0, ctx.model))) out[k] = 0;
    }
  }
  return out;
}
