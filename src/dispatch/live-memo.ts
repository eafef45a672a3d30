// The incremental live plan (issue 16): what one plan computed that the next can reuse, while both are made at the
// same `now` (the route keeps one time base for up to the plan's maximum age: src/server/routes/dispatch.ts).
// - Each casualty's part of the view (its RPM at injury, its clock, whether and where it waits) is kept per casualty
//   object: the store hands back the same object until the casualty's `last_seq` moves (read-side.ts), so a plan
//   after one write derives one casualty again, not every open one.
// - Each vehicle's work and the casualties it left behind are kept per vehicle (live-work.ts): after writes that
//   replace casualties in place, only the vehicles they name are made again; the view's lists over every casualty
//   (the planner's casualties, the waiting ones' RPMs, the recent injuries) are updated at those places only
//   (live-lists.ts).
// - The value matrix's expensive parts are kept per vehicle, casualty and facility state (optimal/score-memo.ts).
// Everything else — counts over all casualties, the assignment, growing and committing jobs — is made afresh every
// time, by the same code as a plan from scratch, so an incremental plan is the plan from scratch (property-tested in
// live-memo.test.ts). Inputs are treated as immutable: a changed casualty must be a new object.
import type { CasualtyState, Facility, Vehicle } from '../core/index.ts';
import type { SurvivalModel } from './survival.ts';
import { deriveCasualty } from './live-state.ts';
import type { Clocks, DerivedCasualty, FacilityPlaces } from './live-state.ts';
import { ScoreMemo } from './optimal/score-memo.ts';
import { KeptCtx } from './optimal/context.ts';
import { KeptView } from './live-lists.ts';

export class PlanMemo {
  #key = '';
  #derived = new WeakMap<CasualtyState, DerivedCasualty>();
  readonly scores = new ScoreMemo();
  /** The assessing context's index and critical salvages (live.ts), kept apart from the policy's: another list. */
  readonly assess = new KeptCtx();
  #work = new KeptView<DerivedCasualty>();
  /** Casualties derived in the last plan (the rest were reused). */
  derivedCount = 0;

  /** The casualty deriver for a view made from these inputs: the kept parts are dropped when what they read changed. */
  deriver(input: { now: string; model?: Partial<SurvivalModel>; vehicles: readonly Vehicle[]; facilities: readonly Facility[] }): (c: CasualtyState, k: Clocks, places: FacilityPlaces) => DerivedCasualty {
    const key = JSON.stringify([input.now, input.model ?? null, input.vehicles.map((v) => [v.id, v.medic]), input.facilities.map((f) => [f.id, f.role, f.position])]);
    if (key !== this.#key) {
      this.#key = key;
      this.#derived = new WeakMap();
      this.#work = new KeptView<DerivedCasualty>();
    }
    this.derivedCount = 0;
    return (c, k, places) => {
      let d = this.#derived.get(c);
      if (!d) {
        this.derivedCount++;
        this.#derived.set(c, (d = deriveCasualty(c, k, places)));
      }
      return d;
    };
  }

  /** The vehicles' work and the view's lists kept for views made with the last deriver (`deriver` starts them again
   * when that changes). */
  get work(): KeptView<DerivedCasualty> {
    return this.#work;
  }
}
