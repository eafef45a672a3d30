// When a facility's taken beds free (DISP-76): the one projection behind `PlanFacility.bedsFreeAt`, called by the
// simulator's view (src/sim/view.ts) and the live view (live-state.ts) with what each knows of the facility.
// SIM-3: a casualty who needs no surgery leaves its bed at its dropoff; one who does keeps it until its operation ends
// (at a facility with tables), or until an onward vehicle takes it on (at a stabilising stop: not known ahead).

export interface TakenBeds {
  now: number;
  surgeryMin: number;
  /** Per surgical table, the minute it is free (≤ now: free now); empty where the facility operates on no one. */
  tableFreeAt: readonly number[];
  /** Operations under way: each holds its bed until it ends (the minute it ends). */
  inSurgery: readonly number[];
  /** Casualties waiting there for a table, in the order the tables take them. */
  queued: number;
  /** Casualties on their way with a bed promised: the minute they are dropped, and whether they then need a table. */
  inbound: readonly { at: number; surgical: boolean }[];
  /**
   * Other beds taken, when each frees: a stabilised casualty waiting at a stop for an onward vehicle, at its pickup
   * where a vehicle is on its way to it, else Infinity (not known ahead).
   */
  held?: readonly number[];
  /** Beds the view counts as taken (beds − bedsFree): only the last that many frees give a bed (an over-full facility). */
  taken: number;
}

/**
 * The minutes the taken beds free, ascending; a bed whose freeing nothing says (a casualty waiting at a stabilising
 * stop for an onward vehicle not yet sent) is not listed. The tables take the queue first come, first served, then
 * those on their way in the order they arrive (SIM-13's default; a policy's own order moves who, not when).
 */
export function bedsFreeAt(b: TakenBeds): number[] {
  const tables = b.tableFreeAt.map((t) => Math.max(t, b.now));
  const operate = (at: number): number => {
    let i = 0;
    for (let k = 1; k < tables.length; k++) if (tables[k]! < tables[i]!) i = k;
    const end = Math.max(tables[i]!, at) + b.surgeryMin;
    tables[i] = end;
    return end;
  };
  const out: number[] = [...b.inSurgery, ...(b.held ?? [])];
  for (let k = 0; k < b.queued; k++) out.push(tables.length > 0 ? operate(b.now) : Infinity);
  for (const x of [...b.inbound].sort((p, q) => p.at - q.at)) out.push(!x.surgical ? x.at : tables.length > 0 ? operate(x.at) : Infinity);
  out.sort((p, q) => p - q);
  // More taken than counted (an over-full facility): the first to free give no bed yet.
  return out.slice(Math.max(0, out.length - b.taken)).filter((t) => Number.isFinite(t));
}
