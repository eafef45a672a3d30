// DISP-105: what a vehicle on its way offers the casualties not on its leg while it carries on.
//
// The round shows a re-plannable vehicle on its way (SIM-14) free at its last stop, and its scores from there are the
// re-plans it may make. As a casualty's alternative (its baseline: what it gets if no vehicle takes it now) that same
// trip `delayMin` later is a re-plan too, which DISP-16's check refuses whenever the leg's casualties lose more by it:
// held-out 1011-89 (three ambulances, a burst of reports) kept an RPM-9 casualty's baseline at the trip of the
// ambulance on its way to another one, round after round, while that ambulance carried on and the free one was held.
// Once its leg is done the vehicle is a busy one: its trip from where and when it is free then.
import type { PlanCasualty, PlanVehicle } from '../types.ts';
import type { Ctx } from './context-types.ts';
import type { Matrix } from './matrix.ts';
import { bestScore } from './value.ts';

/** Per pair (row i, column j at i × C + j) of a vehicle on its way, its trip once free (NaN: the row's own score). */
export interface KeptAlternatives {
  /** Expected survival less the vehicle's risk (a busy vehicle's `er`). */
  er: Float64Array;
  /** The same trip `delayMin` later, less the risk. */
  delayed: Float64Array;
  /** Rows that are such vehicles (waited for like busy ones). */
  rows: Set<number>;
}

/**
 * The alternatives of the vehicles on their way in `divertable`: for each casualty valued in their row and not on
 * their leg, the best trip from where and when they are free if they carry on; null when there is none or the switch
 * is off (`small`: a view of more than `sequenceMaxVehicles` vehicles keeps the trip from the last stop).
 */
export function keptAlternatives(ctx: Ctx, m: Matrix, vehicles: readonly PlanVehicle[], cands: readonly PlanCasualty[], divertable: ReadonlySet<string>): KeptAlternatives | null {
  const mode = ctx.p.enRouteAlternative;
  if (divertable.size === 0 || mode === 'off' || (mode === 'small' && ctx.view.vehicles.length > ctx.p.sequenceMaxVehicles)) return null;
  const { C, has } = m;
  let out: KeptAlternatives | null = null;
  vehicles.forEach((v, i) => {
    if (!v.enRoute || !v.ifKept || !divertable.has(v.id)) return;
    const kept: PlanVehicle = { ...v, pos: v.ifKept.pos, freeAt: v.ifKept.freeAt, rangeLeftKm: v.ifKept.rangeLeftKm, idle: false, enRoute: undefined, posNow: undefined };
    out ??= { er: new Float64Array(m.rows * C).fill(NaN), delayed: new Float64Array(m.rows * C).fill(NaN), rows: new Set() };
    out.rows.add(i);
    for (let j = 0; j < C; j++) {
      const k = i * C + j;
      const c = cands[j]!;
      if (!has[k] || v.enRoute.includes(c.id)) continue;
      const sc = bestScore(ctx, kept, c);
      // No trip once free (out of range, window closed): the casualty cannot count on it.
      out.er[k] = sc ? sc.expected - sc.risk : -Infinity;
      out.delayed[k] = sc ? sc.delayed - sc.risk : -Infinity;
    }
  });
  return out;
}
