// Live dispatch advice for `GET /api/dispatch/plan`: the optimiser run once on the planning view the simulator would
// have in the same situation (live-state.ts, DISP-14). Pure: the caller passes casualty states (core fold), entities
// and `now`.
import type { CasualtyState } from '../core/index.ts';
import { liveState, latestRpm } from './live-state.ts';
import type { LiveStateInput, RpmSource } from './live-state.ts';
import { closestPolicy } from './policies.ts';
import { idleVehicles } from './common.ts';
import type { Job, PlanCasualty, PlanView } from './types.ts';
import { assessContext, assessJobIn, DEFAULT_OPTIMAL_PARAMS, makeOptimalPolicy } from './optimal.ts';
import type { PlanMemo } from './live-memo.ts';
import type { OptimalParams } from './optimal.ts';
import { waitingLeftOut, waitingReasons } from './waiting-reason.ts';
import type { WaitingReason } from './waiting-reason.ts';

export { DEFAULT_LOSS_PER_KM, DEFAULT_SPEED_KMH } from './live-state.ts';

/**
 * The plan's input is the live view's (`liveState`, which it is handed on to; `casualties`: waiting ones are planned
 * for, the others make vehicles busy and fill beds and queues) and the optimiser's parameters. Divert and aboard
 * are not the caller's: the plan sets them from the parameters, as the simulator does.
 */
export interface LiveInput extends Pick<LiveStateInput, 'casualties' | 'vehicles' | 'facilities' | 'threats' | 'now' | 'travel' | 'model' | 'usableTables'> {
  params?: Partial<OptimalParams>;
}

export interface LiveAssignment {
  casualtyId: string;
  vehicleId: string;
  facilityId: string;
  /** Minutes from now until the vehicle reaches the casualty, and the facility. */
  etaPickupMin: number;
  etaFacilityMin: number;
  /** Expected survival if the plan is carried out (threat risk included). */
  expectedSurvival: number;
  /** Gain over not acting now (the same plan an hour later). */
  survivalGain: number;
  /** Gain over what `closest` would do for this casualty (null when closest would not move it now). */
  survivalGainVsClosest: number | null;
  /** The RPM at injury used (0–12, from the latest vitals and the time since injury), and where it came from. */
  rpm: number;
  rpmSource: RpmSource;
  reason: string;
  /**
   * A diversion (SIM-14): the vehicle is on its way to these casualties, has picked no one up, and this plan sends it
   * elsewhere instead; they wait again. Absent for a vehicle that is free.
   */
  divertFrom?: string[];
  /**
   * The vehicle is on its way to other casualties of this trip and carries on (SIM-15): this casualty is added after
   * them. Accepted as `evac.assigned` with `addsToLeg`, for the added casualties only. Absent on the others.
   */
  addsToLeg?: true;
}

/** Sacco's RPM from the latest vitals (each sign from its latest record), else from triage or precedence. */
export function estimateRpm(c: CasualtyState): { rpm: number; source: RpmSource } {
  const { rpm, source } = latestRpm(c);
  return { rpm, source };
}

/**
 * Recommended assignments for idle vehicles, best first. With a memo, what an earlier plan at the same `now` computed
 * and is still valid is reused (live-memo.ts): the answer is the same as without.
 */
export function planLive(input: LiveInput, memo?: PlanMemo, waiting?: WaitingReason[]): LiveAssignment[] {
  const params = { ...input.params, delayMin: input.params?.delayMin ?? 60 };
  // Vehicles on their way are shown re-plannable exactly when the policy re-plans them, as in the simulator (SIM-14).
  const divert = params.divert ?? DEFAULT_OPTIMAL_PARAMS.divert;
  // Vehicles with casualties aboard are shown with them exactly when the policy adds to such legs (SIM-19).
  // DISP-97's waypoints use the same view of a leg with casualties aboard.
  const addAboard = (params.addAboard ?? DEFAULT_OPTIMAL_PARAMS.addAboard) !== 'off' || (params.waypoints ?? DEFAULT_OPTIMAL_PARAMS.waypoints) !== 'off';
  const { view, rpm: rpms } = liveState({ ...input, divert, addAboard }, memo?.deriver(input), memo?.work);
  const onTheWay = new Map(view.vehicles.flatMap((v) => (v.enRoute ? [[v.id, v.enRoute] as const] : [])));
  const carrying = new Set(view.vehicles.flatMap((v) => (v.carrying ? [v.id] : [])));
  const jobs = makeOptimalPolicy(params).plan(view, memo?.scores);
  const closestJobs = closestPlan(view);
  // Indexed for the casualties these jobs pick up only: the ones assessed below.
  const pickedUp = new Set([...jobs, ...closestJobs].flatMap((j) => j.stops.flatMap((s) => (s.kind === 'pickup' ? [s.casualtyId] : []))));
  const assess = assessContext(view, params, pickedUp, memo?.assess);
  const out: LiveAssignment[] = [];
  for (const job of jobs) {
    const a = assessJobIn(assess, job);
    if (!a) continue;
    const fetching = onTheWay.get(job.vehicleId);
    // SIM-19: a job for a vehicle with casualties aboard adds its pickups to the leg under way, as SIM-15's does.
    const extension = carrying.has(job.vehicleId) || (fetching !== undefined && addsToLeg(job, fetching));
    const left = extension ? undefined : fetching?.filter((id) => !a.expected.has(id));
    for (const [cid, expected] of a.expected) {
      const cj = closestJobs.find((j) => j.stops.some((s) => s.kind === 'pickup' && s.casualtyId === cid));
      const ca = cj ? assessJobIn(assess, cj) : null;
      const est = rpms.get(cid)!;
      out.push({
        casualtyId: cid,
        vehicleId: job.vehicleId,
        facilityId: a.facilityId,
        etaPickupMin: a.pickupEta.get(cid)!,
        etaFacilityMin: a.facilityEta,
        expectedSurvival: expected,
        survivalGain: expected - a.delayed.get(cid)!,
        survivalGainVsClosest: ca ? expected - ca.expected.get(cid)! : null,
        rpm: est.rpm,
        rpmSource: est.source,
        reason: job.reason ?? '',
        ...(left ? { divertFrom: left } : {}),
        ...(extension && !fetching?.includes(cid) ? { addsToLeg: true as const } : {}),
      });
    }
  }
  out.sort((x, y) => y.survivalGain - x.survivalGain || (x.casualtyId < y.casualtyId ? -1 : 1));
  if (waiting) {
    // Read after the plan is made, in a context of their own: the plan's decisions and memory are untouched.
    const planned = new Set(out.map((x) => x.casualtyId));
    const used = new Set(out.map((x) => x.vehicleId));
    waiting.push(...waitingReasons(view, assessContext(view, params, new Set(waitingLeftOut(view, planned))), planned, used));
  }
  return out;
}

/** SIM-15: a job that goes on to a pickup the vehicle is on its way to and keeps all of them adds to its leg. */
function addsToLeg(job: Job, fetching: readonly string[]): boolean {
  const first = job.stops[0];
  const pickups = new Set(job.stops.flatMap((s) => (s.kind === 'pickup' ? [s.casualtyId] : [])));
  return first?.kind === 'pickup' && fetching.includes(first.casualtyId) && fetching.every((id) => pickups.has(id));
}

const byArrival = (a: PlanCasualty, b: PlanCasualty): number => a.atMin - b.atMin || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * `closestPolicy.plan(view)` without sorting every waiting casualty (issue 16): `closest` takes casualties in order of
 * arrival until the free vehicles run out, so it is run on the earliest few; when they did not use up the vehicles,
 * on more of them, up to all. The same jobs: the casualties it never reached cannot change what it did.
 */
export function closestPlan(view: PlanView): Job[] {
  const free = new Set(idleVehicles(view).map((v) => v.id)).size;
  const all = view.casualties;
  for (let k = free + 8; ; k *= 4) {
    if (k >= all.length) return closestPolicy.plan(view);
    const jobs = closestPolicy.plan({ ...view, casualties: earliest(all, k) });
    if (jobs.length >= free) return jobs;
  }
}

/** The k casualties first in order of arrival (ids unique: a strict order), in that order. */
function earliest(xs: readonly PlanCasualty[], k: number): PlanCasualty[] {
  const out: PlanCasualty[] = [];
  for (const c of xs) {
    if (out.length >= k && byArrival(c, out[out.length - 1]!) >= 0) continue;
    let at = out.length;
    while (at > 0 && byArrival(c, out[at - 1]!) < 0) at--;
    out.splice(at, 0, c);
    if (out.length > k) out.pop();
  }
  return out;
}
