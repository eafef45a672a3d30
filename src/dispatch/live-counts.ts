// The facilities' counts over every casualty (beds taken, queues, tables in surgery, trips on their way), kept between
// views made with the same memory (issue 16). Each casualty adds one entry or none, a function of the casualty, its
// derived part and whether its vehicle left it behind; after writes that replace casualties in place, only the
// replaced places and the casualties whose left-behind state moved (live-work.ts `releasedMoved`) are looked at, and
// their old entry is taken out and the new one put in. A facility's list of trips on its way keeps list order.
import type { CasualtyState } from '../core/index.ts';
import { needsSurgery } from './survival.ts';

/** What the counts read of a casualty's derived part (`DerivedCasualty` in live-state.ts has it). */
export interface Counted {
  r0?: number;
  legs: { surgeryStart: number };
}

/** A trip on its way to a facility: its vehicle and whether the casualty needs surgery (DISP-76). */
export type Inbound = { vehicleId: string | undefined; surgical: boolean };

/** The counts as the view reads them, per facility id (absent: none). Read them, never change them. */
export interface FacilityCounts {
  occupied: ReadonlyMap<string, number>;
  held: ReadonlyMap<string, number>;
  queued: ReadonlyMap<string, number>;
  /** When each surgery under way ends (minutes from now), in no order. */
  inSurgery: ReadonlyMap<string, readonly number[]>;
  inbound: ReadonlyMap<string, number>;
  inboundSurgical: ReadonlyMap<string, number>;
  /** In list order. */
  inboundBeds: ReadonlyMap<string, readonly Inbound[]>;
}

/** What the counts read of the facilities: for each known id (the first of a repeated one), whether it is an R1. */
export type FacilityRoles = ReadonlyMap<string, boolean>;

/** One casualty's entry: at a facility (in surgery until `end`, or waiting for surgery), on its way to one, or none. */
type Entry =
  | { kind: 'surgery'; f: string; end: number }
  | { kind: 'waits'; f: string; r1: boolean }
  | { kind: 'inbound'; f: string; surgical: boolean; vehicleId: string | undefined }
  | null;

function entryOf(c: CasualtyState, d: Counted, roles: FacilityRoles, surgeryMin: number, released: ReadonlySet<string>): Entry {
  const r0 = d.r0;
  if (r0 === undefined) return null;
  if ((c.stage === 'at-facility' || c.stage === 'in-surgery') && c.facilityId) {
    const r1 = roles.get(c.facilityId);
    if (r1 === undefined) return null;
    if (c.stage === 'in-surgery') {
      const end = d.legs.surgeryStart + surgeryMin;
      return end > 0 ? { kind: 'surgery', f: c.facilityId, end } : null;
    }
    return needsSurgery(r0) ? { kind: 'waits', f: c.facilityId, r1 } : null;
  }
  if ((c.stage === 'assigned' || c.stage === 'in-transit') && c.destination.value && !released.has(c.id)) {
    return { kind: 'inbound', f: c.destination.value, surgical: needsSurgery(r0), vehicleId: c.vehicleId ?? undefined };
  }
  return null;
}

const sameEntry = (a: Entry, b: Entry): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The counts from scratch: one pass over every casualty. */
export function allCounts(casualties: readonly CasualtyState[], derived: readonly Counted[], roles: FacilityRoles, surgeryMin: number, released: ReadonlySet<string>): FacilityCounts {
  const t = new Tally();
  for (let i = 0; i < derived.length; i++) t.add(i, entryOf(casualties[i]!, derived[i]!, roles, surgeryMin, released));
  return t.counts();
}

/** The counts as sums, added to and taken from one entry at a time. */
class Tally {
  readonly occupied = new Map<string, number>();
  readonly held = new Map<string, number>();
  readonly queued = new Map<string, number>();
  readonly inSurgery = new Map<string, number[]>();
  readonly inbound = new Map<string, number>();
  readonly inboundSurgical = new Map<string, number>();
  /** Per destination: the places of the trips on their way (ascending), and their entries in that order (null: made
   * again when next read). */
  readonly #inboundAt = new Map<string, number[]>();
  readonly #inboundBeds = new Map<string, Inbound[] | null>();
  readonly #entries: Entry[] = [];

  add(i: number, e: Entry): void {
    this.#entries[i] = e;
    this.#apply(i, e, 1);
  }

  remove(i: number): void {
    this.#apply(i, this.#entries[i] ?? null, -1);
    this.#entries[i] = null;
  }

  entry(i: number): Entry {
    return this.#entries[i] ?? null;
  }

  #apply(i: number, e: Entry, by: 1 | -1): void {
    if (!e) return;
    const bump = (m: Map<string, number>): void => {
      const n = (m.get(e.f) ?? 0) + by;
      if (n === 0) m.delete(e.f);
      else m.set(e.f, n);
    };
    if (e.kind === 'surgery') {
      bump(this.occupied);
      const ends = this.inSurgery.get(e.f) ?? this.inSurgery.set(e.f, []).get(e.f)!;
      if (by > 0) ends.push(e.end);
      else ends.splice(ends.indexOf(e.end), 1);
      if (ends.length === 0) this.inSurgery.delete(e.f);
    } else if (e.kind === 'waits') {
      bump(this.occupied);
      bump(e.r1 ? this.held : this.queued);
    } else {
      bump(this.inbound);
      if (e.surgical) bump(this.inboundSurgical);
      const at = this.#inboundAt.get(e.f) ?? this.#inboundAt.set(e.f, []).get(e.f)!;
      // Kept in list order: an entry goes after every place before it (most are appended, in the pass from scratch).
      let k = at.length;
      while (k > 0 && at[k - 1]! >= i) k--;
      if (by > 0) at.splice(k, 0, i);
      else if (at[k] === i) at.splice(k, 1);
      if (at.length === 0) this.#inboundAt.delete(e.f);
      this.#inboundBeds.set(e.f, null);
    }
  }

  counts(): FacilityCounts {
    const inboundBeds = new Map<string, Inbound[]>();
    for (const [f, at] of this.#inboundAt) {
      let list = this.#inboundBeds.get(f);
      if (!list) {
        list = [];
        for (const i of at) {
          const e = this.#entries[i]!;
          if (e.kind === 'inbound') list.push({ vehicleId: e.vehicleId, surgical: e.surgical });
        }
        this.#inboundBeds.set(f, list);
      }
      inboundBeds.set(f, list);
    }
    return { occupied: this.occupied, held: this.held, queued: this.queued, inSurgery: this.inSurgery, inbound: this.inbound, inboundSurgical: this.inboundSurgical, inboundBeds };
  }
}

/**
 * The counts of the last view made with this memory; `update` answers what `allCounts` answers. `replaced`: the
 * places whose casualty was replaced (null: any may have changed); `releasedMoved`: the ids whose left-behind state may
 * have moved besides (null: any).
 */
export class KeptCounts {
  #tally: Tally | null = null;
  #key = '';
  #length = -1;
  /** Each casualty's place, by id (the same ids at the same places while updates are in place). */
  #placeOf = new Map<string, number>();
  /** Whether every id is at one place only (else every update is made from scratch). */
  #unique = false;
  /** Casualties whose entry was looked at in the last update (every one when made from scratch); tests read it. */
  walked = 0;

  update(casualties: readonly CasualtyState[], derived: readonly Counted[], replaced: readonly number[] | null, releasedMoved: readonly string[] | null, roles: FacilityRoles, surgeryMin: number, released: ReadonlySet<string>): FacilityCounts {
    const key = JSON.stringify([[...roles], surgeryMin]);
    const t = this.#tally;
    if (!t || !this.#unique || replaced === null || releasedMoved === null || key !== this.#key || derived.length !== this.#length) return this.#fromScratch(casualties, derived, roles, surgeryMin, released, key);
    const places = new Set(replaced);
    for (const id of releasedMoved) {
      const i = this.#placeOf.get(id);
      if (i !== undefined) places.add(i);
    }
    this.walked = places.size;
    for (const i of places) {
      const e = entryOf(casualties[i]!, derived[i]!, roles, surgeryMin, released);
      if (sameEntry(e, t.entry(i))) continue;
      t.remove(i);
      t.add(i, e);
    }
    return t.counts();
  }

  #fromScratch(casualties: readonly CasualtyState[], derived: readonly Counted[], roles: FacilityRoles, surgeryMin: number, released: ReadonlySet<string>, key: string): FacilityCounts {
    this.walked = derived.length;
    this.#key = key;
    this.#length = derived.length;
    this.#placeOf = new Map();
    for (let i = 0; i < casualties.length; i++) this.#placeOf.set(casualties[i]!.id, i);
    this.#unique = this.#placeOf.size === casualties.length;
    const t = (this.#tally = new Tally());
    for (let i = 0; i < derived.length; i++) t.add(i, entryOf(casualties[i]!, derived[i]!, roles, surgeryMin, released));
    return t.counts();
  }
}
