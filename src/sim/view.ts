// The planning view of the simulator's state: what a policy is shown at a decision point (SIM-12).
import { bedsFreeAt } from '../dispatch/bed-frees.ts';
import type { TakenBeds } from '../dispatch/bed-frees.ts';
import { needsSurgery } from '../dispatch/survival.ts';
import type { PlanCasualty, PlanFacility, PlanVehicle, PlanView } from '../dispatch/types.ts';
import { EPS } from './state.ts';
import type { SimState, SimVehicle } from './state.ts';
import { carriesAboard, divertable, positionNow, remainingKm } from './vehicles.ts';

/** With `divert`, vehicles on their way to a first pickup are shown free where they are, with their casualties (SIM-14). */
export function buildView(s: SimState, divert = false, aboard = false): PlanView {
  const { now } = s;
  const waiting: PlanCasualty[] = [];
  const future: PlanCasualty[] = [];
  const enRoute = new Map<string, string>();
  if (divert) for (const v of s.vehicles.values()) if (divertable(v)) for (const st of v.job!.stops) if (st.kind === 'pickup') enRoute.set(st.casualtyId, v.id);
  for (const c of s.casualties.values()) {
    if (c.status === 'waiting' || enRoute.has(c.id)) {
      waiting.push({
        id: c.id,
        atMin: c.atMin,
        rpm0: c.rpm,
        tau: c.tau + c.rate * (now - c.since),
        rate: c.rate,
        litter: c.litter,
        pos: c.facilityId ? s.facilities.get(c.facilityId)!.pos : c.pos,
        ...(c.facilityId ? { facilityId: c.facilityId } : {}),
        ...(enRoute.has(c.id) ? { assignedTo: enRoute.get(c.id)! } : {}),
      });
    } else if (s.opts.revealFuture && c.status === 'pending') {
      future.push({ id: c.id, atMin: c.atMin, rpm0: c.rpm, tau: 0, rate: 1, litter: c.litter, pos: c.pos, future: true });
    }
  }
  const vehicles: PlanVehicle[] = [];
  for (const v of s.vehicles.values()) {
    if (v.lost) continue;
    if (divert && divertable(v)) {
      const at = positionNow(v, now);
      vehicles.push({
        id: v.id, kind: v.kind, protection: v.protection, straightLine: v.straightLine, speedKmh: v.speedKmh, medic: v.medic, litter: v.litter, seated: v.seated,
        // Shown where its last trace event put it: a re-planned leg reaches its stop no sooner than from there (SIM-14).
        pos: v.anchor, basePos: v.basePos, freeAt: now, idle: true,
        rangeLeftKm: v.rangeKm === null ? null : v.rangeKm - v.sortieKm - at.km,
        available: v.available,
        diverted: v.diverted,
        posNow: at.pos,
        enRoute: v.job!.stops.flatMap((st) => (st.kind === 'pickup' ? [st.casualtyId] : [])),
        ifKept: {
          pos: v.job!.timeline.endPos,
          freeAt: v.job!.timeline.endMin,
          rangeLeftKm: v.rangeKm === null ? null : v.rangeKm - v.sortieKm - remainingKm(v.job!),
          reach: { atMin: v.job!.timeline.legs[0]!.arriveMin, rangeLeftKm: v.rangeKm === null ? null : v.rangeKm - v.sortieKm - v.job!.timeline.legs[0]!.km },
        },
      });
      continue;
    }
    const job = v.job;
    vehicles.push({
      id: v.id,
      kind: v.kind,
      protection: v.protection,
      straightLine: v.straightLine,
      speedKmh: v.speedKmh,
      medic: v.medic,
      litter: v.litter,
      seated: v.seated,
      pos: job ? job.timeline.endPos : v.pos,
      basePos: v.basePos,
      freeAt: job ? job.timeline.endMin : now,
      idle: !job,
      rangeLeftKm: v.rangeKm === null ? null : v.rangeKm - (job ? v.sortieKm + remainingKm(job) : v.sortieKm),
      available: v.available,
      ...(aboard && carriesAboard(v) ? { carrying: carrying(s, v) } : {}),
    });
  }
  const taken = takenBeds(s);
  const facilities: PlanFacility[] = [...s.facilities.values()].map((f) => ({
    id: f.id,
    role: f.role,
    pos: f.pos,
    beds: f.beds,
    bedsFree: f.beds - f.occupied - f.reserved,
    bedsFreeAt: bedsFreeAt(taken.get(f.id)!),
    surgicalTables: f.tables,
    tableFreeAt: f.tableBusyUntil.map((u) => Math.max(u, now)),
    surgicalBacklog: f.queue.length + f.reservedSurgical,
    open: f.open,
  }));
  const expectedRatePerMin = now < s.scenario.horizonMin && now > 0 ? s.appeared / Math.max(now, 60) : 0;
  return {
    now,
    casualties: s.opts.revealFuture ? [...waiting, ...future] : waiting,
    vehicles,
    facilities,
    threats: s.threats,
    travel: s.travel,
    model: s.model,
    horizonMin: s.scenario.horizonMin,
    expectedRatePerMin,
    recent: s.recent.slice(-8),
    ...(s.declared ? { arrivals: s.declared } : {}),
    ...(s.losses.length > 0 ? { losses: s.losses, zoneHazard: zoneHazard(s) } : {}),
  };
}

/** DISP-121: the hazard driven through each threat by every vehicle, lost or not (SIM-10's `hazard`, legs done). */
function zoneHazard(s: SimState): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of s.vehicles.values()) for (const [id, h] of v.hazard) out[id] = (out[id] ?? 0) + h;
  return out;
}

/** SIM-19: who a vehicle carries (clocks at `now`), its stops ahead, its last trace position and where it is now. */
function carrying(s: SimState, v: SimVehicle): NonNullable<PlanVehicle['carrying']> {
  const job = v.job!;
  const at = positionNow(v, s.now);
  const aboard = job.aboard.map((id): PlanCasualty => {
    const c = s.casualties.get(id)!;
    return { id, atMin: c.atMin, rpm0: c.rpm, tau: c.tau + c.rate * (s.now - c.since), rate: c.rate, litter: c.litter, pos: at.pos };
  });
  const range = v.rangeKm === null ? null : v.rangeKm - v.sortieKm - at.km;
  return { aboard, ahead: job.stops.slice(job.index), from: v.anchor, posNow: at.pos, rangeLeftKm: range, diverted: v.diverted };
}

/**
 * DISP-76: what each facility's taken beds are waiting for (SIM-3): operations under way, the queue for the tables,
 * the casualties vehicles bring (dropped when the dropoff's unloading ends, as the live view times a vehicle's job)
 * and the casualties waiting at a stabilising stop (taken on at a pickup a vehicle is on its way to, else not known).
 */
function takenBeds(s: SimState): Map<string, TakenBeds> {
  const { now } = s;
  const out = new Map<string, TakenBeds>();
  const inbound = new Map<string, { at: number; surgical: boolean }[]>();
  const held = new Map<string, number[]>();
  const pickupAt = new Map<string, number>();
  for (const v of s.vehicles.values()) {
    const job = v.job;
    if (v.lost || !job) continue;
    for (const leg of job.timeline.legs) {
      if (leg.stopIndex < job.index) continue;
      const st = job.stops[leg.stopIndex]!;
      if (st.kind === 'pickup') pickupAt.set(st.casualtyId, leg.doneMin);
      if (st.kind !== 'dropoff') continue;
      const list = inbound.get(st.facilityId) ?? inbound.set(st.facilityId, []).get(st.facilityId)!;
      const ids = leg.stopIndex === job.index ? st.casualtyIds.slice(job.unloaded) : st.casualtyIds;
      for (const id of ids) list.push({ at: leg.doneMin, surgical: needsSurgery(s.casualties.get(id)!.rpm) });
    }
  }
  for (const c of s.casualties.values()) {
    if (!c.facilityId || (c.status !== 'waiting' && c.status !== 'assigned')) continue;
    (held.get(c.facilityId) ?? held.set(c.facilityId, []).get(c.facilityId)!).push(c.status === 'assigned' ? (pickupAt.get(c.id) ?? Infinity) : Infinity);
  }
  for (const f of s.facilities.values()) {
    out.set(f.id, {
      now,
      surgeryMin: s.model.surgeryMin,
      tableFreeAt: f.tables > 0 ? f.tableBusyUntil : [],
      inSurgery: f.tableBusyUntil.filter((u) => u > now + EPS),
      queued: f.queue.length,
      inbound: inbound.get(f.id) ?? [],
      held: held.get(f.id) ?? [],
      taken: f.occupied + f.reserved,
    });
  }
  return out;
}
