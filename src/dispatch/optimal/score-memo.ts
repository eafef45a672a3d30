// The incremental plan's memory of the value matrix (issue 16): the expensive part of each (vehicle, casualty,
// facility) value — travel, threat exposure, survival with and without delay (`scoreParts`) — kept between rounds
// and reused while what it was computed from is unchanged: the same casualty object (the live view keeps one per
// casualty until its state moves: live-memo.ts) with the same candidate facilities, the same vehicle (not its leg or
// re-plan count), the same state of the facility (its first surgical slot, its free beds, its onward leg), and the
// same clock, model, parameters and threats. The terms
// that change with the whole round are applied afresh (`partsValue`), so a memoised value is the very number
// `bestScore` computes: the vehicle's worth makes a pair's values again; the slot charge alone (it moves with the
// mean salvage of the critical casualties, i.e. with any critical casualty's vitals) only re-chooses the best
// facility from the kept values, since a value is its charge-free value minus the charge. Kept in flat typed arrays,
// one set per casualty: an object per vehicle, casualty and facility was most of the server's memory at 10,000
// casualties. Transfer points (UGVs and drones handing over at a threat zone's edge) are made while scoring and
// change the round's context: with them the memory is not used at all.
import { fits } from '../common.ts';
import { needsSurgery } from '../survival.ts';
import type { PlanCasualty, PlanFacility, PlanVehicle, PlanView } from '../types.ts';
import type { Ctx, Onward } from './context-types.ts';
import { KeptCtx } from './context.ts';
import { MatrixPool } from './matrix.ts';
import type { Matrix } from './matrix.ts';
import { isHandOffVehicle, rankFacilities } from './routes.ts';
import { chargedAt, firstLeg, laterBed, partsValue, salvage, scoreParts, tableCharge } from './value.ts';
import type { FirstLeg, Score, ScoreParts } from './value.ts';

/** Per vehicle slot, first: the vehicle's version (0: none), the value stamp its values were made under, its best
 * candidate (−1: none) and the charge stamp that best was chosen under. */
const VEHICLE = 0;
const VALUED = 1;
const BEST = 2;
const CHOSEN = 3;
const HEAD = 4;
/** Then per candidate what every round reads (issue 16: next to each other, so that a round that only re-chooses
 * reads a few cache lines per pair): the value without the slot charge, and the expected, delayed and risk it was
 * made with (`partsValue`). */
const VALUE = 0;
const EXPECTED = 1;
const DELAYED = 2;
const RISK = 3;
const HOT = 4;
/** Then per candidate the facility version its parts were computed under (0: none; negated: infeasible there); then
 * per candidate the parts (`scoreParts`), read only when its values are made again. */
const E = 0;
const SCARE = 1;
const RHO = 2;
const LOSS = 3;
const FALLBACK = 4;
/** DISP-77's `spent` (1 or 0). */
const SPENT = 5;
const PARTS = 6;

/**
 * One casualty's memory: a range of a shared flat array (issue 16: an object per vehicle, casualty and facility made
 * the planner's memory the largest part of the server's at 10,000 casualties, and arrays of its own per column made
 * a fresh plan mostly allocation and garbage collection). Small integers are exact in a double; a zeroed record is a
 * slot no vehicle was valued in (version 0). Slot s's record starts at `at` + s × `record`; with n candidates, candidate
 * k's values at that + HEAD + k × HOT, its parts' version at that + HEAD + n × HOT + k, its parts at that + HEAD +
 * n × (HOT + 1) + k × PARTS.
 */
interface Column {
  /** The facilities' ranking (version) this casualty's candidate list was made under, and the list (ids). */
  rank: number;
  candidates: string[];
  /** The candidates' numbers in the memory's facility table (`ScoreMemo.#places`). */
  places: number[];
  /** The vehicles picked to value it (indexes into the round's vehicles), under the fleet's version. */
  fleet: number;
  pick: Set<number> | null;
  /** The same, as a list (iterated for every pair of every round). */
  picked: number[];
  /** Vehicle slots the range has room for, the length of a slot's record, and where the records are. */
  slots: number;
  record: number;
  data: Float64Array;
  at: number;
  /** This round's view of the candidates (made once per round): versions, beds, slot charges; the facility table's
   * stamp they were read under (the same stamp: the same versions, beds and places charged, not read again). */
  round: number;
  table: number;
  versions: number[];
  open: boolean[];
  /** Where the slot charge applies (`chargedAt`), the one charge there (`tableCharge`), the charge per candidate. */
  charged: boolean[];
  charge: number;
  charges: number[];
  /** The casualty's salvage (NaN until needed): it reads only the casualty and the model, and a column lives no longer
   * than either (a changed casualty is a new object; a new model starts the memory again). */
  salvage: number;
  /** Moves when anything a value reads besides the slot charge changed (facility versions, beds, worth). */
  valueStamp: number;
  /** Moves when the value stamp or a slot charge moved: the best candidate is chosen again, without valuing. */
  chargeStamp: number;
  worth: number;
  /** The round's per-vehicle worths and shares (DISP-21), as `Ctx.worthKey`. */
  worthKey: string;
  /** What `fill` handed out last, per picked vehicle (OUT numbers each), and the fleet version and charge stamp it was
   * made under (−1: never). */
  out: { fleet: number; charge: number; cells: Float64Array };
}

/** Per picked vehicle in `Column.out`: the facility's number (−1: no score), the score's numbers. */
const PLACE = 0;
const OUT_VALUE = 1;
const OUT_EXPECTED = 2;
const OUT_DELAYED = 3;
const OUT_RISK = 4;
const OUT = 5;

/** Past this many distinct states remembered, the memory starts again (a long run of moving vehicles). */
const MAX_VERSIONS = 50_000;

/**
 * What the matrix `fillAll` keeps between rounds was made under: everything a column's numbers read besides its own
 * casualty and the mean salvage (its slot charge's reference), so that while these stand a column whose casualty is
 * the same object at the same place holds the numbers `fill` would write again.
 */
interface KeptMatrix {
  fleet: number;
  table: number;
  rank: number;
  worth: number;
  worthKey: string;
  /** The slot charge's scale, its case (0: none; 1: flat; 2: by salvage over `ref`) and the mean salvage. */
  penalty: number;
  regime: number;
  ref: number;
  /** The round's facilities by their number (`#table.f`): the matrix's `facility` cells point into it. */
  facilities: PlanFacility[];
}

/** Per cell of the kept matrix: what `fill` wrote of its value and risk (the policy re-prices rows in place: earnings.ts),
 * and its facility's number; per column, the casualty's salvage where its slot charge reads the mean (NaN elsewhere). */
interface Shadow {
  value: Float64Array;
  risk: Float64Array;
  place: Int32Array;
  salvage: Float64Array;
}

export class ScoreMemo {
  #world = '';
  #columns = new WeakMap<PlanCasualty, Column>();
  /** The column `fill` found at each place of the policy's list last, with its casualty: a casualty at the same place
   * as in the round before (most of them) skips the lookup in `#columns` (issue 16: a hash probe per casualty). */
  #atC: PlanCasualty[] = [];
  #atCol: Column[] = [];
  #slab = new Slab();
  /** Each distinct state (a JSON key) of a vehicle, a facility, the ranking or the fleet gets a number once. */
  #versions = new Map<string, number>();
  #vehicleVersions = new Map<PlanVehicle, number>();
  /** Whether a value reads where a vehicle on its way is now (DISP-54: on, and with threat zones). */
  #threats = false;
  /** A number per facility id, kept; this round's object, version and beds by that number (issue 16: one array
   * read per candidate of every casualty each round, not three map lookups). */
  #places = new Map<string, number>();
  #table: FacilityTable = { f: [], version: [], minorVersion: [], open: [], stamp: 0 };
  #rank = 0;
  #fleet: { of: readonly PlanVehicle[] | null; version: number } = { of: null, version: 0 };
  /** A slot per vehicle id, kept across rounds (a column's rows are indexed by it). */
  #slots = new Map<string, number>();
  #round = 0;
  /** This round's vehicles: version and slot (one lookup per pair). */
  #vehicles = new Map<PlanVehicle, { version: number; slot: number }>();
  #lastC: PlanCasualty | null = null;
  #lastCol: Column | null = null;
  /** The round's context's index and critical salvages, kept from round to round (context.ts). */
  readonly ctx = new KeptCtx();
  /** The policy's matrix's arrays, kept from round to round, and what `fillAll` left in them was made under. */
  readonly matrices = new MatrixPool();
  #kept: KeptMatrix | null = null;
  #shadow: Shadow = { value: new Float64Array(0), risk: new Float64Array(0), place: new Int32Array(0), salvage: new Float64Array(0) };
  /** Whether `fill` writes the shadow too (it fills the kept matrix: `fillAll`). */
  #shadowing = false;
  readonly #repriced = new Set<number>();
  /** Parts computed and reused in the last round (tests and benches read them). */
  computed = 0;
  reused = 0;
  /** Vehicle–casualty pairs whose values were made again from their parts in the last round (the rest were kept). */
  valued = 0;
  /** Columns filled in the last round, and those of them handed out again as they were last (nothing they read moved). */
  columns = 0;
  again = 0;
  /** Columns `fillAll` left as they were in the kept matrix (not walked at all: nothing they read moved). */
  left = 0;
  /** Rows of the kept matrix put back as they were filled, after the policy re-priced them in place the round before. */
  restored = 0;
  /** Columns the round's assignments (busy vehicles' and the main one) were made on (the policy counts them: issue 16,
   * a few per vehicle however many casualties wait, hungarian.ts `assignMinCostPruned`). */
  assigned = 0;

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
      this.#atC = [];
      this.#atCol = [];
      this.#slab = new Slab();
      this.#versions = new Map();
      this.#kept = null;
    }
    this.computed = 0;
    this.reused = 0;
    this.valued = 0;
    this.again = 0;
    this.left = 0;
    this.restored = 0;
    this.columns = 0;
    this.assigned = 0;
    this.#round++;
    this.#threats = view.threats.length > 0 && (ctx.p.divertRiskFromHere !== 'off' || ctx.p.smallFleetRiskFromHere || ctx.p.loneRiskFromHere);
    this.#vehicleVersions = new Map(view.vehicles.map((v) => [v, this.#version(vehicleKey(v, this.#threats))]));
    this.#vehicles = new Map();
    this.#fleetSlots = { of: null, version: new Int32Array(0), slot: new Int32Array(0) };
    this.#lastC = null;
    this.#lastCol = null;
    this.#table = { f: [], version: [], minorVersion: [], open: [], stamp: 0 };
    // A repeated id: the last one's, as the context's maps have it.
    for (const f of view.facilities) {
      const at = this.#place(f.id);
      this.#table.f[at] = ctx.idx.facility.get(f.id)!;
      this.#table.version[at] = this.#version(facilityKey(ctx, f));
      this.#table.minorVersion[at] = this.#version(minorKey(ctx, f));
      this.#table.open[at] = (ctx.beds.get(f.id) ?? 0) >= 1;
    }
    const { version, minorVersion, open } = this.#table;
    this.#table.stamp = this.#version(JSON.stringify(['table', version, minorVersion, open]));
    this.#rank = this.#version(rankKey(ctx, view));
    this.#fleet = { of: null, version: 0 };
    return true;
  }

  #place(id: string): number {
    let n = this.#places.get(id);
    if (n === undefined) this.#places.set(id, (n = this.#places.size));
    return n;
  }

  #version(key: string): number {
    let n = this.#versions.get(key);
    if (n === undefined) this.#versions.set(key, (n = this.#versions.size + 1));
    return n;
  }

  /** The vehicles to value a casualty with (`compute` picks them), kept while the fleet and the casualty are the same. */
  pick(ctx: Ctx, c: PlanCasualty, vehicles: readonly PlanVehicle[], compute: () => Set<number>): Set<number> {
    const col = this.#column(ctx, c);
    this.#pick(col, vehicles, compute);
    return col.pick!;
  }

  #fleetOf(vehicles: readonly PlanVehicle[]): number {
    if (this.#fleet.of !== vehicles) this.#fleet = { of: vehicles, version: this.#version(JSON.stringify(['fleet', vehicles.map((v) => this.#vehicleVersions.get(v) ?? JSON.stringify(v))])) };
    return this.#fleet.version;
  }

  #pick(col: Column, vehicles: readonly PlanVehicle[], compute: () => Set<number>): void {
    this.#fleetOf(vehicles);
    if (col.pick === null || col.fleet !== this.#fleet.version) {
      col.pick = compute();
      col.picked = [...col.pick];
      col.fleet = this.#fleet.version;
    }
  }

  /**
   * The policy's value matrix (matrix.ts), column j: row i made `bestScore(ctx, vehicles[i], c)` for the vehicles
   * `compute` picks (kept as `pick` keeps them), with one lookup of the column and of each vehicle's slot per round.
   * The numbers are written straight into the matrix's arrays (issue 16: a score object per pair, and a pass copying
   * them into flat arrays, were a large part of a plan after a write at 10,000 casualties).
   */
  fill(ctx: Ctx, c: PlanCasualty, j: number, vehicles: readonly PlanVehicle[], m: Matrix, compute: () => Set<number>): void {
    this.columns++;
    const col = this.#column(ctx, c, j);
    this.#pick(col, vehicles, compute);
    const round = this.#roundVehicles(vehicles);
    const picked = col.picked;
    const fleet = this.#fleet.version;
    // Nothing the column's values read moved since they were last handed out (the same vehicles, and its charge stamp,
    // which moves with its value stamp too): the same numbers again from the column's own short list, without its
    // records (issue 16).
    if (col.out.fleet === fleet && col.out.charge === col.chargeStamp) {
      this.again++;
      this.#again(col, j, m);
      return;
    }
    const out = col.out.cells.length === picked.length * OUT ? col.out.cells : new Float64Array(picked.length * OUT);
    const C = m.C;
    for (let n = 0; n < picked.length; n++) {
      const i = picked[n]!;
      const v = vehicles[i]!;
      const at = fits(v, c.litter ? 1 : 0, 1) ? this.#best(ctx, v, c, col, round.version[i]!, round.slot[i]!) : -1;
      const o = n * OUT;
      const k = i * C + j;
      if (at < 0) {
        m.has[k] = 0;
        out[o + PLACE] = -1;
        continue;
      }
      const data = col.data;
      const place = col.places[this.#chosen]!;
      out[o + PLACE] = place;
      m.has[k] = 1;
      m.facility[k] = this.#table.f[place]!;
      m.value[k] = out[o + OUT_VALUE] = data[at + VALUE]! - col.charges[this.#chosen]!;
      m.expected[k] = out[o + OUT_EXPECTED] = data[at + EXPECTED]!;
      m.delayed[k] = out[o + OUT_DELAYED] = data[at + DELAYED]!;
      m.risk[k] = out[o + OUT_RISK] = data[at + RISK]!;
      if (this.#shadowing) this.#shade(k, place, m);
    }
    col.out = { fleet, charge: col.chargeStamp, cells: out };
  }

  #shade(k: number, place: number, m: Matrix): void {
    const sh = this.#shadow;
    sh.value[k] = m.value[k]!;
    sh.risk[k] = m.risk[k]!;
    sh.place[k] = place;
  }

  /**
   * The policy's value matrix for these columns, as `fill` makes each (issue 16), kept between rounds: a column is
   * walked only when its casualty is not the object at its place in the last round, or when something it reads
   * besides its casualty moved (the vehicles, the facilities' states or ranking, a vehicle's worth, the slot charge's
   * scale — then every column is walked, as `fill` walks them) or its own slot charge moved with the mean salvage
   * (a column charged by salvage: the charge is computed from the kept salvage, both means, and compared). The others
   * hold the numbers `fill` would write again (it would hand them out again: `#again`), so they are left as they are;
   * rows the policy re-priced in place last round are put back first, and the facility cells pointed at this round's
   * facility objects (the same states: the same numbers). A write to one casualty walks its column and those whose
   * charge it moved.
   */
  fillAll(ctx: Ctx, cands: readonly PlanCasualty[], vehicles: readonly PlanVehicle[], nearest: (c: PlanCasualty) => Set<number>): Matrix {
    const rows = vehicles.length;
    const C = cands.length;
    const { m, kept: sameShape } = this.matrices.keep(rows, C);
    const fleet = this.#fleetOf(vehicles);
    const penalty = ctx.slotPenalty;
    const k = ctx.p.slotSalvage;
    const ref = ctx.refSalvage;
    const regime = !(penalty > 0) ? 0 : k <= 0 || !(ref > 0) ? 1 : 2;
    const was = this.#kept;
    const same = sameShape && was !== null && was.fleet === fleet && was.table === this.#table.stamp && was.rank === this.#rank && Object.is(was.worth, ctx.vehicleValue) && was.worthKey === ctx.worthKey && Object.is(was.penalty, penalty) && was.regime === regime;
    const sh = this.#shade0(rows * C, C);
    if (same) this.#restore(m, was);
    this.#repriced.clear();
    m.repriced = this.#repriced;
    const refMoved = same && regime === 2 && !Object.is(ref, was.ref);
    const old = was?.ref ?? NaN;
    this.#shadowing = true;
    try {
      for (let j = 0; j < C; j++) {
        const c = cands[j]!;
        if (same && this.#atC[j] === c) {
          const s = sh.salvage[j]!;
          // Not charged by salvage (NaN), or charged the same under both means (tableCharge's arithmetic).
          if (!refMoved || s !== s || Object.is(Math.max(0, 1 - k * (s / ref)), Math.max(0, 1 - k * (s / old)))) {
            this.left++;
            continue;
          }
        }
        for (let i = 0; i < rows; i++) m.has[i * C + j] = 0;
        this.fill(ctx, c, j, vehicles, m, () => nearest(c));
        const col = this.#atCol[j]!;
        sh.salvage[j] = col.charged.includes(true) ? col.salvage : NaN;
      }
    } finally {
      this.#shadowing = false;
    }
    this.#kept = { fleet, table: this.#table.stamp, rank: this.#rank, worth: ctx.vehicleValue, worthKey: ctx.worthKey, penalty, regime, ref, facilities: this.#table.f };
    return m;
  }

  /** The shadow with room for n cells and C columns (what it held kept while the room suffices). */
  #shade0(n: number, C: number): Shadow {
    const sh = this.#shadow;
    if (sh.value.length < n) this.#shadow = { value: new Float64Array(n), risk: new Float64Array(n), place: new Int32Array(n), salvage: sh.salvage };
    if (this.#shadow.salvage.length < C) this.#shadow.salvage = new Float64Array(C);
    return this.#shadow;
  }

  /** The kept matrix as `fill` left it: rows re-priced in place put back, facility cells at this round's objects. */
  #restore(m: Matrix, was: KeptMatrix): void {
    const { C } = m;
    const sh = this.#shadow;
    for (const i of this.#repriced) {
      this.restored++;
      m.value.set(sh.value.subarray(i * C, (i + 1) * C), i * C);
      m.risk.set(sh.risk.subarray(i * C, (i + 1) * C), i * C);
    }
    const f = this.#table.f;
    let moved = f.length !== was.facilities.length;
    for (let p = 0; p < f.length && !moved; p++) moved = f[p] !== was.facilities[p];
    if (!moved) return;
    const n = m.rows * C;
    for (let q = 0; q < n; q++) if (m.has[q]) m.facility[q] = f[sh.place[q]!];
  }

  /** `fill` for a column whose values did not move: the numbers it handed out last, written again (the round before
   * changed the matrix's in place). */
  #again(col: Column, j: number, m: Matrix): void {
    const picked = col.picked;
    const out = col.out.cells;
    const f = this.#table.f;
    const C = m.C;
    for (let n = 0; n < picked.length; n++) {
      const o = n * OUT;
      const place = out[o + PLACE]!;
      const k = picked[n]! * C + j;
      if (place < 0) {
        m.has[k] = 0;
        continue;
      }
      this.reused += col.places.length;
      m.has[k] = 1;
      m.facility[k] = f[place]!;
      m.value[k] = out[o + OUT_VALUE]!;
      m.expected[k] = out[o + OUT_EXPECTED]!;
      m.delayed[k] = out[o + OUT_DELAYED]!;
      m.risk[k] = out[o + OUT_RISK]!;
      if (this.#shadowing) this.#shade(k, place, m);
    }
  }

  /** The candidate `#score` chose last (its index in the column's list). */
  #chosen = -1;

  #fleetSlots: { of: readonly PlanVehicle[] | null; version: Int32Array; slot: Int32Array } = { of: null, version: new Int32Array(0), slot: new Int32Array(0) };

  /** This round's vehicles' versions and slots, by their index in the policy's list. */
  #roundVehicles(vehicles: readonly PlanVehicle[]): { version: Int32Array; slot: Int32Array } {
    if (this.#fleetSlots.of !== vehicles) {
      const version = new Int32Array(vehicles.length);
      const slot = new Int32Array(vehicles.length);
      vehicles.forEach((v, i) => {
        const hit = this.#vehicle(v);
        version[i] = hit.version;
        slot[i] = hit.slot;
      });
      this.#fleetSlots = { of: vehicles, version, slot };
    }
    return this.#fleetSlots;
  }

  /** `bestScore(ctx, v, c)`, from the parts kept where they are still valid. */
  bestScore(ctx: Ctx, v: PlanVehicle, c: PlanCasualty): Score | null {
    if (!fits(v, c.litter ? 1 : 0, 1)) return null;
    // The policy values one casualty with its vehicles in a row: its column is looked up once.
    const col = this.#lastC === c ? this.#lastCol! : this.#column(ctx, c);
    this.#lastC = c;
    this.#lastCol = col;
    const { version, slot } = this.#vehicle(v);
    return this.#score(ctx, v, c, col, version, slot);
  }

  /** The pair's best candidate, where its numbers are in `col.data` (−1: none); the candidate's index in `#chosen`. */
  #best(ctx: Ctx, v: PlanVehicle, c: PlanCasualty, col: Column, version: number, slot: number): number {
    if (slot >= col.slots) grow(col, this.#slots.size, this.#slab);
    const data = col.data;
    const r = col.at + slot * col.record;
    if (data[r + VEHICLE] !== version) {
      data[r + VEHICLE] = version;
      data[r + VALUED] = -1;
      const n = col.candidates.length;
      data.fill(0, r + HEAD + n * HOT, r + HEAD + n * (HOT + 1));
    }
    if (data[r + VALUED] !== col.valueStamp) this.#value(ctx, v, c, col, r);
    else this.reused += col.places.length;
    if (data[r + CHOSEN] !== col.chargeStamp) choose(col, r);
    const k = data[r + BEST]!;
    this.#chosen = k;
    return k < 0 ? -1 : r + HEAD + k * HOT;
  }

  /** The pair's score (a new object: `bestScore` asked of a few pairs, outside the matrix). */
  #score(ctx: Ctx, v: PlanVehicle, c: PlanCasualty, col: Column, version: number, slot: number): Score | null {
    const at = this.#best(ctx, v, c, col, version, slot);
    if (at < 0) return null;
    const k = this.#chosen;
    const data = col.data;
    return { facility: this.#table.f[col.places[k]!]!, value: data[at + VALUE]! - col.charges[k]!, expected: data[at + EXPECTED]!, delayed: data[at + DELAYED]!, risk: data[at + RISK]! };
  }

  #vehicle(v: PlanVehicle): { version: number; slot: number } {
    let hit = this.#vehicles.get(v);
    if (!hit) {
      let slot = this.#slots.get(v.id);
      if (slot === undefined) this.#slots.set(v.id, (slot = this.#slots.size));
      this.#vehicles.set(v, (hit = { version: this.#vehicleVersions.get(v) ?? this.#version(vehicleKey(v, this.#threats)), slot }));
    }
    return hit;
  }

  /** The slot's values at every open candidate, without the slot charge: parts kept where their facility is unchanged. */
  #value(ctx: Ctx, v: PlanVehicle, c: PlanCasualty, col: Column, r: number): void {
    let leg: FirstLeg | null = null;
    const n = col.candidates.length;
    const cells = col.data;
    const out = { expected: 0, delayed: 0, risk: 0 };
    this.valued++;
    for (let k = 0; k < n; k++) {
      if (!col.open[k]) continue;
      const f = this.#table.f[col.places[k]!]!;
      const at = r + HEAD + k * HOT;
      const of = r + HEAD + n * HOT + k;
      const pt = r + HEAD + n * (HOT + 1) + k * PARTS;
      const kept = cells[of]!;
      let parts: ScoreParts | null;
      if (Math.abs(kept) === col.versions[k]) {
        this.reused++;
        parts = kept > 0 ? { e: cells[pt + E]!, sCare: cells[pt + SCARE]!, rho: cells[pt + RHO]!, lossShare: cells[pt + LOSS]!, fallback: cells[pt + FALLBACK]!, spent: cells[pt + SPENT] === 1 } : null;
      } else {
        this.computed++;
        parts = scoreParts(ctx, v, c, f, (leg ??= firstLeg(ctx, v, c)));
        cells[of] = parts ? col.versions[k]! : -col.versions[k]!;
        if (parts) {
          cells[pt + E] = parts.e;
          cells[pt + SCARE] = parts.sCare;
          cells[pt + RHO] = parts.rho;
          cells[pt + LOSS] = parts.lossShare;
          cells[pt + FALLBACK] = parts.fallback;
          cells[pt + SPENT] = parts.spent ? 1 : 0;
        }
      }
      // Made with no charge: x − 0 is x, so the value with the charge is this minus it, as partsValue computes it.
      cells[at + VALUE] = parts ? partsValue(ctx, v, c, f, parts, out, 0) : -Infinity;
      cells[at + EXPECTED] = out.expected;
      cells[at + DELAYED] = out.delayed;
      cells[at + RISK] = out.risk;
    }
    cells[r + VALUED] = col.valueStamp;
    cells[r + CHOSEN] = -1;
  }

  /** The casualty's column, with its candidate facilities put where `candidateFacilities` finds them. */
  #column(ctx: Ctx, c: PlanCasualty, j = -1): Column {
    let col = j >= 0 && this.#atC[j] === c ? this.#atCol[j] : this.#columns.get(c);
    if (!col || col.rank !== this.#rank) {
      const ranked = ctx.facilitiesFor.get(c.id) ?? rankFacilities(ctx, c);
      // The same candidates in the same order (a facility it does not go to filled up, say): its values stay, each
      // kept only while its facility's version is the one it was made under (refresh compares them).
      if (col && sameIds(ranked, col.candidates)) col.rank = this.#rank;
      else {
        col = newColumn(this.#rank, ranked.map((f) => f.id), ranked.map((f) => this.#place(f.id)), this.#slots.size, col, this.#slab);
        this.#columns.set(c, col);
      }
    }
    if (col.round !== this.#round) refresh(ctx, col, c, this.#round, this.#table);
    if (j >= 0) {
      this.#atC[j] = c;
      this.#atCol[j] = col;
    }
    return col;
  }
}

/**
 * Ranges of large zeroed arrays handed out in turn (never reused: a column's range lives as long as its chunk, and
 * the whole memory starts again with the time base).
 */
class Slab {
  #chunk = new Float64Array(0);
  #used = 0;

  take(length: number): { data: Float64Array; at: number } {
    if (this.#used + length > this.#chunk.length) {
      this.#chunk = new Float64Array(Math.max(CHUNK, length));
      this.#used = 0;
    }
    const at = this.#used;
    this.#used += length;
    return { data: this.#chunk, at };
  }
}

/** Doubles per chunk of the slab (512 KiB: about 180 columns of 8 vehicles and 4 candidates). */
const CHUNK = 1 << 16;

function newColumn(rank: number, candidates: string[], places: number[], slots: number, old: Column | undefined, slab: Slab): Column {
  const room = Math.max(1, slots);
  const record = HEAD + candidates.length * (HOT + 1 + PARTS);
  const { data, at } = slab.take(room * record);
  return {
    rank, candidates, places, fleet: old?.fleet ?? 0, pick: old?.pick ?? null, picked: old?.picked ?? [], slots: room, record, data, at,
    round: 0, table: 0, versions: [], open: [], charged: [], charge: NaN, charges: [], salvage: NaN, valueStamp: 0, chargeStamp: 0, worth: NaN, worthKey: '', out: { fleet: -1, charge: -1, cells: new Float64Array(0) },
  };
}

/** Room for more vehicle slots (a vehicle seen for the first time after the column was made). */
function grow(col: Column, slots: number, slab: Slab): void {
  const { data, at } = slab.take(slots * col.record);
  data.set(col.data.subarray(col.at, col.at + col.slots * col.record), at);
  col.data = data;
  col.at = at;
  col.slots = slots;
}

/**
 * Once per round: the candidates as this round has them (beds and slot charges do not depend on the vehicle). Read
 * again only when the facility table moved; otherwise only the one slot charge is made again (issue 16: every
 * candidate of every casualty each round was a large part of a plan after a write).
 */
function refresh(ctx: Ctx, col: Column, c: PlanCasualty, round: number, table: FacilityTable): void {
  col.round = round;
  // Written in place: a column lives long, and new arrays every round would be old-generation garbage.
  let valueMoved = col.worth !== ctx.vehicleValue || col.worthKey !== ctx.worthKey;
  let chargeMoved = false;
  col.worth = ctx.vehicleValue;
  col.worthKey = ctx.worthKey;
  const places = col.places;
  const tableMoved = col.table !== table.stamp;
  if (tableMoved) {
    col.table = table.stamp;
    // A casualty that needs no surgery is valued the same whatever the facility's tables and queue (careSurvival).
    const versions = needsSurgery(c.rpm0) ? table.version : table.minorVersion;
    for (let k = 0; k < places.length; k++) {
      const at = places[k]!;
      const version = versions[at]!;
      const open = table.open[at]!;
      if (col.versions[k] !== version || col.open[k] !== open) valueMoved = true;
      col.versions[k] = version;
      col.open[k] = open;
      col.charged[k] = chargedAt(ctx, c, table.f[at]!);
    }
  }
  // slotCharge: the same charge wherever it applies, 0 elsewhere.
  const charge = col.charged.includes(true) ? tableCharge(ctx, c, Number.isNaN(col.salvage) ? (col.salvage = salvage(ctx, c)) : col.salvage) : 0;
  if (tableMoved || !Object.is(col.charge, charge)) {
    col.charge = charge;
    for (let k = 0; k < places.length; k++) {
      const at = col.charged[k] ? charge : 0;
      if (!Object.is(col.charges[k], at)) chargeMoved = true;
      col.charges[k] = at;
    }
  }
  if (valueMoved) col.valueStamp++;
  if (valueMoved || chargeMoved) col.chargeStamp++;
  // Not handed to `ctx.facilitiesFor`: the few casualties a round builds plans for rank their facilities again (the
  // same list: the ranking's version is the column's), cheaper than filling a map of every casualty each round.
}

/** The slot's best candidate under this round's charges, as bestScore picks it: the first of the highest values. */
function choose(col: Column, r: number): void {
  const n = col.candidates.length;
  const data = col.data;
  let bestK = -1;
  let bestValue = -Infinity;
  for (let k = 0; k < n; k++) {
    if (!col.open[k]) continue;
    const sc = data[r + HEAD + k * HOT + VALUE]! - col.charges[k]!;
    if (sc > bestValue) {
      bestValue = sc;
      bestK = k;
    }
  }
  data[r + BEST] = bestK;
  data[r + CHOSEN] = col.chargeStamp;
}

/**
 * What a value and the choice of vehicles to value (nearestVehicles) read of a vehicle: all of it but where a vehicle
 * on its way is going and how often it was re-planned (`enRoute`, `ifKept`, `diverted`) and whether it is shown idle
 * (issue 16): a write that re-plans a leg moves those, and no value read them. With DISP-54 (`threats`: on, and
 * threat zones in the view) the risk of a vehicle's first leg reads where it is now and, for `diverts`, whether the
 * casualty is on its leg. A field added later is read by default.
 */
function vehicleKey(v: PlanVehicle, threats: boolean): string {
  const { enRoute, ifKept: _ifKept, diverted: _diverted, idle: _idle, posNow, ...read } = v;
  return JSON.stringify(['v', read, threats ? [posNow, enRoute] : undefined]);
}

function sameIds(fs: readonly PlanFacility[], ids: readonly string[]): boolean {
  if (fs.length !== ids.length) return false;
  for (let k = 0; k < fs.length; k++) if (fs[k]!.id !== ids[k]) return false;
  return true;
}

/** Everything of a facility that a casualty's candidate list depends on (rankFacilities). */
function rankKey(ctx: Ctx, view: PlanView): string {
  return JSON.stringify(view.facilities.map((f) => [f.id, f.role, f.pos, f.surgicalTables, f.bedsFree >= 1, f.open, !!ctx.onward.get(f.id), !!ctx.onwardLitter.get(f.id)]));
}

/** This round's facilities by their number in the memory (`ScoreMemo.#places`). */
interface FacilityTable {
  f: PlanFacility[];
  /** The facility's state as a value at it reads it (`facilityKey`), and as a minor casualty's reads it (`minorKey`). */
  version: number[];
  minorVersion: number[];
  /** A bed free. */
  open: boolean[];
  /** A number per distinct state of the three above (the same stamp: nothing a column reads of the table moved). */
  stamp: number;
}

/**
 * What a value at a facility reads of it for a casualty that needs no surgery (scoreParts: where it is, its windows,
 * whether it is a transfer point; careSurvival does not read its tables, queue or onward leg for such a casualty): a
 * table filling up or a queue moving leaves these values as they were (issue 16).
 */
function minorKey(ctx: Ctx, f: PlanFacility): string {
  return JSON.stringify(['minor', f.id, f.pos, f.open, ctx.transfers.has(f.id)]);
}

/**
 * Everything of a facility that a value at it reads (scoreParts, careSurvival, onwardSurvival, definitiveFor): where it
 * is, its role, tables and windows, its first surgical slot, whether it is a transfer point, its onward leg. Not its
 * bed counts or its table times and backlog as such (issue 16): a value reads them only through the first slot and
 * whether a bed is free (the column's `open`), so an arrival that takes one of forty beds, or a casualty joining the
 * queue behind a free table, leaves every value there as it was.
 */
function facilityKey(ctx: Ctx, f: PlanFacility): string {
  const first = (id: string): number | null => ctx.slots.get(id)?.[0] ?? null;
  // DISP-99 `beds`: the bed a full facility's onward route waits for.
  const later = (g: PlanFacility): number | null => ((ctx.p.stopFloor === 'beds' || ctx.p.stopFloor === 'settled') && (ctx.beds.get(g.id) ?? 0) < 1 ? laterBed(ctx, g) : null);
  // Both onward legs (any vehicle, and one with a litter place: DISP-50), read by the casualties that need each.
  // DISP-132 prices a route at its departure by the onward vehicle's protection; DISP-135 (off) reads its windows, keyed
  // only when on (a vehicle's windows are an array to serialise in every facility's key).
  const leg = (on: Onward | null) => on && [on.etaMin, on.vehicle.medic, on.vehicle.protection, ctx.p.onwardOnDuty ? on.vehicle.available : null, on.routes.map((r) => [r.facility.id, r.facility.role, r.facility.surgicalTables, r.durMin, r.q, (ctx.beds.get(r.facility.id) ?? 0) >= 1, first(r.facility.id), later(r.facility)])];
  return JSON.stringify([
    [f.id, f.role, f.pos, f.surgicalTables, f.open],
    first(f.id),
    ctx.transfers.has(f.id),
    leg(ctx.onward.get(f.id) ?? null),
    leg(ctx.onwardLitter.get(f.id) ?? null),
  ]);
}
