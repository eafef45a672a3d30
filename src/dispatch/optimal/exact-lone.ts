// DISP-104: an exact rolling re-plan for a lone vehicle.
//
// With one vehicle the round's job came from a one-step plan, DISP-19/33's search (trips of one or two, at most 8
// casualties) and some twenty rules after it, each of which overrode the search's better trip on some traced small
// instance. Here the clairvoyant solver (DISP-17: a DP over served sets with Pareto labels, trips of several pickups in
// any order to any facility, threat losses priced exactly) is run online over the casualties known now, from where
// and when the vehicle is free, and the optimum's first trip is the round's job; every round solves again. What it
// cannot know is the casualties still to come: a label ends worth its chance of still running × the vehicle's worth to
// them (DISP-33's `futureWorth`: its share of the casualties still to come only — DISP-28's estimate also counts
// trips for the casualties waiting, which the solve already values one by one). Surgical tables are modelled (each
// table's next free minute, the backlog folded in; a casualty for surgery waits for the first one at the stabilised
// rate); beds only as the beds free now per trip. Outside the solver's class the caller keeps today's plan.
import { survivalAt, survivalLimit } from '../survival.ts';
import { vehicleTable, worthLeft } from '../clairvoyant.ts';
import { legCtx, legOf } from '../clairvoyant-hit.ts';
import type { Label, SmallInstance, TableOptions, Trip } from '../clairvoyant.ts';
import type { Job, PlanFacility, PlanView } from '../types.ts';
import type { Ctx } from './context-types.ts';
import { futureWorth } from './future-worth.ts';

const sameLeg = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((id, i) => id === b[i]);

/** Expected survivors (as the solve weighs them) a re-plan of a vehicle on its way must gain over carrying on. */
const KEEP_MARGIN = 1e-3;

/** Each surgical table's next free minute for a newcomer, the backlog (waiting or on its way) served first. */
function tablesOf(f: PlanFacility, now: number, surgeryMin: number): number[] {
  if (f.surgicalTables <= 0) return [];
  const free = Array.from({ length: f.surgicalTables }, (_, i) => Math.max(now, f.tableFreeAt[i] ?? now));
  for (let b = 0; b < f.surgicalBacklog; b++) {
    const i = free.indexOf(Math.min(...free));
    free[i] = free[i]! + surgeryMin;
  }
  return free;
}

/** The round's jobs from the exact solve, or null where the view is outside its class (the caller plans as before). */
export function exactLoneJobs(ctx: Ctx, divertable: ReadonlySet<string>): Job[] | null {
  // DISP-130: first with the casualties past saving as stops round a zone; where that solve is out of reach, without.
  if (ctx.p.exactLoneWaypoints) return exactLoneSolve(ctx, divertable, true) ?? exactLoneSolve(ctx, divertable, false);
  return exactLoneSolve(ctx, divertable, false);
}

function exactLoneSolve(ctx: Ctx, divertable: ReadonlySet<string>, waypoints: boolean): Job[] | null {
  const { view, p } = ctx;
  if (!p.exactLone || view.vehicles.length !== 1) return null;
  const v = view.vehicles[0]!;
  if (!v.idle || v.carrying || v.available || v.rangeLeftKm !== null || v.freeAt > view.now + 1e-9) return null;
  // DISP-131 (`exactLoneOpenThrough`): a window open from now past the horizon is no window to the solve.
  const through = (f: PlanFacility): boolean => p.exactLoneOpenThrough && f.open!.some(([a, b]) => a <= view.now && b >= view.horizonMin);
  if (view.facilities.some((f) => f.open && !through(f)) || view.casualties.some((c) => c.future || c.facilityId || c.rate !== 1)) return null;
  // A zone that closes before the horizon: the solve has no move "wait until it closes" (as DISP-33).
  if (view.threats.some((t) => t.toMin > view.now && t.toMin < view.horizonMin)) return null;
  // DISP-107 (a): under a zone active or still to come, today's plan (as DISP-19's search without DISP-33).
  if (p.exactLoneNoZones && view.threats.some((t) => t.toMin > view.now)) return null;
  const model = view.model;
  // Casualties past saving gain nothing from any trip (the solve would never fetch them): left out of its sets.
  const savable = view.casualties.filter((c) => survivalAt(c.rpm0, c.tau, model) - survivalLimit(c.rpm0, model) > 1e-6);
  if (savable.length > p.exactLoneMax) return null;
  if (savable.length === 0) return [];
  const threats = view.threats.filter((t) => t.toMin > view.now);
  // DISP-130: a casualty past saving gains nothing, but its place may be the way round a zone (threat1 10810: the
  // optimum reaches c1 through the places of c6 and c8, RPM 0 and 1; every straight way crosses z1 or z2).
  const ways = waypoints && threats.length > 0 ? view.casualties.filter((c) => !savable.includes(c)) : [];
  if (waypoints && (ways.length === 0 || savable.length + ways.length > p.exactLoneMax)) return null;
  const known = [...savable, ...ways];
  const inst = instanceOf(view, known, threats);
  const weighted = p.exactLoneMinorWeight !== 1;
  const weights = known.map((c) => (c.rpm0 <= 9 ? 1 : p.exactLoneMinorWeight));
  const worth = threats.length > 0 && p.exactLoneWorth > 0 ? p.exactLoneWorth * (futureWorth(ctx, [v], savable, p.floorAfterThreats || p.exactLoneFloorAfterThreats).worth.get(v.id) ?? 0) : 0;
  // DISP-129 (`exactLoneReportedShare`): the share from the latest reports, those to come being like them (DISP-37).
  const sample = p.exactLoneReportedShare && view.recent && view.recent.length > 0 ? view.recent : savable;
  const share = (of: (rpm0: number) => number): number => weightedShare(sample, of, model);
  const terminal = weighted ? worth * share((rpm0) => (rpm0 <= 9 ? 1 : p.exactLoneMinorWeight)) : worth;
  const tables = view.facilities.map((f) => tablesOf(f, view.now, model.surgeryMin));
  // DISP-115 (with `exactLoneWorthFalls`): that worth falls to nothing at the horizon by the minute the plan frees it.
  const opts = { start: view.now, terminal, pruneSettled: ways.length === 0, bedsPerTrip: true, tables, budget: p.exactLoneBudget, ...(weighted ? { weights } : {}), ...(p.exactLoneWorthFalls ? { worthSpan: { from: view.now, until: view.horizonMin } } : {}), ...(p.exactLoneMinorBound ? { minorMaxLoss: p.minorTripMaxLoss } : {}) };
  // DISP-114: the plan's critical survivors are tracked beside what it optimises, the vehicle's later worth scaled alike.
  const guard = p.exactLoneGuard >= 0;
  const critical = known.map((c) => (c.rpm0 <= 9 ? 1 : 0));
  const terminal2 = guard ? worth * share((rpm0) => (rpm0 <= 9 ? 1 : 0)) : 0;
  const tracked = guard ? { ...opts, weights2: critical } : opts;
  // As the view shows it (SIM-14): free now at its last stop, so that any first trip re-plans its leg from there.
  // DISP-117 (`exactLoneNoHold`, off): the vehicle is not held for casualties still to come while a critical one waits
  // (as DISP-9 holds only from minor ones): the hold's worth is an estimate of a demand that may not come.
  const go = p.exactLoneNoHold && known.some((c) => c.rpm0 <= 9);
  let best = solve(inst, tracked, terminal2, go);
  if (!best) return null;
  // A vehicle on its way that carries on reaches its first pickup sooner than a re-plan from its last stop would: that
  // plan is solved too, from the pickup when it gets there with that casualty fetched first, and kept unless a re-plan
  // gains more than `KEEP_MARGIN` (DISP-116: a re-plan is a radio call to a crew under way, not worth a rounding).
  const keep = v.enRoute && divertable.has(v.id) && v.ifKept?.reach ? v.enRoute.map((id) => known.findIndex((c) => c.id === id)) : [];
  const carryOn = keep.length > 0 && keep.every((i) => i >= 0);
  const there = carryOn ? { ...inst, vehicles: [{ ...inst.vehicles[0]!, pos: known[keep[0]!]!.pos }] } : inst;
  // It still has to get there: the rest of the leg under way (nobody aboard) risks it through the zones open now.
  const rest = carryOn ? legOf(legCtx(inst, inst.vehicles[0]!), v.posNow ?? v.pos, known[keep[0]!]!.pos, view.now, []).through : 1;
  const keeping = (o: TableOptions): TableOptions => ({ ...o, start: v.ifKept!.reach!.atMin, keep });
  if (carryOn) {
    const kept = solve(there, keeping(tracked), terminal2);
    if (!kept) return null;
    kept.value *= rest;
    kept.value2 *= rest;
    if (kept.trip && kept.value >= best.value - KEEP_MARGIN) best = kept;
  }
  if (guard) {
    // DISP-114: the exact plan only where it keeps (to `exactLoneGuard`) the critical survivors of the best plan for
    // them alone; where it trades them for minor ones, today's plan, whose rules weigh critical casualties first.
    const alone = { ...opts, weights: critical, terminal: terminal2 };
    const top = [solve(inst, alone, 0), carryOn ? solve(there, keeping(alone), 0) : null];
    if (!top[0] || (carryOn && !top[1])) return null;
    const most = Math.max(top[0].value, carryOn ? top[1]!.value * rest : -Infinity);
    if (best.value2 < most - p.exactLoneGuard) return null;
  }
  if (!best.trip) return [];
  const trip = best.trip;
  // DISP-116: the leg under way itself (its casualties in its order, to where it ends) is carrying on, not a new job:
  // sent again it would restart from the last stop (SIM-14), and on the console it read as a fresh assignment.
  if (v.enRoute && v.ifKept && sameLeg(trip.pickups, v.enRoute)) {
    const end = view.facilities.find((f) => f.id === trip.facility)!.pos;
    if (end.lat === v.ifKept.pos.lat && end.lon === v.ifKept.pos.lon) return [];
  }
  // A leg of minor casualties re-planned to another minor one: no more often than DISP-34 allows (else today's plan).
  const rpm = new Map(known.map((c) => [c.id, c.rpm0]));
  const leaves = v.enRoute && divertable.has(v.id) && !trip.pickups.includes(v.enRoute[0]!);
  if (leaves && (rpm.get(trip.pickups[0]!) ?? 12) >= 10 && (v.diverted ?? 0) >= p.sequenceMinorDiverts) return null;
  const why = `${v.id} fetches ${trip.pickups.join(', ')} to ${trip.facility}; first trip of the exact plan over the ${known.length} known (DISP-104)`;
  return [{ vehicleId: v.id, stops: [...trip.pickups.map((id) => ({ kind: 'pickup' as const, casualtyId: id })), { kind: 'dropoff', casualtyIds: trip.unload, facilityId: trip.facility }], reason: why }];
}

/**
 * DISP-107 (b): DISP-33's worth counts the casualties still to come at their fresh gain, every survivor alike; in a
 * weighted solve it is scaled to the same measure, those to come taken to be like those known: Σ w·g / Σ g over the
 * known casualties' fresh gains g (survival if injured now and treated at once, over the limit); DISP-129: over the
 * latest reports instead.
 */
function weightedShare(sample: readonly { rpm0: number }[], weight: (rpm0: number) => number, model: PlanView['model']): number {
  let all = 0;
  let counted = 0;
  for (const c of sample) {
    const g = survivalAt(c.rpm0, 0, model) - survivalLimit(c.rpm0, model);
    all += g;
    counted += weight(c.rpm0) * g;
  }
  return all > 0 ? counted / all : 1;
}

/**
 * The best plan's value (with the vehicle's worth after it), its value in the second measure (`weights2`, with
 * `terminal2` as the worth after it; DISP-114) and first trip (null: the vehicle is held).
 */
function solve(inst: SmallInstance, opts: TableOptions, terminal2: number, go = false): { value: number; value2: number; trip: Trip | null } | null {
  const { gain, label, exhausted } = vehicleTable(inst, inst.vehicles[0]!, opts);
  if (exhausted) return null;
  // Carrying on must fetch its casualty, and `go` must fetch someone: the empty plan is no option then.
  let S = opts.keep || go ? -1 : 0;
  for (let m = 1; m < gain.length; m++) if (S < 0 || gain[m]! > gain[S]! + 1e-12) S = m;
  if (S < 0 || !(gain[S]! > -Infinity)) return { value: -Infinity, value2: -Infinity, trip: null };
  const end = label[S]!;
  let first: Label | null = null;
  for (let l: Label | null = end; l && l.trip; l = l.prev) first = l;
  return { value: gain[S]!, value2: (end.gain2 ?? 0) + end.alive * terminal2 * worthLeft(opts, end.t), trip: first?.trip ?? null };
}

/** The view's lone vehicle, facilities, open zones and known casualties as the solver's instance (clocks as of now). */
function instanceOf(view: PlanView, known: PlanView['casualties'], threats: PlanView['threats']): SmallInstance {
  const v = view.vehicles[0]!;
  return {
    vehicles: [{ id: v.id, pos: v.pos, speedKmh: v.speedKmh, straightLine: v.straightLine, medic: v.medic, litter: v.litter, seated: v.seated, protection: v.protection }],
    facilities: view.facilities.map((f) => ({ id: f.id, pos: f.pos, surgical: f.surgicalTables > 0, tables: f.surgicalTables, beds: f.bedsFree })),
    // A casualty waiting where it lies has its clock running at 1: its clock at `now` is as if injured at now − tau.
    casualties: known.map((c) => ({ id: c.id, atMin: view.now - c.tau, pos: c.pos, rpm: c.rpm0, litter: c.litter })),
    threats,
    travel: view.travel,
    model: view.model,
  };
}
