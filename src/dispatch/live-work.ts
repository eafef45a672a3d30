// What the vehicles are doing, from the log (SIM-14), for the live view (live-state.ts): each vehicle's work and the
// casualties a later dispatch left behind. Both are per vehicle — a vehicle's part reads only the casualties that name
// it — so the incremental plan (issue 16: live-memo.ts) keeps them between views on one time base and, after writes
// that replace casualties in place, makes again only the parts of the vehicles those casualties name, before or after.
import { leftBehind, SAME_DISPATCH_MS } from '../core/dispatch-legs.ts';
import type { AssignedLeg, CasualtyState, Position } from '../core/index.ts';

/** A casualty's part of the vehicles' work and of the facilities' queues (issue 16: made with the rest of its view). */
export interface CasualtyLegs {
  /** Stops vehicles made for it, in chain order: each pickup, and the arrival of the vehicle that carried it. */
  stops: { vehicleId: string; pos: Position | undefined; at: number }[];
  /** Its current vehicle assignment, as `leftBehind` reads it, and when it was made (minutes from now; 0 unknown). */
  leg: AssignedLeg;
  assignedMin: number;
  /** In surgery: minutes from now when the surgery started (its last chain step). */
  surgeryStart: number;
}

/** What this module reads of a casualty's part of the view (`DerivedCasualty` in live-state.ts has it). */
export type Legs = { legs: CasualtyLegs };

const SAME_DISPATCH_MIN = SAME_DISPATCH_MS / 60_000;

/** One dispatch of a vehicle: when, and the casualties it was sent to that it has not picked up. */
export interface Dispatch {
  /** Its first and last assignment. */
  at: number;
  latest: number;
  casualties: CasualtyState[];
}

/** What the log says a vehicle is doing, as the simulator keeps it (SIM-14). */
export interface VehicleWork {
  /** Casualties aboard. */
  carried: CasualtyState[];
  /** Its dispatches not yet started (nothing picked up), oldest first: the last is its job. */
  dispatches: Dispatch[];
  /** Index of the first dispatch since its last stop: later ones re-planned the leg (SIM-14). */
  sinceStop: number;
  /** Where and when its last stop (a pickup or a dropoff at a facility) was, when the log has one. */
  lastStop: { pos: Position; at: number } | null;
}

/** Each vehicle's work from the chains and assignments of the open casualties. */
export function vehicleWork(casualties: readonly CasualtyState[], derived: readonly Legs[]): Map<string, VehicleWork> {
  const work = new Map<string, VehicleWork>();
  const of = (id: string): VehicleWork => work.get(id) ?? work.set(id, { carried: [], dispatches: [], sinceStop: 0, lastStop: null }).get(id)!;
  const stop = (id: string, pos: Position | undefined, at: number): void => {
    const w = of(id);
    if (pos && (!w.lastStop || at >= w.lastStop.at)) w.lastStop = { pos, at };
  };
  const assigned: { vehicleId: string; c: CasualtyState; at: number }[] = [];
  const added: typeof assigned = [];
  for (let i = 0; i < casualties.length; i++) {
    const c = casualties[i]!;
    const legs = derived[i]!.legs;
    for (const s of legs.stops) stop(s.vehicleId, s.pos, s.at);
    if (c.outcome || !c.vehicleId) continue;
    if (c.stage === 'in-transit') of(c.vehicleId).carried.push(c);
    else if (c.stage === 'assigned') (legs.leg.addsToLeg ? added : assigned).push({ vehicleId: c.vehicleId, c, at: legs.assignedMin });
  }
  // Grouped from the latest back, so that the last dispatch is what `leftBehind` keeps (src/core/dispatch-legs.ts).
  assigned.sort((a, b) => b.at - a.at || (a.c.id < b.c.id ? -1 : 1));
  for (const a of assigned) {
    const w = of(a.vehicleId);
    const first = w.dispatches[0];
    if (first && first.latest - a.at <= SAME_DISPATCH_MIN) {
      first.casualties.unshift(a.c);
      first.at = a.at;
    } else w.dispatches.unshift({ at: a.at, latest: a.at, casualties: [a.c] });
  }
  // SIM-15: a casualty added to the leg under way is fetched after that leg's pickups; the leg is not re-planned.
  added.sort((a, b) => a.at - b.at || (a.c.id < b.c.id ? -1 : 1));
  for (const a of added) {
    const w = of(a.vehicleId);
    const leg = w.dispatches.findLast((d) => d.at <= a.at + SAME_DISPATCH_MIN);
    if (leg) leg.casualties.push(a.c);
    else w.dispatches.unshift({ at: a.at, latest: a.at, casualties: [a.c] });
  }
  for (const w of work.values()) {
    const since = w.lastStop?.at;
    if (since !== undefined) w.sinceStop = Math.min(w.dispatches.length - 1, w.dispatches.filter((d) => d.at < since).length);
  }
  return work;
}

/** The casualties' parts, the vehicles' work and the casualties left behind, as the view reads them. */
export interface Work<D extends Legs> {
  derived: readonly D[];
  work: Map<string, VehicleWork>;
  released: ReadonlySet<string>;
  /** The places whose casualty was replaced since the last view made with the same memory (null: all of them). */
  replaced: readonly number[] | null;
}

/** The legs `leftBehind` reads: casualties on a vehicle's job (assigned or carried). */
function onJobs(derived: readonly Legs[]): AssignedLeg[] {
  const legs: AssignedLeg[] = [];
  for (const d of derived) if (d.legs.leg.stage === 'assigned' || d.legs.leg.stage === 'in-transit') legs.push(d.legs.leg);
  return legs;
}

/** Every vehicle's work and the casualties left behind, from scratch. */
export function allWork<D extends Legs>(casualties: readonly CasualtyState[], derived: readonly D[], ms: (iso: string) => number): Work<D> {
  return { derived, work: vehicleWork(casualties, derived), released: leftBehind(onJobs(derived), ms), replaced: null };
}

/** The vehicles whose part a casualty is read for: those its chain stops name, and the one it is assigned to or on. */
function vehiclesOf(d: Legs, into: Set<string>): Set<string> {
  for (const s of d.legs.stops) into.add(s.vehicleId);
  const leg = d.legs.leg;
  if (leg.vehicleId && (leg.stage === 'assigned' || leg.stage === 'in-transit')) into.add(leg.vehicleId);
  return into;
}

/**
 * The work of the last view, kept (issue 16). `update` answers what `allWork` answers for the same casualties: from
 * scratch when the list is not the last one with some casualties replaced in place (same ids at the same places:
 * what the store hands back after writes that neither open nor close a casualty); else only the vehicles the
 * replaced casualties name, before or after, are made again, each from its own casualties in list order.
 */
export class KeptWork<D extends Legs> {
  #casualties: readonly CasualtyState[] = [];
  #derived: readonly D[] = [];
  #work = new Map<string, VehicleWork>();
  /** Per vehicle: the places in the list of the casualties that name it (ascending), and those it left behind. */
  #members = new Map<string, number[]>();
  #releasedBy = new Map<string, Set<string>>();
  #released = new Set<string>();
  /** Vehicles made again in the last update (null: everything was); tests read it. */
  remade: string[] | null = null;
  /** The ids whose membership in `released` may have moved in the last update (null: any; live-counts.ts reads it). */
  releasedMoved: string[] | null = null;

  update(casualties: readonly CasualtyState[], derive: (c: CasualtyState) => D, ms: (iso: string) => number): Work<D> {
    const replaced = this.#replaced(casualties);
    if (replaced === null) this.#fromScratch(casualties, casualties.map(derive), ms);
    else {
      // The same objects keep their parts (no lookup per casualty); the replaced ones are derived.
      const derived = this.#derived.slice();
      for (const i of replaced) derived[i] = derive(casualties[i]!);
      const touched = new Set<string>();
      for (const i of replaced) {
        const before = vehiclesOf(this.#derived[i]!, new Set());
        const after = vehiclesOf(derived[i]!, new Set());
        for (const v of before) if (!after.has(v)) this.#leave(v, i);
        for (const v of after) if (!before.has(v)) this.#join(v, i);
        for (const v of before) touched.add(v);
        for (const v of after) touched.add(v);
      }
      this.#casualties = casualties;
      this.#derived = derived;
      this.#remake([...touched], ms);
      this.remade = [...touched];
    }
    return { derived: this.#derived, work: this.#work, released: this.#released, replaced };
  }

  /** The places whose casualty was replaced, when the list is the last one so changed; else null. */
  #replaced(casualties: readonly CasualtyState[]): number[] | null {
    const last = this.#casualties;
    if (last.length === 0 || last.length !== casualties.length) return null;
    const out: number[] = [];
    for (let i = 0; i < casualties.length; i++) {
      if (casualties[i] === last[i]) continue;
      if (casualties[i]!.id !== last[i]!.id) return null;
      out.push(i);
    }
    return out;
  }

  #fromScratch(casualties: readonly CasualtyState[], derived: readonly D[], ms: (iso: string) => number): void {
    const { work, released } = allWork(casualties, derived, ms);
    this.#casualties = casualties;
    this.#derived = derived;
    this.#work = work;
    this.#released = new Set(released);
    this.#members = new Map();
    this.#releasedBy = new Map();
    this.releasedMoved = null;
    const of = new Set<string>();
    for (let i = 0; i < derived.length; i++) {
      of.clear();
      for (const v of vehiclesOf(derived[i]!, of)) {
        const m = this.#members.get(v);
        if (m) m.push(i);
        else this.#members.set(v, [i]);
      }
    }
    for (const d of derived) {
      const { id, vehicleId } = d.legs.leg;
      if (vehicleId && released.has(id)) (this.#releasedBy.get(vehicleId) ?? this.#releasedBy.set(vehicleId, new Set()).get(vehicleId)!).add(id);
    }
    this.remade = null;
  }

  #join(v: string, i: number): void {
    const m = this.#members.get(v) ?? this.#members.set(v, []).get(v)!;
    let at = m.length;
    while (at > 0 && m[at - 1]! > i) at--;
    m.splice(at, 0, i);
  }

  #leave(v: string, i: number): void {
    const m = this.#members.get(v);
    const at = m ? m.indexOf(i) : -1;
    if (at >= 0) m!.splice(at, 1);
  }

  /**
   * These vehicles' work and the casualties they left behind, each from its own casualties in list order. A casualty
   * moved from one vehicle to another is dropped by the first before the second may leave it behind.
   */
  #remake(vehicles: readonly string[], ms: (iso: string) => number): void {
    // Those left behind before and after: only the ids in one of them moved (a vehicle's others stay left behind).
    const before = new Set<string>();
    for (const v of vehicles) {
      for (const id of this.#releasedBy.get(v) ?? []) {
        this.#released.delete(id);
        before.add(id);
      }
    }
    const moved: string[] = [];
    for (const v of vehicles) {
      const m = this.#members.get(v) ?? [];
      const cs = m.map((i) => this.#casualties[i]!);
      const ds = m.map((i) => this.#derived[i]!);
      const w = vehicleWork(cs, ds).get(v);
      if (w) this.#work.set(v, w);
      else this.#work.delete(v);
      const left = leftBehind(onJobs(ds).filter((l) => l.vehicleId === v), ms);
      for (const id of left) {
        this.#released.add(id);
        if (!before.delete(id)) moved.push(id);
      }
      this.#releasedBy.set(v, left);
    }
    this.releasedMoved = [...moved, ...before];
  }
}
