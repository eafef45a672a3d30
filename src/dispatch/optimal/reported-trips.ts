// DISP-37: a small fleet's vehicle is priced by trips to where casualties have been reported.
//
// A vehicle's worth to the casualties still to come (DISP-24's rate, DISP-28's and DISP-33's G · (1 − (1 − p)^k) / p)
// was estimated from the trips open this round only: to the casualties waiting that can still gain. When those few
// lie behind a zone, every such trip is nearly sure to lose the vehicle, so the estimate said the casualties to come
// would be as deadly to reach, priced the one vehicle at almost nothing and sent it in: small instances `threat1` 9407
// (lost on every seed on a trip adding 0.02 while the next critical casualty, reported a quarter of an hour later, lay
// on a safe road), 9401, 9417. Those to come occur where casualties have been occurring, not only where the ones
// still worth a trip lie: the latest reports (the view's `recent`, those past saving or already fetched included) are
// a sample of them. Each is valued as a casualty of the same RPM reported just now at the same place, fetched by the
// vehicle to its best facility: its gain over untreated, its chance of losing the vehicle, its length.
import type { Position } from '../../core/index.ts';
import { haversineKm } from '../../core/geo-math.ts';
import { survivalLimit } from '../survival.ts';
import { legMinutes } from '../travel.ts';
import type { PlanCasualty, PlanVehicle } from '../types.ts';
import type { Ctx } from './context-types.ts';
import { bestPlan, vehicleWorth } from './value.ts';

export interface ReportedTrip {
  /** Expected survival the trip adds over leaving the casualty untreated (reported just now). */
  gain: number;
  /** Chance the vehicle is lost on the trip and the way back to base. */
  loss: number;
  /** Minutes out, to the facility and back to base. */
  minutes: number;
  /** Where it goes: the vehicle's place, the casualty's, the facility's and the base (DISP-144 reads the way). */
  way?: readonly Position[];
}

const memo = new WeakMap<Ctx['view'], Map<string, ReportedTrip[] | null>>();

/**
 * The trips to where the latest casualties were reported (DISP-37), for a fleet of at most `sequenceMaxVehicles`;
 * null when the rule is off (unless `always`: DISP-144 reads them too), the fleet is larger, or nothing was
 * reported. Made once per view and vehicle.
 */
export function reportedTrips(ctx: Ctx, v: PlanVehicle, always = false): ReportedTrip[] | null {
  const { view, p } = ctx;
  if (!(p.reportedWorth || always) || view.vehicles.length > p.sequenceMaxVehicles || !view.recent || view.recent.length === 0) return null;
  let byVehicle = memo.get(view);
  if (!byVehicle) memo.set(view, (byVehicle = new Map()));
  const key = `${v.id}@${v.pos.lat},${v.pos.lon},${v.freeAt}`;
  if (byVehicle.has(key)) return byVehicle.get(key)!;
  const fresh: PlanCasualty[] = view.recent.map((r, i) => ({ id: `reported:${i}`, atMin: view.now, rpm0: r.rpm0, tau: 0, rate: 1, litter: false, pos: r.pos }));
  // A private index that knows the stand-ins (the round's own is left as it is).
  const own: Ctx = { ...ctx, idx: { casualty: new Map([...ctx.idx.casualty, ...fresh.map((c) => [c.id, c] as const)]), facility: ctx.idx.facility } };
  const worth = vehicleWorth(ctx, v, []);
  const tort = v.straightLine ? 1 : view.travel.tortuosity;
  const trips: ReportedTrip[] = [];
  for (const c of fresh) {
    const plan = bestPlan(own, v, c);
    if (!plan) continue;
    const f = plan.facility.pos;
    const km = (haversineKm(v.pos, c.pos) + haversineKm(c.pos, f) + haversineKm(f, v.basePos)) * tort;
    trips.push({
      gain: Math.max(0, plan.expected.get(c.id)! - survivalLimit(c.rpm0, ctx.model)),
      loss: worth > 0 ? Math.min(1, plan.risk / worth) : 1 - plan.alive,
      minutes: legMinutes(km, v.speedKmh) + view.travel.loadMin + view.travel.unloadMin,
      way: [v.pos, c.pos, f, v.basePos],
    });
  }
  const out = trips.length > 0 ? trips : null;
  byVehicle.set(key, out);
  return out;
}

/** Mean gain, loss chance and length of the reported trips. */
export function meanTrip(trips: readonly ReportedTrip[]): ReportedTrip {
  const n = trips.length;
  return {
    gain: trips.reduce((a, t) => a + t.gain, 0) / n,
    loss: trips.reduce((a, t) => a + t.loss, 0) / n,
    minutes: trips.reduce((a, t) => a + t.minutes, 0) / n,
  };
}
