// Carry on, then add (DISP-23, SIM-15). A vehicle on its way to its first pickup may keep that leg and take one more
// casualty after it, instead of being re-planned from its last stop (SIM-14 loses the progress of the abandoned leg):
// a divert is replaced by the extension when the extension is worth at least as much, and a vehicle that carries on
// takes a waiting casualty nobody else is sent to when that adds more than the casualty's own alternative. A divert
// to a casualty past saving (nothing left for care to add) is dropped: the vehicle carries on.
import { haversineKm } from '../../core/geo-math.ts';
import { definitiveFor, fits, samePos } from '../common.ts';
import { needsSurgery, survivalLimit } from '../survival.ts';
import type { Job, PlanCasualty, PlanFacility, PlanVehicle, PlanView } from '../types.ts';
import type { Booking, Ctx, Plan } from './context-types.ts';
import { surgicalSlots } from './context.ts';
import { minorDetourPays } from './minor-detour.ts';
import { candidateFacilities } from './routes.ts';
import { bestPlan, evaluate, salvage, slotCharge } from './value.ts';
import { spareGroupQueue } from './spare-queue.ts';
import { spareJob, spareTrip, spareVehicles } from './spare.ts';
import type { SpareTrip } from './spare.ts';
import { timeCost } from './time-worth.ts';

/** Survival care can still add (now, or where a divert reaches it) under which a casualty is past saving: no divert goes to it. */
export const PAST_SAVING = 0.01;
/** Survivors an extension must add over its casualty's alternative to be sent (as DISP-19's margin). */
const ADD_MARGIN = 0.01;

/** The vehicle as it will be at its first pickup if it carries on (SIM-15); null where the view cannot say. */
export function atFirstPickup(v: PlanVehicle, first: PlanCasualty): PlanVehicle | null {
  const reach = v.ifKept?.reach;
  if (!reach) return null;
  return { ...v, pos: first.pos, freeAt: reach.atMin, idle: false, rangeLeftKm: reach.rangeLeftKm, enRoute: undefined, ifKept: undefined, posNow: undefined };
}

/** Expected survival of a plan's casualties, less the vehicle's risk and the table charges (no baselines). */
function worth(ctx: Ctx, plan: Plan): number {
  let w = -plan.risk;
  for (const c of plan.casualties) w += plan.expected.get(c.id)! - slotCharge(ctx, c, plan.facility);
  return w;
}

/** What a casualty gets if this vehicle fetches it once free again in `wait` minutes (as DISP-16's check). */
function fetchedLater(ctx: Ctx, v: PlanVehicle, c: PlanCasualty, wait: number): number {
  const later: Ctx = { ...ctx, p: { ...ctx.p, delayMin: Math.max(0, wait) } };
  const plan = bestPlan(later, v, c);
  return Math.max(plan ? plan.delayed.get(c.id)! : 0, survivalLimit(c.rpm0, ctx.model));
}

/**
 * What a casualty gets if this vehicle fetches it once the plan is done. DISP-138: from where the plan leaves it (the
 * plan's facility, at its end); off: from where the vehicle is shown now (a vehicle on its way: its last stop, SIM-14),
 * though its leg takes it elsewhere first.
 */
function fetchedAfter(ctx: Ctx, v: PlanVehicle, c: PlanCasualty, plan: Plan): number {
  const from = ctx.p.laterFromLegEnd ? { ...v, pos: plan.facility.pos } : v;
  return fetchedLater(ctx, from, c, plan.endMin - ctx.view.now);
}

/** Facilities that treat every casualty of the group (definitive care; no stabilising stop, no hand-off). */
function facilitiesFor(ctx: Ctx, group: readonly PlanCasualty[]): PlanFacility[] {
  const seen = new Map<string, PlanFacility>();
  for (const c of group) for (const f of candidateFacilities(ctx, c)) if (!ctx.transfers.has(f.id) && group.every((x) => definitiveFor(x, f))) seen.set(f.id, f);
  return [...seen.values()];
}

/** What care can still add to a casualty where a plan brings it. */
const gainWhere = (ctx: Ctx, plan: Plan, c: PlanCasualty): number => plan.expected.get(c.id)! - survivalLimit(c.rpm0, ctx.model);

/**
 * The best job that keeps the vehicle's route (first pickup first) and adds `add` at some later place in it, where
 * `add` still has something to gain.
 */
export function bestExtension(ctx: Ctx, v: PlanVehicle, route: readonly PlanCasualty[], add: PlanCasualty): Plan | null {
  const at = atFirstPickup(v, route[0]!);
  if (!at) return null;
  const all = [...route, add];
  if (!fits(v, all.filter((c) => c.litter).length, all.length)) return null;
  const spares = criticalSpared(ctx, v, route, add);
  const bound = legFacility(ctx, v, route, add);
  let best: Plan | null = null;
  let bestWorth = -Infinity;
  for (const f of facilitiesFor(ctx, all)) {
    if ((ctx.beds.get(f.id) ?? 0) < 1 || (bound && f.id !== bound)) continue;
    for (let k = 1; k <= route.length; k++) {
      const plan = evaluate(ctx, at, [...route.slice(0, k), add, ...route.slice(k)], f);
      if (plan && gainWhere(ctx, plan, add) >= PAST_SAVING && spares(plan) && worth(ctx, plan) > bestWorth) {
        best = plan;
        bestWorth = worth(ctx, plan);
      }
    }
  }
  return best;
}

/**
 * DISP-53: whether an extension adding `add` to the leg spares the leg's critical casualties. A vehicle on its way to
 * a critical casualty is re-planned only to another critical one (DISP-20), and triage puts the casualties who need
 * surgery first; an extension for a minor casualty is no re-plan (SIM-15), but a detour after the pickups delays the
 * critical ones' surgery all the same. So it is sent only where no critical casualty of the leg expects less with it
 * (beyond DISP-31's tolerance) than with the leg as it is. The value model adds survival whatever the RPM, and weighs
 * the minor casualty left out as fetched by this vehicle once free again — not by another that can fetch it meanwhile:
 * generated 994-126 (three vehicles, 100-min trips): a re-plan to an RPM-10 casualty, forbidden by DISP-20, became an
 * extension 65 min long for an ambulance with two RPM-8 casualties to fetch (0.37 → 0.16 of their expected survival;
 * the RPM-10 one was valued at 0.35 without it, and got 0.63 from another ambulance).
 */
function criticalSpared(ctx: Ctx, v: PlanVehicle, route: readonly PlanCasualty[], add: PlanCasualty): (plan: Plan) => boolean {
  if (!ctx.p.legCriticalFirst || needsSurgery(add.rpm0) || !route.some((c) => needsSurgery(c.rpm0))) return () => true;
  // DISP-75: the leg as it is without its own table places counted again (DISP-48's double count), here only.
  const kept = keptPlan(ctx.p.spareOwnPlaces ? ownPlaces(ctx, v, route, true) : ctx, v, [...route]);
  if (!kept) return () => true;
  // DISP-126: the loss allowed, absolute or as a share of what care can still add to the casualty as the leg is.
  const allowed = (c: PlanCasualty): number => ctx.p.criticalDetourTolerance * (ctx.p.criticalDetourRelative ? Math.max(0, kept.expected.get(c.id)! - survivalLimit(c.rpm0, ctx.model)) : 1);
  return (plan) => route.every((c) => !needsSurgery(c.rpm0) || plan.expected.get(c.id)! >= kept.expected.get(c.id)! - allowed(c)) || minorDetourPays(ctx, route, add, plan, kept);
}

/**
 * DISP-66: the facility a leg carrying critical casualties is bound for, which an extension for a minor casualty keeps
 * (null: any facility). DISP-53 compares the critical casualties' expectations with and without the minor one, but the
 * leg as it is is valued with its own table places counted again (DISP-42/48), so a detour to another facility looked
 * free: school-strike-mci, 13.1, amb-5 on its way to c2 (RPM 8) for the R2 took an RPM-12 casualty and went to the R3
 * (c2 0.840 -> 0.779).
 */
function legFacility(ctx: Ctx, v: PlanVehicle, route: readonly PlanCasualty[], add: PlanCasualty): string | null {
  if (!ctx.p.legKeepsFacility || needsSurgery(add.rpm0) || !v.ifKept || !route.some((c) => needsSurgery(c.rpm0))) return null;
  return ctx.view.facilities.find((x) => samePos(x.pos, v.ifKept!.pos))?.id ?? null;
}

/**
 * DISP-48: the context a vehicle's own leg is weighed in, with the surgical places its job holds given back. The view
 * counts them in the backlog of the facility the job ends at (SIM-3, SIM-14) and shows the job's casualties waiting
 * again (DISP-20), so carrying on was valued with each of them queued behind its own place, and any extension that
 * took the leg to another facility looked to gain what the double count cost (generated 993-125: a helicopter with
 * three critical casualties for an R2 with two tables had a fourth, minor, one added "adding 0.29" by going elsewhere).
 * Only here, for this vehicle's own casualties: given back to every valuation of the round (DISP-42) it lost.
 */
function ownPlaces(round: Ctx, v: PlanVehicle, route: readonly PlanCasualty[], force = false): Ctx {
  const ctx = round.p.ownBookings ? withoutOwnBookings(round, v) : round;
  if ((!ctx.p.ownPlaces && !force) || ctx.p.ownReservations || !ctx.p.arrivalSlots || !v.ifKept) return ctx;
  const at = v.ifKept.pos;
  const f = ctx.view.facilities.find((x) => x.surgicalTables > 0 && samePos(x.pos, at));
  const k = route.filter((c) => needsSurgery(c.rpm0) && (!f || definitiveFor(c, f))).length;
  if (!f || k === 0 || f.surgicalBacklog === 0) return ctx;
  const slots = new Map(ctx.slots);
  slots.set(f.id, surgicalSlots({ ...f, surgicalBacklog: Math.max(0, f.surgicalBacklog - k) }, ctx.view));
  return { ...ctx, slots };
}

/**
 * DISP-139: the round's bookings (DISP-43) without those the vehicle's own job made. A job committed this round for a
 * vehicle on its way books its casualties' tables; its options weighed then (carry on, extend, divert) queued each of
 * them behind its own booking, on top of the backlog DISP-48 gives back (held-out 1027-164: the leg valued at c1 0.20,
 * c6 0.14, c4 0.01 where driven on it they get 0.41, 0.41, 0.21, so any extension to another facility looked to gain).
 */
function withoutOwnBookings(ctx: Ctx, v: PlanVehicle): Ctx {
  let booked: Map<string, Booking[]> | null = null;
  for (const [f, list] of ctx.booked) {
    if (!list.some((b) => b.vehicleId === v.id)) continue;
    booked ??= new Map(ctx.booked);
    booked.set(f, list.filter((b) => b.vehicleId !== v.id));
  }
  return booked ? { ...ctx, booked } : ctx;
}

/**
 * DISP-150: the context `addToLeg` and `addMoreToLeg` weigh a leg under way in. `fair` (`addOwnPlaces` 'all', or asked
 * for by `elsewhere`'s charge): the leg's own surgical places (the view's backlog, DISP-48) and this round's bookings
 * for its own job (DISP-139) given back, so the leg as it is is not valued queued behind itself; else DISP-23's
 * context (DISP-48 and DISP-139 as their switches say).
 */
function addContext(round: Ctx, v: PlanVehicle, route: readonly PlanCasualty[], fair = round.p.addOwnPlaces === 'all'): Ctx {
  return fair ? ownPlaces(withoutOwnBookings(round, v), v, route, true) : ownPlaces(round, v, route);
}

/**
 * DISP-150/151: what an option that takes the leg from its own facility (`kept`'s) to another is charged: what the leg
 * as it is gains once its own places and bookings are not counted again (`addContext`'s fair context). Made on first
 * use, once: only an option bound elsewhere needs it.
 */
function awayCharge(ctx: Ctx, v: PlanVehicle, route: readonly PlanCasualty[], kept: Plan): (plan: Plan) => number {
  let charge: number | undefined;
  return (plan) => {
    if (plan.facility.id === kept.facility.id) return 0;
    if (charge === undefined) {
      const fair = keptPlan(addContext(ctx, v, route, true), v, [...route]);
      charge = fair ? Math.max(0, worth(ctx, fair) - worth(ctx, kept)) : 0;
    }
    return charge;
  };
}

const pickups = (j: Job): string[] => j.stops.flatMap((s) => (s.kind === 'pickup' ? [s.casualtyId] : []));

/** The casualties a vehicle on its way is fetching, in order (null when one is not in the view). */
function routeOf(ctx: Ctx, v: PlanVehicle): PlanCasualty[] | null {
  const route = (v.enRoute ?? []).map((id) => ctx.idx.casualty.get(id));
  return route.length > 0 && route.every((c) => c !== undefined) ? (route as PlanCasualty[]) : null;
}

const jobOf = (plan: Plan, why: string): Job => ({ vehicleId: plan.vehicle.id, stops: plan.stops, reason: `${plan.vehicle.id} carries on to ${plan.casualties[0]!.id}, then fetches ${plan.casualties.slice(1).map((c) => c.id).join(', ')} to ${plan.facility.id}: ${why}` });

/**
 * A divert of a vehicle on its way is weighed against carrying on as it is and against extending its leg (the divert's
 * first casualty added after the pickups it is going to); each option counts the expected survival of the casualties
 * it carries, and of the others as fetched by the same vehicle once it is free again. The best is kept; carrying on
 * (null) wins ties. A divert to a casualty past saving is dropped.
 */
function divertOrExtend(ctx: Ctx, job: Job, v: PlanVehicle, spare: readonly PlanVehicle[], searchTrip: boolean, noDivert = false, swapped: ReadonlyMap<string, number> = new Map()): { job: Job | null; spare?: SpareTrip } {
  const first = ctx.idx.casualty.get(pickups(job)[0] ?? '');
  const route = routeOf(ctx, v);
  if (!first || !route) return { job: noDivert ? null : job };
  const chosen = chooseDivertOrExtend(ownPlaces(ctx, v, route), job, v, first, route, searchTrip, noDivert, swapped);
  // DISP-25: carrying on while a free vehicle fetches the divert's casualty, against what was chosen.
  const trip = spare.length > 0 ? spareTrip(ctx, first, spare) : null;
  if (!trip || !chosen.kept) return { job: chosen.job };
  const withSpare = chosen.kept.score - chosen.kept.firstLater + trip.worth;
  return withSpare > chosen.best + ADD_MARGIN ? { job: null, spare: trip } : { job: chosen.job };
}

/**
 * DISP-23's choice for one divert: the job to send (the divert, an extension, or null to carry on), with the score of
 * the best option and, where the vehicle can carry on, that option's score and what the divert's casualty gets in it.
 */
function chooseDivertOrExtend(ctx: Ctx, job: Job, v: PlanVehicle, first: PlanCasualty, route: PlanCasualty[], searchTrip: boolean, noDivert = false, swapped: ReadonlyMap<string, number> = new Map()): { job: Job | null; best: number; kept?: { score: number; firstLater: number } } {
  // A job that starts where the vehicle is going anyway stays as it is: the vehicle carries on (DISP-20) and is not
  // offered more (letting `addToLeg` extend it too cost 1.7 % of critical survivors on generated family 941).
  // DISP-86: also a one-step job grown from the vehicle's own first pickup, in a small fleet.
  const grown = ctx.p.ownLegGrown && ctx.view.vehicles.length <= ctx.p.sequenceMaxVehicles;
  if (route.includes(first)) return { job: noDivert ? null : ctx.p.ownLegExtension && (searchTrip || grown) ? ownLegExtension(ctx, job, v, route) : job, best: -Infinity };
  if (salvage(ctx, first) < PAST_SAVING) return { job: null, best: -Infinity };
  const ext = bestExtension(ctx, v, route, first);
  const last = job.stops[job.stops.length - 1];
  const f = last?.kind === 'dropoff' ? ctx.idx.facility.get(last.facilityId) : undefined;
  const group = pickups(job).map((id) => ctx.idx.casualty.get(id)!);
  const div = f ? evaluate(ctx, v, group, f) : null;
  if (!div) return { job: noDivert ? null : job, best: -Infinity };
  // Nothing to gain where the divert reaches it: the vehicle carries on.
  if (gainWhere(ctx, div, first) < PAST_SAVING) return { job: null, best: -Infinity };
  // Each option: its own casualties as it carries them, the others fetched by the same vehicle once it is free.
  // DISP-105 (`swapLegs`): a casualty of the leg that another job of the round fetches (a swap) gets that job's trip.
  const later = (plan: Plan, c: PlanCasualty): number => Math.max(fetchedAfter(ctx, v, c, plan), swapped.get(c.id) ?? -Infinity);
  const score = (plan: Plan): number => worth(ctx, plan) + [...route, ...group].filter((c, i, all) => all.indexOf(c) === i && !plan.casualties.includes(c)).reduce((a, c) => a + later(plan, c), 0);
  // DISP-59: a divert DISP-57's price dropped is not an option; carrying on, extending, a spare vehicle are.
  const kept = keptPlan(ctx, v, route);
  // DISP-151 (measured, off): an option that leaves the leg's facility pays what the leg gains once not queued behind itself.
  const away = ctx.p.divertOwnPlaces && kept ? awayCharge(ctx, v, route, kept) : () => 0;
  const divScore = noDivert ? -Infinity : score(div) - away(div);
  const extScore = ext ? score(ext) - away(ext) : -Infinity;
  const keptScore = kept ? score(kept) : -Infinity;
  const keptPart = kept ? { score: keptScore, firstLater: later(kept, first) } : undefined;
  const best = Math.max(divScore, extScore, keptScore);
  // Carrying on as it is, valued where the leg under way really takes it (SIM-15), not restarted from its last stop.
  if (kept && keptScore >= divScore && keptScore >= extScore) return { job: null, best, ...(keptPart ? { kept: keptPart } : {}) };
  const chosen = ext && extScore >= divScore ? { job: jobOf(ext, `instead of a divert (${extScore.toFixed(3)} against ${divScore.toFixed(3)})`) } : { job: noDivert ? null : job };
  return { ...chosen, best, ...(keptPart ? { kept: keptPart } : {}) };
}

/**
 * DISP-39: a first trip of DISP-19's search without threats (which weighed every vehicle of the small fleet for its casualties; a
 * one-step job that grew so cost 8 % of critical survivors on generated 902-41, 13 vehicles, where a free car could
 * fetch the casualty sooner) that starts with the pickup the vehicle is driving to, keeps every pickup of its leg and adds more is
 * the extension SIM-15 makes (the leg under way goes on as drawn), when what it adds is critical. Valued where the vehicle really is (at its first
 * pickup), it is sent when its casualties gain more than the leg as it is plus the added ones' alternative this round
 * (their baseline, DISP-1), as `addToLeg` asks; otherwise the vehicle carries on as it is (the job is returned and
 * dropped as before). Without it, such a job (the sequence's first trip "c8 then c3" for an ambulance driving to c8)
 * was dropped and the vehicle carried on without the casualty reported near its first pickup.
 */
function ownLegExtension(ctx: Ctx, job: Job, v: PlanVehicle, route: readonly PlanCasualty[]): Job {
  const ids = pickups(job);
  if (ids[0] !== route[0]!.id || ids.length <= route.length || !route.every((c) => ids.includes(c.id))) return job;
  const last = job.stops[job.stops.length - 1];
  const f = last?.kind === 'dropoff' ? ctx.idx.facility.get(last.facilityId) : undefined;
  const at = atFirstPickup(v, route[0]!);
  const kept = keptPlan(ctx, v, [...route]);
  const group = ids.map((id) => ctx.idx.casualty.get(id));
  if (!f || !at || !kept || group.some((c) => !c)) return job;
  const ext = evaluate(ctx, at, group as PlanCasualty[], f);
  if (!ext) return job;
  const added = ext.casualties.filter((c) => !route.includes(c));
  // Only for critical casualties (as DISP-16 and DISP-20): a minor one added early takes a place a critical casualty
  // reported before the pickup may need (then only a divert, which loses the leg's progress, can fetch it).
  if (added.some((c) => !needsSurgery(c.rpm0))) return job;
  const gain = worth(ctx, ext) - worth(ctx, kept) - added.reduce((a, c) => a + (ctx.baseline.get(c.id) ?? survivalLimit(c.rpm0, ctx.model)), 0);
  return gain > ADD_MARGIN ? jobOf(ext, `the planned trip, added to the leg under way (adds ${gain.toFixed(3)})`) : job;
}

/** The job the vehicle carries on with, as the value model's plan at its first pickup (null where it cannot say). */
function keptPlan(ctx: Ctx, v: PlanVehicle, route: PlanCasualty[]): Plan | null {
  const at = atFirstPickup(v, route[0]!);
  const f = ctx.view.facilities.find((x) => v.ifKept && samePos(x.pos, v.ifKept.pos));
  return at && f ? evaluate(ctx, at, route, f) : null;
}

/**
 * A vehicle that carries on takes one more waiting casualty (among the nearest few to its first pickup that no job of
 * this round takes) when the extension adds more than that casualty's alternative this round (its baseline, DISP-1).
 */
function addToLeg(round: Ctx, v: PlanVehicle, taken: Set<string>, busy: ReadonlySet<string>, criticalOnly = false, chained = false): Job | null {
  const route = routeOf(round, v);
  const ctx = route ? addContext(round, v, route) : round;
  const kept = route ? keptPlan(ctx, v, route) : null;
  if (!route || !kept) return null;
  const keptWorth = worth(ctx, kept);
  // DISP-150 `elsewhere`: an extension that ends at another facility is charged what the leg as it is gains once its
  // own places are not counted again (`addMoreToLeg`'s further additions are not: measured so).
  const keptElsewhere = round.p.addOwnPlaces === 'elsewhere' ? awayCharge(round, v, route, kept) : () => 0;
  const near = ctx.view.casualties
    .filter((c) => !c.future && !c.assignedTo && !taken.has(c.id) && salvage(ctx, c) >= PAST_SAVING && (!criticalOnly || needsSurgery(c.rpm0)))
    .sort((a, b) => haversineKm(route[0]!.pos, a.pos) - haversineKm(route[0]!.pos, b.pos))
    .slice(0, ctx.p.joinCandidates);
  let best: { plan: Plan; gain: number } | null = null;
  for (const c of near) {
    const ext = bestExtension(ctx, v, route, c);
    if (!ext) continue;
    const gain = worth(ctx, ext) - keptWorth - (ctx.baseline.get(c.id) ?? survivalLimit(c.rpm0, ctx.model)) - Math.max(addedTime(ctx, ext, kept, c, busy), chainTime(ctx, ext, kept, c, chained)) - ownBaselineLoss(ctx, v, ext, kept, c, route, taken) - keptElsewhere(ext);
    if (gain > ADD_MARGIN && (!best || gain > best.gain)) best = { plan: ext, gain };
  }
  return best ? jobOf(best.plan, `adds ${best.gain.toFixed(3)} expected survivors`) : null;
}

/** DISP-88: whether `addToLeg` may add more than one casualty to a leg this round (`small`: a small fleet's view only). */
function addsMore(ctx: Ctx): boolean {
  const mode = ctx.p.addMoreToLeg;
  return mode === 'all' || (mode === 'small' && ctx.view.vehicles.length <= ctx.p.sequenceMaxVehicles);
}

/**
 * DISP-88: after `addToLeg` extends a leg under way, more waiting casualties may follow, one at a time, each where it
 * adds more than its own alternative this round over the leg extended so far, by `addToLeg`'s tests (`bestExtension`:
 * capacity, DISP-53 against the leg as it is, the leg's facility). One per round left a casualty that only the
 * extended leg made worth fetching for a trip of its own when no round came before the pickups: clairvoyant `threat1`
 * 10129 (one car): at 30.0 c7 (RPM 9) was added after c1 and the leg sent to the far R3 (the way back to the near R2
 * crosses the zone); c5 (RPM 11), beside c7, waited 300 min, where c1, c7, c5 to the R2 (round the zone) is the optimum.
 * Only in a small fleet (`addsMore`): with four vehicles or more another one fetched the casualty soon (generated 1002-47).
 */
function addMoreToLeg(round: Ctx, v: PlanVehicle, job: Job, taken: ReadonlySet<string>, busy: ReadonlySet<string>, criticalOnly: boolean): Job {
  const route = routeOf(round, v);
  const last = job.stops[job.stops.length - 1];
  const f = last?.kind === 'dropoff' ? round.idx.facility.get(last.facilityId) : undefined;
  const at = route ? atFirstPickup(v, route[0]!) : null;
  if (!route || !f || !at) return job;
  const ctx = addContext(round, v, route);
  const kept = keptPlan(ctx, v, route);
  let cur = evaluate(ctx, at, pickups(job).map((id) => ctx.idx.casualty.get(id)!), f);
  if (!kept || !cur) return job;
  let why = job.reason ?? '';
  const added = new Set(pickups(job));
  for (;;) {
    const from: Plan = cur;
    const near = ctx.view.casualties
      .filter((c) => !c.future && !c.assignedTo && !taken.has(c.id) && !added.has(c.id) && salvage(ctx, c) >= PAST_SAVING && (!criticalOnly || needsSurgery(c.rpm0)))
      .sort((a, b) => haversineKm(route[0]!.pos, a.pos) - haversineKm(route[0]!.pos, b.pos))
      .slice(0, ctx.p.joinCandidates);
    let best: { plan: Plan; gain: number; c: PlanCasualty } | null = null;
    for (const c of near) {
      const ext = bestExtension(ctx, v, from.casualties, c);
      if (!ext) continue;
      // The minutes and the own-baseline charges against the leg as it is, less what the extension so far was charged.
      const charges = (p: Plan): number => addedTime(ctx, p, kept, c, busy) + ownBaselineLoss(ctx, v, p, kept, c, route, taken);
      const gain: number = worth(ctx, ext) - worth(ctx, from) - (ctx.baseline.get(c.id) ?? survivalLimit(c.rpm0, ctx.model)) - (charges(ext) - charges(from));
      if (gain > ADD_MARGIN && (!best || gain > best.gain)) best = { plan: ext, gain, c };
    }
    if (!best) break;
    cur = best.plan;
    added.add(best.c.id);
    why = `${why}; then ${best.c.id} (adds ${best.gain.toFixed(3)})`;
  }
  return added.size === pickups(job).length ? job : jobOf(cur, why.replace(/^.*?: /, ''));
}

/**
 * DISP-64: what the minutes an extension adds to the leg under way cost the casualties still to come (DISP-63's price
 * of a vehicle's time, the extended leg's less the kept one's). `addToLeg` weighed an added casualty against its own
 * alternative only, so an extension that took the leg to a far facility looked free however long it kept the vehicle:
 * generated 996-176 (nine ambulances, two near the front): at minute 22.4 ambulance-5, on its way to c1 (RPM 10) for
 * the R1 a kilometre from the front, had c7 (RPM 6) added and took both to the far R2 (free at 132 instead of 61,
 * "adding 0.037"); c9 (RPM 8), reported at 34.9 beside the R1, waited for a vehicle from the rear (surgery at 220,
 * 0.27; `closest`'s ambulance-5, back at the R1, gave it 0.63).
 */
function addedTime(ctx: Ctx, ext: Plan, kept: Plan, c: PlanCasualty, busy: ReadonlySet<string>): number {
  const mode = ctx.p.extensionTime;
  if (mode === 'off' || (mode === 'other-facility' && ext.facility.id === kept.facility.id)) return 0;
  // DISP-70: only where the casualty's alternative (its baseline) is a vehicle's trip of the kind the switch names.
  if (ctx.p.freeAlternativeTime !== 'off' && !freeAlternative(ctx, kept.vehicle, c, busy)) return 0;
  return Math.max(0, timeCost(ctx, ext) - timeCost(ctx, kept));
}

/**
 * DISP-87 (measured, not adopted): what a chained extension (DISP-83) is charged beyond DISP-23's margin: `chainMargin`,
 * and a share of the price of the minutes it adds (whatever `extensionTime` says). Traced on clairvoyant dev `threat1`
 * (one car): the chain was sent for a small gain over the added casualty's alternative, the untreated floor (10059 at
 * 90.6, c7, RPM 4, "adds 0.018", 31 min longer; 10126 at 28.1, c3, RPM 5, "adds 0.033", 12 min longer), and the car was
 * late for what came next; the leg's own value and the waiting casualties' (DISP-71's charge, < 0.01) were right.
 */
function chainTime(ctx: Ctx, ext: Plan, kept: Plan, c: PlanCasualty, chained: boolean): number {
  if (!chained) return 0;
  const share = ctx.p.chainTime;
  // Only where the casualty's alternative is the untreated floor (no vehicle's trip): a trip alternative takes vehicle
  // time too, more than the chain's detour (generated 1004-34, two ambulances: c5, RPM 7, its baseline ambulance-1's
  // trip, 0.195, no longer chained onto ambulance-0's leg at 23.9; ambulance-1 took it and was late for c7, c13, c19).
  const floor = (ctx.baseline.get(c.id) ?? survivalLimit(c.rpm0, ctx.model)) < survivalLimit(c.rpm0, ctx.model) + PAST_SAVING;
  const time = share > 0 && floor ? share * Math.max(0, timeCost(ctx, ext) - timeCost(ctx, kept)) : 0;
  return ctx.p.chainMargin + time;
}

/**
 * DISP-70: whether the added casualty's alternative (its baseline, DISP-1) is a trip by a vehicle whose time is its
 * own: this vehicle's (shown free at its last stop), or one that is idle, not on its way and given no job this round
 * (`own-or-free`); or any vehicle's trip above the untreated floor (`trip`).
 */
function freeAlternative(ctx: Ctx, self: PlanVehicle, c: PlanCasualty, busy: ReadonlySet<string>): boolean {
  const from = ctx.baselineFrom.get(c.id);
  const v = from === undefined ? undefined : ctx.view.vehicles.find((x) => x.id === from);
  if (!v) return false;
  return ctx.p.freeAlternativeTime === 'trip' || v.id === self.id || (v.idle && !v.enRoute && !busy.has(v.id));
}

/**
 * DISP-71: what the casualties waiting for this vehicle lose when an extension keeps it busy longer. A casualty whose
 * baseline (DISP-1) is this vehicle's own trip, delayed, counts on it being free again; an extension weighed against
 * the added casualty's baseline alone leaves them valued as if it were free as soon as the kept leg ends: generated
 * 996-176 (at 22.4 ambulance-5 had c7, RPM 6, added and went to the far R2, free at 132 instead of 61; c6, RPM 10,
 * beside its first pickup, counted on it and waited for an ambulance from the rear, 0.76 instead of 0.91). Each is
 * valued as DISP-16's check does (the same vehicle fetches it once free), after the kept leg and after the extended one;
 * the charge is the most one of them loses (the vehicle's next trip is for one of them). Measured, off.
 */
function ownBaselineLoss(ctx: Ctx, v: PlanVehicle, ext: Plan, kept: Plan, c: PlanCasualty, route: readonly PlanCasualty[], taken: ReadonlySet<string>): number {
  if (!ctx.p.ownBaselineLoss || ext.endMin <= kept.endMin) return 0;
  let loss = 0;
  for (const o of ctx.view.casualties) {
    if (o === c || o.future || o.assignedTo || taken.has(o.id) || route.includes(o) || ctx.baselineFrom.get(o.id) !== v.id) continue;
    loss = Math.max(loss, fetchedAfter(ctx, v, o, kept) - fetchedAfter(ctx, v, o, ext));
  }
  return loss;
}

/** DISP-83: whether a job kept as it is only carries the small fleet's vehicle on (it starts with its own next pickup). */
function chainsOwnLeg(ctx: Ctx, job: Job, v: PlanVehicle): boolean {
  return (ctx.p.chainOwnLeg === 'critical' || ctx.p.chainOwnLeg === 'all') && ctx.view.vehicles.length <= ctx.p.sequenceMaxVehicles && (v.enRoute ?? []).includes(pickups(job)[0] ?? '');
}

/**
 * DISP-105 (`swapLegs`): the casualties of `v`'s leg that another job of the round fetches, and what they expect by
 * it. The round may swap a vehicle on its way for a free one (the free one to its casualty, it to the new one: the
 * assignment and DISP-19's search value both halves), but DISP-23 weighed the divert's half with the left casualty
 * fetched by the same vehicle once free again, kept the leg, and `divertsFirst` then dropped the free vehicle's half:
 * held-out 1011-134 at 30.4 (armoured-1 on its way to c1; c3, RPM 8, reported behind a kill zone; the search sent
 * ambulance-0 to c1 and the armoured car to c3): nobody set out for c3, which was never fetched.
 */
function swappedLeg(ctx: Ctx, jobs: readonly Job[], v: PlanVehicle, byId: ReadonlyMap<string, PlanVehicle>, divertable: ReadonlySet<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const job of jobs) {
    const ids = pickups(job);
    const other = byId.get(job.vehicleId);
    if (!other || other.id === v.id || divertable.has(other.id) || !ids.some((id) => v.enRoute!.includes(id))) continue;
    const last = job.stops[job.stops.length - 1];
    const f = last?.kind === 'dropoff' ? ctx.idx.facility.get(last.facilityId) : undefined;
    const group = ids.map((id) => ctx.idx.casualty.get(id));
    const plan = f && group.every((c) => c) ? evaluate(ctx, other, group as PlanCasualty[], f) : null;
    if (!plan) continue;
    // DISP-106: as `worth` prices the divert's own casualties (table charge, the vehicle's risk shared by its load).
    const price = (c: PlanCasualty): number => (ctx.p.swapPriced ? slotCharge(ctx, c, plan.facility) + plan.risk / plan.casualties.length : 0);
    // DISP-106 (`swapCritical`): a minor casualty handed to a fresh leg counts on a trip the next critical report re-plans.
    const stands = (c: PlanCasualty): boolean => !ctx.p.swapCritical || needsSurgery(c.rpm0);
    for (const c of plan.casualties) if (v.enRoute!.includes(c.id) && stands(c)) out.set(c.id, plan.expected.get(c.id)! - price(c));
  }
  return out;
}

/**
 * DISP-125 (`refusedDivertBaseline`): a refused divert's casualties that are not on the vehicle's leg, where the vehicle
 * carries on, get at least their baseline (DISP-1: what the round's next assignment offers them), not only this vehicle's
 * trip once it is free again: nothing holds them for this vehicle, so an extension or a spare vehicle's trip must beat
 * what they get without either (as `addToLeg` and DISP-56 ask), not a wait for the vehicle the check refused.
 */
function baselineFloors(round: Ctx, job: Job, v: PlanVehicle, swaps: ReadonlyMap<string, number> | undefined): Map<string, number> {
  const out = new Map(swaps ?? []);
  for (const id of pickups(job)) {
    const base = round.baseline.get(id);
    if (base !== undefined && !v.enRoute?.includes(id)) out.set(id, Math.max(out.get(id) ?? -Infinity, base));
  }
  return out;
}

/** A fresh context with the round's own price caps on vehicles (DISP-24), which are set once the round is valued. */
function withRoundCaps(clean: Ctx, round: Ctx): Ctx {
  for (const [id, cap] of round.worthCap) clean.worthCap.set(id, cap);
  return clean;
}

/**
 * DISP-23 over one round's jobs: diverts of vehicles on their way become extensions where those are worth as much (or
 * are dropped when they go to a casualty past saving), then vehicles that carry on may add a casualty. `ctx` is the
 * round's context (its baselines and this round's commitments), `fresh` makes one with nothing committed; the extensions
 * are returned apart, so that the caller keeps them.
 */
export function carryOn(round: Ctx, fresh: () => Ctx, jobs: readonly Job[], divertable: ReadonlySet<string>, fromSearch: ReadonlySet<Job> = new Set(), noDivert: ReadonlySet<Job> = new Set()): { jobs: Job[]; extended: Set<Job> } {
  // DISP-47 with `extensions`: the legs weighed here value their casualties queued for the tables among themselves.
  // DISP-92: also where the round has vehicles to spare.
  const grouped = round.p.groupQueue === 'extensions' || spareGroupQueue(round, jobs);
  const queued = (c: Ctx): Ctx => (grouped ? { ...c, p: { ...c.p, groupQueue: 'all' } } : c);
  const ctx = queued(round);
  const extended = new Set<Job>();
  const out: Job[] = [];
  const byId = new Map(ctx.view.vehicles.map((v) => [v.id, v]));
  // A divert and its extension are compared in a context where no job of this round has taken a slot or a bed yet.
  let clean: Ctx | null = null;
  const spare = ctx.p.spareForDivert ? spareVehicles(ctx, jobs) : [];
  // DISP-83: vehicles whose own-leg job was left out (with `critical`, they may add only a critical casualty).
  const chained = new Set<string>();
  for (const job of jobs) {
    const v = byId.get(job.vehicleId)!;
    if (!divertable.has(v.id) || !v.enRoute) {
      out.push(job);
      continue;
    }
    clean ??= queued(withRoundCaps(fresh(), ctx));
    // DISP-106 (`swapCritical`): a divert `divertsFirst` will not send (its first pickup not critical) swaps nothing.
    const sent = !ctx.p.swapCritical || needsSurgery(ctx.idx.casualty.get(pickups(job)[0] ?? '')?.rpm0 ?? 12);
    const swaps = ctx.p.swapLegs && sent ? swappedLeg(clean, jobs, v, byId, divertable) : undefined;
    const floors = noDivert.has(job) && ctx.p.refusedDivertBaseline ? baselineFloors(ctx, job, v, swaps) : swaps;
    const { job: next, spare: trip } = divertOrExtend(clean, job, v, spare, fromSearch.has(job), noDivert.has(job), floors);
    if (trip) {
      spare.splice(spare.indexOf(trip.plan.vehicle), 1);
      out.push(spareJob(trip, v.id));
    }
    if (!next) continue;
    // DISP-83: a job that starts with the vehicle's own next pickup is carrying on (divertsFirst drops it); it is left
    // out here so that the vehicle is not busy for `addToLeg` and the casualties it named are not taken.
    if (next === job && chainsOwnLeg(ctx, job, v)) {
      chained.add(v.id);
      continue;
    }
    if (next !== job) extended.add(next);
    out.push(next);
  }
  const taken = new Set(out.flatMap(pickups));
  const busy = new Set(out.map((j) => j.vehicleId));
  for (const v of ctx.view.vehicles) {
    if (!divertable.has(v.id) || !v.enRoute || busy.has(v.id)) continue;
    const one = addToLeg(ctx, v, taken, busy, chained.has(v.id) && ctx.p.chainOwnLeg === 'critical', chained.has(v.id));
    const job = one && addsMore(ctx) ? addMoreToLeg(ctx, v, one, taken, busy, chained.has(v.id) && ctx.p.chainOwnLeg === 'critical') : one;
    if (!job) continue;
    for (const id of pickups(job)) taken.add(id);
    extended.add(job);
    out.push(job);
  }
  return { jobs: out, extended };
}

/**
 * DISP-44: a vehicle on its way that the round may no longer re-plan (DISP-20's limit: it is shown busy, and its
 * casualties are not in the round's view) may still take one more waiting casualty after its pickups, as DISP-23's
 * `addToLeg` offers a vehicle that carries on. An extension keeps the leg under way (SIM-15) and is not a re-plan, so
 * the limit that stops dithering does not apply to it. Without it, a lone car sent on its one re-plan drove past a
 * critical casualty reported near its pickup and came back for it on a trip of its own through the same zone
 * (`threat1` 9460). `jobs`: the round's jobs (their pickups are taken).
 */
export function extendLegs(ctx: Ctx, shown: PlanView, divertable: ReadonlySet<string>, jobs: readonly Job[]): Job[] {
  const out: Job[] = [];
  // Only in a small fleet (DISP-19's): with many vehicles another one fetches the casualty, and extensions to vehicles
  // past their re-plan cost generated family 7 (60 × 2) 0.8 % of critical survivors (7-19, 7-10, 7-5: 35 vehicles).
  if (shown.vehicles.length > ctx.p.sequenceMaxVehicles) return out;
  const taken = new Set(jobs.flatMap(pickups));
  const busy = new Set(jobs.map((j) => j.vehicleId));
  for (const v of shown.vehicles) {
    if (!v.enRoute || !v.ifKept || divertable.has(v.id) || busy.has(v.id)) continue;
    const route = v.enRoute.map((id) => shown.casualties.find((c) => c.id === id));
    if (route.some((c) => !c)) continue;
    const casualty = new Map(ctx.idx.casualty);
    for (const c of route) casualty.set(c!.id, c!);
    // Critical casualties only (as DISP-39): a minor one takes a place a critical casualty reported later may need,
    // and this vehicle cannot be re-planned to make room (minor ones too cost 7-5 0.66 critical survivors, 2 seeds).
    const job = addToLeg({ ...ctx, idx: { ...ctx.idx, casualty } }, v, taken, busy, true);
    if (!job) continue;
    for (const id of pickups(job)) taken.add(id);
    out.push({ ...job, reason: `${job.reason ?? ''} (its re-plan used: DISP-44)` });
  }
  return out;
}

/**
 * DISP-45: DISP-34's re-plan of a vehicle on its way to minor casualties (the search's first trip, which sees the
 * vehicle at its last stop) against carrying on and adding that trip's casualties after the leg's pickups (SIM-15),
 * which the search cannot value: the progress of the leg under way is kept. Each option counts as DISP-23's do (the
 * leg's casualties a re-plan leaves are fetched by the same vehicle once it is free again); the extension is sent when
 * it is worth at least as much. Without it a car two thirds of the way to an RPM-11 casualty was re-planned to two
 * others beyond it and left the first (`threat1` 9461; the exact optimum fetches all three on one trip).
 */
export function extendRePlan(round: Ctx, fresh: () => Ctx, job: Job, v: PlanVehicle): Job {
  const ctx = withRoundCaps(fresh(), round);
  const route = routeOf(ctx, v);
  const group = pickups(job).map((id) => ctx.idx.casualty.get(id));
  const last = job.stops[job.stops.length - 1];
  const f = last?.kind === 'dropoff' ? ctx.idx.facility.get(last.facilityId) : undefined;
  if (!route || !f || group.some((c) => !c || route.includes(c))) return job;
  const trip = group as PlanCasualty[];
  const at = atFirstPickup(v, route[0]!);
  const div = evaluate(ctx, v, trip, f);
  const all = [...route, ...trip];
  if (!at || !div || !fits(v, all.filter((c) => c.litter).length, all.length)) return job;
  let ext: Plan | null = null;
  // The trip's casualties after the leg's, in either order (the search's trips are one or two casualties).
  const orders = trip.length === 2 ? [all, [...route, trip[1]!, trip[0]!]] : [all];
  for (const g of facilitiesFor(ctx, all)) {
    if ((ctx.beds.get(g.id) ?? 0) < all.length) continue;
    for (const order of orders) {
      const plan = evaluate(ctx, at, order, g);
      if (plan && (!ext || worth(ctx, plan) > worth(ctx, ext))) ext = plan;
    }
  }
  if (!ext) return job;
  const divScore = worth(ctx, div) + route.reduce((a, c) => a + fetchedAfter(ctx, v, c, div), 0);
  const extScore = worth(ctx, ext);
  return extScore >= divScore ? jobOf(ext, `instead of a re-plan (${extScore.toFixed(3)} against ${divScore.toFixed(3)})`) : job;
}
