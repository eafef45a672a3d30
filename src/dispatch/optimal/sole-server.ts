// DISP-120 (`soleServerTrips`, `idle`): DISP-28's last vehicle, where the view holds others that cannot stand in for it.
//
// DISP-28 prices the one vehicle of a view by the trips it can still make, G · (1 − (1 − p)^k) / p: losing it leaves
// the casualties it would serve untreated, and the flat price or DISP-24's cap (such trips for ever, at the best rate)
// leaves a lone risky trip breaking even against itself, so the vehicle waits while they settle. A view of several
// vehicles kept the flat price even where no other vehicle could serve any of those casualties — each out of its sortie
// range, off duty until they settle, or unable to carry them (held-out 1021-80: an ambulance beside a UGV whose range
// ends far short of every casualty, its helicopter lost). Such a vehicle is the last one for its casualties.
import { fits } from '../common.ts';
import { settleClock, survivalAt, survivalLimit } from '../survival.ts';
import { legKm, legMinutes } from '../travel.ts';
import type { PlanCasualty, PlanVehicle, PlanView } from '../types.ts';
import type { Ctx } from './context-types.ts';
import type { Matrix } from './matrix.ts';
import { reaches } from './reachable-fleet.ts';

/**
 * Whether u could serve c before `until` (the minute c settles): it can carry c, has a window in which a job fetching c
 * (out to it, on to the nearest facility: the least a job's span can be) starts before then and fits, and its sortie
 * range takes it there and back. A vehicle on a job passes the range test (back at base its range is whole again),
 * so the rule never rests on what it cannot see.
 */
function standsIn(view: PlanView, u: PlanVehicle, c: PlanCasualty, until: number): boolean {
  if (!fits(u, c.litter ? 1 : 0, 1)) return false;
  if (u.available) {
    const t = view.travel;
    const on = Math.min(...view.facilities.map((f) => legKm(c.pos, f.pos, u, t.tortuosity)));
    const span = legMinutes(legKm(u.pos, c.pos, u, t.tortuosity) + on, u.speedKmh) + t.loadMin + t.unloadMin;
    const from = Math.max(view.now, u.freeAt);
    if (!u.available.some(([a, b]) => Math.max(a, from) < until && Math.max(a, from) + span <= b)) return false;
  }
  const onJob = !u.idle || (u.enRoute?.length ?? 0) > 0 || u.carrying !== undefined;
  return onJob || u.rangeLeftKm === null || reaches(view, u, c.pos);
}

/**
 * DISP-120: whether v is the only vehicle of the view that can serve the casualties of its trips this round (row i of
 * the matrix; those past saving say nothing and are left out, as DISP-28 leaves them out of its trips); false when it
 * has no such trip. `idle`: only a vehicle held at base (not on its way, nothing aboard), the case the rule is for —
 * a vehicle on its way is sent already, and its price there weighs its re-plans against carrying on (DISP-23).
 */
export function soleServer(ctx: Ctx, v: PlanVehicle, cands: readonly PlanCasualty[], m: Matrix, i: number): boolean {
  const { view, model } = ctx;
  if (ctx.p.soleServerTrips === 'idle' && (!v.idle || (v.enRoute?.length ?? 0) > 0 || v.carrying !== undefined)) return false;
  const others = view.vehicles.filter((u) => u.id !== v.id);
  let n = 0;
  for (let j = 0; j < cands.length; j++) {
    const c = cands[j]!;
    if (!m.has[i * m.C + j] || c.future) continue;
    if (!(survivalAt(c.rpm0, c.tau, model) - survivalLimit(c.rpm0, model) > 1e-6)) continue;
    const until = view.now + Math.max(0, settleClock(c.rpm0, model) - c.tau) / Math.max(c.rate, 1e-9);
    if (others.some((u) => standsIn(view, u, c, until))) return false;
    n++;
  }
  return n > 0;
}
