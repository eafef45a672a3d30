// SIM-19 in the live view (DISP-14): a vehicle with casualties aboard, its leg rebuilt from the log as the simulator
// drives it, so that a policy that adds pickups to such a leg (`addAboard`, DISP-95) is shown what the simulator shows.
import type { CasualtyState, Position } from '../core/index.ts';
import { interpolate, legKm, legMinutes } from './travel.ts';
import type { PlanCasualty, PlanFacility, PlanVehicle, Stop, TravelParams } from './types.ts';
import type { VehicleWork } from './live-work.ts';

type Mover = { straightLine: boolean; speedKmh: number };

/** Where a casualty is fetched from: line 1 of its 9-line, else where it was registered. */
const whereOf = (c: CasualtyState): Position | undefined => c.evac.nineLine?.location ?? c.position ?? undefined;

/**
 * A carrying vehicle's job as the simulator holds it: from its last stop (a pickup) to the stops ahead — pickups it was
 * sent to before that stop, then everyone to the carried casualties' destination. Each assignment added since that
 * stop (SIM-19) re-planned the leg where the vehicle was then, its new first stop reached no sooner than from the last
 * stop. `free`: where and when the job ends; `carrying`: the view's entry while a leg is driven (not at a stop). Null
 * where the log cannot say (no last stop or no destination).
 */
export function carriedLeg(
  w: VehicleWork,
  mover: Mover,
  rangeKm: number | null,
  facilities: Map<string, PlanFacility>,
  travel: TravelParams,
  aboardOf: (c: CasualtyState, pos: Position) => PlanCasualty,
): { free: { pos: Position; at: number }; carrying: PlanVehicle['carrying'] | null } | null {
  const last = w.lastStop;
  const dest = w.carried.map((c) => c.destination.value).find((d): d is string => !!d && facilities.has(d));
  if (!last || !dest) return null;
  const f = facilities.get(dest)!;
  const legTo = (a: Position, b: Position): { km: number; min: number } => {
    const km = legKm(a, b, mover, travel.tortuosity);
    return { km, min: legMinutes(km, mover.speedKmh) };
  };
  let ahead: CasualtyState[] = w.dispatches.filter((d) => d.at < last.at).flatMap((d) => d.casualties);
  const added = w.dispatches.filter((d) => d.at >= last.at);
  const target = (): Position => (ahead.length > 0 ? (whereOf(ahead[0]!) ?? f.pos) : f.pos);
  let from = last.pos;
  let start = last.at;
  for (const d of added) {
    const to = target();
    const l = legTo(from, to);
    from = l.min > 0 ? interpolate(from, to, Math.min(1, Math.max(0, (d.at - start) / l.min))) : to;
    ahead = [...d.casualties, ...ahead];
    const next = target();
    start = d.at + Math.max(0, legTo(last.pos, next).min - legTo(from, next).min);
  }
  const first = legTo(from, target());
  const done = first.min > 0 ? Math.min(1, Math.max(0, -start / first.min)) : 0;
  const posNow = first.min > 0 ? interpolate(from, target(), done) : from;
  let here = from;
  let t = start;
  for (const c of ahead) {
    const at = whereOf(c);
    if (!at) continue;
    t += legTo(here, at).min + travel.loadMin;
    here = at;
  }
  // Dropped in the order they were loaded, as the simulator's job lists them.
  const carried = [...w.carried].sort((a, b) => ((a.chain.at(-1)?.at ?? '') < (b.chain.at(-1)?.at ?? '') ? -1 : (a.chain.at(-1)?.at ?? '') > (b.chain.at(-1)?.at ?? '') ? 1 : 0));
  const everyone = [...carried, ...ahead];
  const free = { pos: f.pos, at: t + legTo(here, f.pos).min + travel.unloadMin * everyone.length };
  // Driving a leg (the simulator shows no vehicle loading or unloading as carrying).
  if (start + first.min <= 0) return { free, carrying: null };
  const stops: Stop[] = [...ahead.map((c) => ({ kind: 'pickup' as const, casualtyId: c.id })), { kind: 'dropoff', casualtyIds: everyone.map((c) => c.id), facilityId: f.id }];
  return {
    free,
    carrying: {
      aboard: carried.map((c) => aboardOf(c, posNow)),
      ahead: stops,
      from: last.pos,
      posNow,
      rangeLeftKm: rangeKm === null ? null : rangeKm - first.km * done,
      diverted: added.length,
    },
  };
}
