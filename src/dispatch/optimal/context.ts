// One planning round's context: the view, its indexes, the surgical slots and beds still free, the onward vehicles
// from stabilising stops, and the value of a vehicle (DISP-5, DISP-6).
import { needsSurgery } from '../survival.ts';
import { fits, indexView } from '../common.ts';
import type { Index } from '../common.ts';
import type { PlanCasualty, PlanFacility, PlanVehicle, PlanView } from '../types.ts';
import { declaredArrivals } from './anticipation.ts';
import { ThreatGeometry } from './exposure.ts';
import type { OptimalParams } from './params.ts';
import { onwardEstimate } from './routes.ts';
import { fleetAfterDemand, fleetIfKept, loneAfterDemand } from './onward-load.ts';
import type { FreeAt } from './onward-load.ts';
import { salvage } from './value.ts';
import { substituteWorth } from './substitute-worth.ts';
import type { Ctx } from './context-types.ts';
import { demandShares } from './reachable-fleet.ts';

export type { Ctx, Onward, Plan } from './context-types.ts';

export function surgicalSlots(f: PlanFacility, view: PlanView): number[] {
  if (f.role === 'R1' || f.surgicalTables === 0) return [];
  const slots = [...f.tableFreeAt].map((t) => Math.max(t, view.now)).sort((a, b) => a - b);
  for (let k = 0; k < f.surgicalBacklog && slots.length > 0; k++) {
    slots.sort((a, b) => a - b);
    slots[0] = slots[0]! + view.model.surgeryMin;
  }
  return slots.sort((a, b) => a - b);
}

/**
 * What a round's context reads of every casualty, kept between rounds of the incremental plan (issue 16): the index of
 * the casualties by id and each critical casualty's salvage (for the mean: `refSalvage`). Both are made again only at
 * the places whose casualty is not the object there in the last round (the live view keeps one object per casualty
 * until it changes: live-memo.ts); a list with other ids at its places, or another model, makes them from scratch.
 * The index is the memory's own: the round reads it, never changes it.
 */
export class KeptCtx {
  #cs: readonly PlanCasualty[] = [];
  #casualty = new Map<string, PlanCasualty>();
  /** Per place: the casualty's salvage when it is waiting now (not future) and critical (`#crit`), else 0. */
  #salvage = new Float64Array(0);
  #crit = new Uint8Array(0);
  #model = '';
  #unique = false;
  /** Places whose entries were made in the last round (every casualty when made from scratch); tests read it. */
  made = 0;

  /** The index and the critical salvages of this round's casualties. */
  update(view: PlanView): { casualty: Map<string, PlanCasualty>; salvage: Float64Array; crit: Uint8Array } {
    const cs = view.casualties;
    const model = JSON.stringify(view.model);
    const last = this.#cs;
    const put = (i: number): void => {
      const c = cs[i]!;
      this.#crit[i] = !c.future && needsSurgery(c.rpm0) ? 1 : 0;
      // salvage reads only the model of the context.
      this.#salvage[i] = this.#crit[i] ? salvage({ model: view.model } as Ctx, c) : 0;
    };
    let changed: number[] | null = this.#unique && model === this.#model && cs.length === last.length ? [] : null;
    for (let i = 0; changed && i < cs.length; i++) {
      if (cs[i] === last[i]) continue;
      if (cs[i]!.id !== last[i]!.id) changed = null;
      else changed.push(i);
    }
    if (changed) {
      for (const i of changed) {
        this.#casualty.set(cs[i]!.id, cs[i]!);
        put(i);
      }
      this.made = changed.length;
    } else {
      // In order: a repeated id is its last casualty, as `indexView` has it.
      this.#casualty = new Map();
      this.#salvage = new Float64Array(cs.length);
      this.#crit = new Uint8Array(cs.length);
      for (let i = 0; i < cs.length; i++) {
        this.#casualty.set(cs[i]!.id, cs[i]!);
        put(i);
      }
      this.#unique = this.#casualty.size === cs.length;
      this.#model = model;
      this.made = cs.length;
    }
    this.#cs = cs;
    return { casualty: this.#casualty, salvage: this.#salvage, crit: this.#crit };
  }
}

/**
 * `idx`: the view's index, when the caller has one (see `assessContext`); by default every casualty and facility.
 * `kept`: the index (when no `idx` is given) and the critical salvages kept from the last round made with it (the
 * incremental plan); the context is the same.
 */
export function makeCtx(view: PlanView, p: OptimalParams, idx?: Index, kept?: KeptCtx): Ctx {
  const salvages = kept ? kept.update(view) : null;
  idx ??= salvages ? { casualty: salvages.casualty, facility: new Map(view.facilities.map((f) => [f.id, f])) } : indexView(view);
  const ctx: Ctx = {
    view,
    idx,
    model: view.model,
    geo: new ThreatGeometry(view.threats),
    p,
    slots: new Map(view.facilities.map((f) => [f.id, surgicalSlots(f, view)])),
    booked: new Map(),
    beds: new Map(view.facilities.map((f) => [f.id, f.bedsFree])),
    vehicleValue: 0,
    worth: new Map(),
    worthCap: new Map(),
    alone: new Map(),
    worthKey: '',
    slotPenalty: 0,
    refSalvage: 0,
    onward: new Map(),
    onwardLitter: new Map(),
    baseline: new Map(),
    baselineFrom: new Map(),
    spent: new Map(),
    facilitiesFor: new Map(),
    transfers: new Map(),
  };
  // DISP-72: the onward vehicle comes once the critical casualties already waiting are served (DISP-118: only with one
  // vehicle, which is then its own onward vehicle); DISP-73: a vehicle on its way once its job is done.
  // DISP-119: with one vehicle, only the casualties it would fetch before coming back to the stop (one schedule a stop).
  const narrow = p.onwardLoadNarrow !== 'off' && view.vehicles.length === 1 ? p.onwardLoadNarrow : null;
  const load = p.onwardLoad || (p.onwardLoadLone && view.vehicles.length === 1);
  let free: FreeAt[] | undefined;
  for (const f of view.facilities) {
    if (f.role !== 'R1' && f.surgicalTables !== 0) continue;
    if (narrow) free = loneAfterDemand(view, f, narrow, p.onwardIfKept);
    else if (load) free ??= fleetAfterDemand(view, p.onwardIfKept);
    else if (p.onwardIfKept) free ??= fleetIfKept(view);
    const on = onwardEstimate(view, f, ctx.geo, false, false, free);
    ctx.onward.set(f.id, on);
    // DISP-50: the nearest vehicle without a litter place cannot take a stretcher case on.
    ctx.onwardLitter.set(f.id, p.onwardCarries && on && on.vehicle.litter === 0 ? onwardEstimate(view, f, ctx.geo, false, true, free) : on);
  }
  const current = view.casualties.filter((c) => !c.future);
  const future = view.casualties.filter((c) => c.future);
  const decl = declaredArrivals(view, p);
  const expectedMore = future.length > 0 ? future.length : Math.max(view.expectedRatePerMin * Math.max(0, view.horizonMin - view.now), decl ? decl.ratePerMin * (decl.untilMin - view.now) : 0);
  if (p.slotCost > 0) {
    // Surgical tables are scarce when the critical casualties waiting (and expected within two operations) outnumber them.
    const tables = view.facilities.reduce((a, f) => a + (f.role !== 'R1' && f.open?.length !== 0 ? f.surgicalTables : 0), 0);
    const recent = view.recent ?? [];
    const share = recent.length > 0 ? recent.filter((r) => needsSurgery(r.rpm0)).length / recent.length : 0.5;
    // The critical casualties waiting, found once for the demand and the mean salvage (issue 16: a pass each).
    const crit = current.filter((c) => needsSurgery(c.rpm0));
    const salvageSum = salvages ? keptSum(salvages) : crit.reduce((a, c) => a + salvage(ctx, c), 0);
    const demand = crit.length + (future.length > 0 ? future.filter((c) => needsSurgery(c.rpm0) && c.atMin <= view.now + 2 * view.model.surgeryMin).length : Math.max(view.expectedRatePerMin * share, decl?.criticalPerMin ?? 0) * 2 * view.model.surgeryMin);
    ctx.slotPenalty = p.slotCost * Math.min(1, demand / Math.max(1, 2 * tables));
    ctx.refSalvage = crit.length > 0 ? salvageSum / crit.length : 0;
  }
  ctx.vehicleValue = Math.min(p.maxVehicleValue, (p.serviceValue * (current.length + expectedMore)) / demandShares(view) + p.serviceValue);
  if (p.lastVehicleWorth) lastVehicleWorth(ctx, current, expectedMore);
  else if (p.speedWorth) speedWorth(ctx, current.length + expectedMore);
  else if (p.fastWorth > 0) speedWorth(ctx, current.length + expectedMore, p.fastWorth);
  else if (p.substituteWorth !== 'off') substituteWorth(ctx, current, expectedMore, p.substituteWorth === 'fast');
  return ctx;
}

/** The kept critical salvages summed in list order, as `reduce` over the critical ones adds them. */
function keptSum(k: { salvage: Float64Array; crit: Uint8Array }): number {
  let a = 0;
  for (let i = 0; i < k.salvage.length; i++) if (k.crit[i]) a += k.salvage[i]!;
  return a;
}

/**
 * DISP-21: what losing a vehicle costs the casualties no other vehicle could serve. A casualty only one vehicle still
 * in service can carry (litter or seated) is that vehicle's alone: the vehicle is worth the salvage of those waiting,
 * and of those expected (at the same mean salvage, litter in the share of those waiting) when it is the last that
 * can carry them. Vehicles with others beside them keep the flat price.
 */
function lastVehicleWorth(ctx: Ctx, current: readonly PlanCasualty[], expectedMore: number): void {
  const { view } = ctx;
  const fleet = view.vehicles.filter((v) => !v.available || v.available.some(([, b]) => b > view.now));
  const nLitter = fleet.filter((v) => fits(v, 1, 1)).length;
  const nSeated = fleet.filter((v) => fits(v, 0, 1)).length;
  const chance = (n: number): number => (n === 1 ? 1 : 0);
  let salvageSum = 0;
  let litter = 0;
  for (const c of current) {
    const share = chance(c.litter ? nLitter : nSeated);
    const sv = salvage(ctx, c);
    salvageSum += sv;
    if (c.litter) litter++;
    ctx.alone.set(c.id, { share, own: sv * share });
  }
  const meanSalvage = current.length > 0 ? salvageSum / current.length : 0;
  const litterShare = current.length > 0 ? litter / current.length : 0.5;
  for (const v of fleet) {
    let w = 0;
    for (const c of current) if (fits(v, c.litter ? 1 : 0, 1)) w += ctx.alone.get(c.id)!.own;
    const toCome = (fits(v, 1, 1) ? litterShare * chance(nLitter) : 0) + (fits(v, 0, 1) ? (1 - litterShare) * chance(nSeated) : 0);
    ctx.worth.set(v.id, w + expectedMore * meanSalvage * toCome);
  }
  ctx.worthKey = JSON.stringify([[...ctx.worth], [...ctx.alone].map(([id, a]) => [id, a.share])]);
}

/**
 * DISP-27 (measured): the demand to come is shared among the vehicles in proportion to how fast each covers the ground
 * (speed over road tortuosity; a flyer goes straight), so that a helicopter is worth more than an ambulance. Uses the
 * per-vehicle worth of DISP-21 (`ctx.worth`, the flat price as its floor). A fleet of one speed keeps the flat price.
 * DISP-98 (`fastAt` > 0): only the vehicles at least `fastAt` times the fleet's lower median pace get their share (a
 * helicopter among road vehicles, which alone reaches the far casualties to come in time); the rest keep the flat price.
 */
function speedWorth(ctx: Ctx, demand: number, fastAt = 0): void {
  const { view, p } = ctx;
  const pace = (v: PlanVehicle): number => v.speedKmh / (v.straightLine ? 1 : view.travel.tortuosity);
  const total = view.vehicles.reduce((a, v) => a + pace(v), 0);
  if (!(total > 0) || view.vehicles.every((v) => pace(v) === pace(view.vehicles[0]!))) return;
  const paces = view.vehicles.map(pace).sort((a, b) => a - b);
  const fast = fastAt * paces[Math.floor((paces.length - 1) / 2)]!;
  if (fastAt > 0 && p.fastWorthAlone && view.vehicles.filter((v) => pace(v) >= fast).length > 1) return;
  for (const v of view.vehicles) if (pace(v) >= fast) ctx.worth.set(v.id, Math.min(p.maxVehicleValue, (p.serviceValue * demand * inWindow(view, v, fastAt > 0) * pace(v)) / total + p.serviceValue));
  if (ctx.worth.size > 0) ctx.worthKey = JSON.stringify([...ctx.worth]);
}

/**
 * DISP-98: the share of the time left to the horizon that the vehicle is in service (its availability windows), so a
 * helicopter leaving service soon is not priced for demand it will never meet (1 without windows, or for DISP-27).
 */
function inWindow(view: PlanView, v: PlanVehicle, windows: boolean): number {
  const left = view.horizonMin - view.now;
  if (!windows || !v.available || !(left > 0)) return 1;
  return v.available.reduce((a, [from, to]) => a + Math.max(0, Math.min(to, view.horizonMin) - Math.max(from, view.now)), 0) / left;
}
