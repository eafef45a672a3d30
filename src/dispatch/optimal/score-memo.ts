// The incremental plan's memory of the value matrix (issue 16): the expensive part of each (vehicle, casualty,
// facility) value — travel, threat exposure, survival with and without delay (`scoreParts`) — kept between rounds
// and reused while what it was computed from is unchanged: the same casualty object (the live view keeps one per
// casualty until its state moves: live-memo.ts), the same vehicle record, the same state of the facility (its
// first surgical slot, its free beds, its onward leg), and the same clock, model, parameters and threats. The terms
// that change with the whole round (the vehicle's worth, baselines, the slot charge) are applied afresh every round
// (`partsValue`), so a memoised value is the very number `bestScore` computes. Transfer points (UGVs and drones
// handing over at a threat zone's edge) are made while scoring and change the round's context: with them the
// memory is not used at all.
import { fits } from '../common.ts';
import type { PlanCasualty, PlanFacility, PlanVehicle, PlanView } from '../types.ts';
import type { Ctx } from './context-types.ts';
import { isHandOffVehicle, rankFacilities } from './routes.ts';
import { firstLeg, partsValue, scoreParts, slotCharge } from './value.ts';
import type { FirstLeg, Score, ScoreParts } from './value.ts';

interface Column {
  /** The facilities' ranking (version) this casualty's candidate list was made under, and the list (ids). */
  rank: number;
  candidates: string[];
  /** The vehicles picked to value it (indexes into the round's vehicles), under the fleet's version. */
  fleet: number;
  pick: Set<number> | null;
  /** Per vehicle (by its slot): its version, and per candidate facility the facility's version and the parts. */
  rows: (Row | undefined)[];
  /** This round's view of the candidates (made once per round): objects, versions, beds, slot charges. */
  round: number;
  facilities: PlanFacility[];
  versions: number[];
  open: boolean[];
  charges: number[];
  /** Moves whenever anything a row's best value reads changed this round (facility versions, beds, charges, worth). */
  stamp: number;
  worth: number;
  /** The round's per-vehicle worths and shares (DISP-21), as `Ctx.worthKey`. */
  worthKey: string;
}

interface Row {
  version: number;
  versions: number[];
  parts: (ScoreParts | null)[];
  /** The best value under the column's stamp: facility index (−1: none) and the score's numbers. */
  stamp: number;
  best: { k: number; value: number; expected: number; delayed: number; risk: number };
}

/** Past this many distinct states remembered, the memory starts again (a long run of moving vehicles). */
const MAX_VERSIONS = 50_000;

export class ScoreMemo {
  #world = '';
  #columns = new WeakMap<PlanCasualty, Column>();
  /** Each distinct state (a JSON key) of a vehicle, a facility, the ranking or the fleet gets a number once. */
  #versions = new Map<string, number>();
  #vehicleVersions = new Map<PlanVehicle, number>();
  #facilityVersions = new Map<string, number>();
  #rank = 0;
  #fleet: { of: readonly PlanVehicle[] | null; version: number } = { of: null, version: 0 };
  /** A slot per vehicle id, kept across rounds (a column's rows are indexed by it). */
  #slots = new Map<string, number>();
  #round = 0;
  /** This round's vehicles: version and slot (one lookup per pair). */
  #vehicles = new Map<PlanVehicle, { version: number; slot: number }>();
  #lastC: PlanCasualty | null = null;
  #lastCol: Column | null = null;
  /** Parts computed and reused in the last round (tests and benches read them). */
  computed = 0;
  reused = 0;

  /**
   * Start a round: forget everything when the clock, model, parameters or threats changed; answer false when the
   * memory cannot be used for this round (transfer points possible).
   */
  begin(ctx: Ctx): boolean {
    const { view } = ctx;
    if (view.threats.length > 0 && view.vehicles.some(isHandOffVehicle)) return false;
    const world = JSON.stringify([view.now, view.travel, view.model, ctx.p, view.threats]);
    if (world !== this.#world || this.#versions.size > MAX_VERSIONS) {
      this.#world = world;
      this.#columns = new WeakMap();
      this.#versions = new Map();
    }
    this.computed = 0;
    this.reused = 0;
    this.#round++;
    this.#vehicleVersions = new Map(view.vehicles.map((v) => [v, this.#version(JSON.stringify(['v', v]))]));
    this.#vehicles = new Map();
    this.#lastC = null;
    this.#lastCol = null;
    this.#facilityVersions = new Map(view.facilities.map((f) => [f.id, this.#version(facilityKey(ctx, f))]));
    this.#rank = this.#version(rankKey(ctx, view));
    this.#fleet = { of: null, version: 0 };
    return true;
  }

  #version(key: string): number {
    let n = this.#versions.get(key);
    if (n === undefined) this.#versions.set(key, (n = this.#versions.size + 1));
    return n;
  }

  /** The vehicles to value a casualty with (`compute` picks them), kept while the fleet and the casualty are the same. */
  pick(ctx: Ctx, c: PlanCasualty, vehicles: readonly PlanVehicle[], compute: () => Set<number>): Set<number> {
    if (this.#fleet.of !== vehicles) this.#fleet = { of: vehicles, version: this.#version(JSON.stringify(['fleet', vehicles.map((v) => this.#vehicleVersions.get(v) ?? JSON.stringify(v))])) };
    const col = this.#column(ctx, c);
    if (col.pick === null || col.fleet !== this.#fleet.version) {
      col.pick = compute();
      col.fleet = this.#fleet.version;
    }
    return col.pick;
  }

  /** `bestScore(ctx, v, c)`, from the parts kept where they are still valid. */
  bestScore(ctx: Ctx, v: PlanVehicle, c: PlanCasualty): Score | null {
    if (!fits(v, c.litter ? 1 : 0, 1)) return null;
    // The policy values one casualty with its vehicles in a row: its column is looked up once.
    const col = this.#lastC === c ? this.#lastCol! : this.#column(ctx, c);
    this.#lastC = c;
    this.#lastCol = col;
    const { version, slot } = this.#vehicle(v);
    let row = col.rows[slot];
    if (!row || row.version !== version) col.rows[slot] = row = { version, versions: [], parts: [], stamp: -1, best: { k: -1, value: 0, expected: 0, delayed: 0, risk: 0 } };
    if (row.stamp !== col.stamp) this.#best(ctx, v, c, col, row);
    else this.reused += col.facilities.length;
    const b = row.best;
    return b.k < 0 ? null : { facility: col.facilities[b.k]!, value: b.value, expected: b.expected, delayed: b.delayed, risk: b.risk };
  }

  #vehicle(v: PlanVehicle): { version: number; slot: number } {
    let hit = this.#vehicles.get(v);
    if (!hit) {
      let slot = this.#slots.get(v.id);
      if (slot === undefined) this.#slots.set(v.id, (slot = this.#slots.size));
      this.#vehicles.set(v, (hit = { version: this.#vehicleVersions.get(v) ?? this.#version(JSON.stringify(['v', v])), slot }));
    }
    return hit;
  }

  /** The row's best facility as bestScore finds it: parts kept where their facility is unchanged, values afresh. */
  #best(ctx: Ctx, v: PlanVehicle, c: PlanCasualty, col: Column, row: Row): void {
    let leg: FirstLeg | null = null;
    let bestK = -1;
    let bestValue = -Infinity;
    for (let k = 0; k < col.facilities.length; k++) {
      if (!col.open[k]) continue;
      if (row.versions[k] === col.versions[k]) this.reused++;
      else {
        this.computed++;
        row.versions[k] = col.versions[k]!;
        row.parts[k] = scoreParts(ctx, v, c, col.facilities[k]!, (leg ??= firstLeg(ctx, v, c)));
      }
      const parts = row.parts[k];
      const sc = parts ? partsValue(ctx, v, c, col.facilities[k]!, parts, undefined, col.charges[k]) : -Infinity;
      if (sc > bestValue) {
        bestValue = sc;
        bestK = k;
      }
    }
    row.stamp = col.stamp;
    row.best.k = bestK;
    if (bestK >= 0) row.best.value = partsValue(ctx, v, c, col.facilities[bestK]!, row.parts[bestK]!, row.best, col.charges[bestK]);
  }

  /** The casualty's column, with its candidate facilities put where `candidateFacilities` finds them. */
  #column(ctx: Ctx, c: PlanCasualty): Column {
    let col = this.#columns.get(c);
    if (!col || col.rank !== this.#rank) {
      const ranked = ctx.facilitiesFor.get(c.id) ?? rankFacilities(ctx, c);
      col = { rank: this.#rank, candidates: ranked.map((f) => f.id), fleet: col?.fleet ?? 0, pick: col?.pick ?? null, rows: [], round: 0, facilities: [], versions: [], open: [], charges: [], stamp: 0, worth: NaN, worthKey: '' };
      this.#columns.set(c, col);
    }
    if (col.round !== this.#round) {
      // Once per round: the candidates as this round has them (beds and slot charges do not depend on the vehicle).
      col.round = this.#round;
      // Written in place: a column lives long, and new arrays every round would be old-generation garbage.
      let moved = col.worth !== ctx.vehicleValue || col.worthKey !== ctx.worthKey;
      col.worth = ctx.vehicleValue;
      col.worthKey = ctx.worthKey;
      col.candidates.forEach((id, k) => {
        const f = ctx.idx.facility.get(id)!;
        const version = this.#facilityVersions.get(id)!;
        const open = (ctx.beds.get(id) ?? 0) >= 1;
        const charge = slotCharge(ctx, c, f);
        if (col.versions[k] !== version || col.open[k] !== open || !Object.is(col.charges[k], charge)) moved = true;
        col.facilities[k] = f;
        col.versions[k] = version;
        col.open[k] = open;
        col.charges[k] = charge;
      });
      if (moved) col.stamp++;
      if (!ctx.facilitiesFor.has(c.id)) ctx.facilitiesFor.set(c.id, col.facilities);
    }
    return col;
  }
}

/** Everything of a facility that a casualty's candidate list depends on (rankFacilities). */
function rankKey(ctx: Ctx, view: PlanView): string {
  return JSON.stringify(view.facilities.map((f) => [f.id, f.role, f.pos, f.surgicalTables, f.bedsFree >= 1, f.open, !!ctx.onward.get(f.id)]));
}

/** Everything of a facility that a value at it reads (careSurvival, onwardSurvival, the windows). */
function facilityKey(ctx: Ctx, f: PlanFacility): string {
  const on = ctx.onward.get(f.id) ?? null;
  const first = (id: string): number | null => ctx.slots.get(id)?.[0] ?? null;
  return JSON.stringify([
    f,
    first(f.id),
    ctx.transfers.has(f.id),
    on && [on.etaMin, on.vehicle.medic, on.routes.map((r) => [r.facility.id, r.facility.role, r.facility.surgicalTables, r.durMin, r.q, (ctx.beds.get(r.facility.id) ?? 0) >= 1, first(r.facility.id)])],
  ]);
}
