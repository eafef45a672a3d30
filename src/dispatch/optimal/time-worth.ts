// DISP-63 (measured, not adopted): a small fleet's vehicle time priced by the casualties still to come.
//
// DISP-19's search knows only the casualties reported; when it finds nothing better than the one-step jobs, it keeps
// them less any trip that adds nothing over leaving its casualties untreated. A trip that adds a little (an RPM-5
// casualty 30 km out, +0.03) still takes the one vehicle away for an hour and a half, and the critical casualties
// reported meanwhile wait for it (small instances `one` 9820, 9825, 9827, `threat1` 9806, 9837: the exact optimum
// leaves that casualty and is free for the next). What the vehicle's time is worth to those still to come: the
// casualties expected while it is busy (its share, over the whole fleet, of the observed or declared rate, never more
// than are still to come, and only as likely as the reports have not stopped), each waiting on average half of that
// time longer, each losing what a casualty like the latest reports loses by that wait; but never more than the
// vehicle would earn in that time on trips like theirs (a vehicle that is never idle is worth its rate of earning).
import { survivalAt, survivalLimit } from '../survival.ts';
import type { PlanCasualty } from '../types.ts';
import { declaredArrivals } from './anticipation.ts';
import type { Ctx, Plan } from './context-types.ts';
import { bestPlan } from './value.ts';
import { demandShares } from './reachable-fleet.ts';

/** What the casualties still to come lose while the trip keeps its vehicle busy (0 when none are expected). */
export function timeCost(ctx: Ctx, plan: Plan): number {
  const { view, model, p } = ctx;
  if (!view.recent || view.recent.length === 0) return 0;
  const busy = plan.endMin - view.now;
  if (!(busy > 0)) return 0;
  const decl = declaredArrivals(view, p);
  const rate = Math.max(view.expectedRatePerMin, decl ? decl.ratePerMin : 0);
  const toCome = Math.max(view.expectedRatePerMin * Math.max(0, view.horizonMin - view.now), decl ? decl.ratePerMin * (decl.untilMin - view.now) : 0);
  // Reports may have stopped: the chance of none since the latest at the rate is that of the rate holding.
  const latest = Math.max(...view.recent.map((r) => r.atMin));
  const going = Math.exp(-rate * Math.max(0, view.now - latest));
  const n = (going * Math.min(rate * Math.max(0, Math.min(busy, view.horizonMin - view.now)), toCome)) / demandShares(view);
  if (!(n > 0)) return 0;
  const fresh: PlanCasualty[] = view.recent.map((r, i) => ({ id: `time:${i}`, atMin: view.now, rpm0: r.rpm0, tau: 0, rate: 1, litter: false, pos: r.pos }));
  // A private index that knows the stand-ins (the round's own is left as it is).
  const own: Ctx = { ...ctx, idx: { casualty: new Map([...ctx.idx.casualty, ...fresh.map((c) => [c.id, c] as const)]), facility: ctx.idx.facility } };
  let loss = 0;
  let earn = 0;
  let trips = 0;
  for (const c of fresh) {
    const q = bestPlan(own, plan.vehicle, c);
    if (!q) continue;
    const tau = q.tauDrop?.[0] ?? q.endMin - view.now;
    loss += survivalAt(c.rpm0, tau, model) - survivalAt(c.rpm0, tau + busy / 2, model);
    earn += Math.max(0, q.expected.get(c.id)! - survivalLimit(c.rpm0, model)) / Math.max(1, q.endMin - view.now);
    trips++;
  }
  if (trips === 0) return 0;
  return Math.min((n * loss) / trips, (busy * earn) / trips);
}
