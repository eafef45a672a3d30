// DISP-41: a vehicle whose availability window opens later is waited for like a busy one.
//
// A vehicle outside its availability window was left out of the round altogether, so a casualty's alternative to this
// round's trip (its baseline, DISP-1) never counted on it: on generated 991-13 (39 vehicles, four helicopters on duty
// from minutes 63–106) a civilian car and an ambulance were sent at minutes 41 and 48 on trips of 3 hours to two RPM-9
// casualties (survival 0.11 and 0.31), where a helicopter on duty 20 minutes later reaches them in half an hour (0.76
// and 0.83 once the one-step plan waits for it). Shown as busy until its window opens, where it is, such a vehicle is
// the waiting alternative of one casualty (DISP-2's assignment), and is never sent before its window.
import type { PlanVehicle } from '../types.ts';

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
