// Live dispatch advice for `GET /api/dispatch/plan`: the optimiser run once on the current state.
// Pure: the caller passes current casualty states (core fold), vehicles, facilities, threat zones and `now`.
import { minutesBetween, natoEquivalent } from '../core/index.ts';
import type { CasualtyState, Facility, Position, ThreatZone, Vehicle, VehicleKind } from '../core/index.ts';
import { closestPolicy } from './policies.ts';
import { assessJob, makeOptimalPolicy } from './optimal.ts';
import type { OptimalParams } from './optimal.ts';
import { DEFAULT_MODEL, needsSurgery } from './survival.ts';
import type { SurvivalModel } from './survival.ts';
import { fliesByDefault, protectionOf } from './travel.ts';
import type { Threat } from './travel.ts';
import type { PlanCasualty, PlanFacility, PlanVehicle, PlanView, TravelParams } from './types.ts';

export interface LiveInput {
  casualties: CasualtyState[];
  vehicles: Vehicle[];
  facilities: Facility[];
  threats: ThreatZone[];
  /** ISO 8601 instant. */
  now: string;
  travel?: Partial<TravelParams>;
  model?: Partial<SurvivalModel>;
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
  /** The estimated RPM (0–12) used, and where it came from. */
  rpm: number;
  rpmSource: 'vitals' | 'triage' | 'precedence' | 'default';
  reason: string;
}

/** Speeds assumed when a vehicle record has none (km/h). */
export const DEFAULT_SPEED_KMH: Record<VehicleKind, number> = {
  ambulance: 50,
  armoured: 30,
  'civilian-car': 60,
  ugv: 10,
  drone: 60,
  helicopter: 200,
};
/** Loss per km assumed inside a threat zone that has no figures of its own. */
export const DEFAULT_LOSS_PER_KM = { unprotected: 0.02, armoured: 0.004, air: 0.03 };

const rrScore = (rr: number): number => (rr === 0 ? 0 : rr <= 9 ? 1 : rr <= 24 ? 4 : rr <= 35 ? 3 : 2);
const pulseScore = (p: number): number => (p === 0 ? 0 : p <= 59 ? 1 : p <= 120 ? 4 : p <= 140 ? 3 : 2);
/** Best motor response approximated from GCS (total) or AVPU. */
function motorScore(gcs: number | undefined, avpu: string | undefined): number | undefined {
  if (gcs !== undefined) return gcs >= 13 ? 4 : gcs >= 9 ? 3 : gcs >= 6 ? 2 : gcs >= 4 ? 1 : 0;
  if (avpu !== undefined) return ({ A: 4, V: 3, P: 2, U: 0 } as Record<string, number>)[avpu];
  return undefined;
}

/** Sacco's RPM from the latest vitals (each sign from its latest record), else from triage or precedence. */
export function estimateRpm(c: CasualtyState): { rpm: number; source: LiveAssignment['rpmSource'] } {
  let rr: number | undefined;
  let pulse: number | undefined;
  let gcs: number | undefined;
  let avpu: string | undefined;
  for (const v of [...c.vitals].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))) {
    rr = v.rr ?? rr;
    pulse = v.pulse ?? pulse;
    if (v.gcs !== undefined || v.avpu !== undefined) {
      gcs = v.gcs;
      avpu = v.avpu;
    }
  }
  const motor = motorScore(gcs, avpu);
  if (rr !== undefined && pulse !== undefined && motor !== undefined) return { rpm: rrScore(rr) + pulseScore(pulse) + motor, source: 'vitals' };
  const t = c.triage.value ? natoEquivalent(c.triage.value) : null;
  if (t && t !== 'dead') return { rpm: { T1: 5, T2: 8, T3: 11, T4: 2 }[t], source: 'triage' };
  const p = c.precedence.value;
  if (p) return { rpm: { urgent: 5, 'urgent-surgical': 5, priority: 8, routine: 11, convenience: 12 }[p], source: 'precedence' };
  if (rr !== undefined || pulse !== undefined || motor !== undefined) {
    return { rpm: (rr !== undefined ? rrScore(rr) : 4) + (pulse !== undefined ? pulseScore(pulse) : 4) + (motor ?? 4), source: 'vitals' };
  }
  return { rpm: 8, source: 'default' };
}

const roleOf = (r: Facility['role']): PlanFacility['role'] => (r === 'R2' ? 'R2' : r === 'R3' || r === 'R4' ? 'R3' : 'R1');

/** Recommended assignments for idle vehicles, best first. */
export function planLive(input: LiveInput): LiveAssignment[] {
  const now = input.now;
  const model: SurvivalModel = { ...DEFAULT_MODEL, ...input.model };
  const travel: TravelParams = { tortuosity: 1.35, loadMin: 5, unloadMin: 5, ...input.travel };
  const facilities: PlanFacility[] = input.facilities.map((f) => {
    const tables = f.role === 'R2' || f.role === 'R3' || f.role === 'R4' ? f.surgicalTables : 0;
    const freeTables = Math.min(tables, f.tablesAvailable ?? tables);
    const closed = f.status === 'closed' || f.status === 'evacuating' || f.intake === 'closed';
    return {
      id: f.id,
      role: roleOf(f.role),
      pos: f.position,
      beds: f.beds,
      bedsFree: f.bedsAvailable ?? f.beds,
      surgicalTables: tables,
      // Tables in use are assumed half-way through an operation.
      tableFreeAt: Array.from({ length: tables }, (_, i) => (i < freeTables ? 0 : model.surgeryMin / 2)),
      surgicalBacklog: 0,
      open: closed ? [] : null,
    };
  });
  const facilityById = new Map(facilities.map((f) => [f.id, f]));
  const rpms = new Map<string, ReturnType<typeof estimateRpm>>();
  const casualties: PlanCasualty[] = [];
  for (const c of input.casualties) {
    // Where to pick the casualty up: the 9-line's line 1 (the pickup site the medic asked for), else the position
    // recorded at registration. Most casualties reach the board with only the 9-line location.
    const position = c.evac.nineLine?.location ?? c.position;
    if (!position || c.outcome) continue;
    const est = estimateRpm(c);
    const atFacility = c.stage === 'at-facility' && c.facilityId ? facilityById.get(c.facilityId) : undefined;
    const waiting = c.stage === 'at-poi' || c.stage === 'requested' || (atFacility?.role === 'R1' && needsSurgery(est.rpm));
    if (!waiting) continue;
    rpms.set(c.id, est);
    const elapsed = c.injuredAt ? Math.max(0, minutesBetween(c.injuredAt, now)) : 0;
    casualties.push({
      id: c.id,
      atMin: -elapsed,
      rpm0: est.rpm,
      // The RPM is a current estimate: its clock starts now.
      tau: 0,
      rate: atFacility ? model.clockStabilised : 1,
      // Critical casualties are assumed to need a stretcher.
      litter: needsSurgery(est.rpm),
      pos: atFacility ? atFacility.pos : position,
      ...(atFacility ? { facilityId: atFacility.id } : {}),
    });
  }
  const vehicles: PlanVehicle[] = [];
  for (const v of input.vehicles) {
    if (v.status !== 'available') continue;
    const base = v.baseFacilityId ? facilityById.get(v.baseFacilityId)?.pos : undefined;
    const pos: Position | undefined = v.position ?? base;
    if (!pos) continue;
    vehicles.push({
      id: v.id,
      kind: v.kind,
      protection: protectionOf(v.kind),
      straightLine: fliesByDefault(v.kind),
      speedKmh: v.speedKmh ?? DEFAULT_SPEED_KMH[v.kind],
      medic: v.medic,
      // Without a litter count, a vehicle is assumed to carry one stretcher.
      litter: Math.max(v.litter, v.litter + v.seated === 0 ? 1 : 0),
      seated: v.seated,
      pos,
      basePos: base ?? pos,
      freeAt: 0,
      idle: true,
      rangeLeftKm: v.rangeKm ?? null,
      available: null,
    });
  }
  const threats: Threat[] = input.threats.map((t) => ({
    id: t.id,
    polygon: t.polygon,
    fromMin: t.from ? minutesBetween(now, t.from) : -1e9,
    toMin: t.to ? minutesBetween(now, t.to) : 1e9,
    lossPerKm: t.lossPerKm ?? DEFAULT_LOSS_PER_KM,
  }));
  const view: PlanView = { now: 0, casualties, vehicles, facilities, threats, travel, model, horizonMin: 0, expectedRatePerMin: 0 };
  const params = { ...input.params, delayMin: input.params?.delayMin ?? 60 };
  const jobs = makeOptimalPolicy(params).plan(view);
  const closestJobs = closestPolicy.plan(view);
  const out: LiveAssignment[] = [];
  for (const job of jobs) {
    const a = assessJob(view, job, params);
    if (!a) continue;
    for (const [cid, expected] of a.expected) {
      const cj = closestJobs.find((j) => j.stops.some((s) => s.kind === 'pickup' && s.casualtyId === cid));
      const ca = cj ? assessJob(view, cj, params) : null;
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
      });
    }
  }
  out.sort((x, y) => y.survivalGain - x.survivalGain || (x.casualtyId < y.casualtyId ? -1 : 1));
  return out;
}
