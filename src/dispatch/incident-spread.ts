// Distribution of a mass-casualty incident across facilities (issue 15 item 4): a post-pass over the live plan. The
// optimiser plans trip by trip and, with thirty casualties at one place, sends trip after trip to the same nearest
// facility. This pass counts what each facility already receives from incidents (destined or arrived) and what the
// plan sends there, and moves a trip that would exceed the facility's capacity — its surgical tables for casualties
// who need surgery, its free beds for the others — to the nearest facility that still has room. Trips of casualties
// not linked to an incident are left exactly as planned. Pure.
import { haversineKm } from '../core/geo-math.ts';
import { natoEquivalent } from '../core/triage-order.ts';
import type { CasualtyState, Facility, Position, Vehicle } from '../core/index.ts';
import { DEFAULT_SPEED_KMH } from './live-state.ts';
import { needsSurgery } from './survival.ts';
import type { LiveAssignment } from './live.ts';

export interface SpreadInput {
  casualties: CasualtyState[];
  facilities: Facility[];
  vehicles: Vehicle[];
  /** Surgical tables usable now per facility (complete teams on duty); default: the facility's own. */
  usableTables?: Record<string, number>;
  /** Road distance over straight line (default 1.3). */
  tortuosity?: number;
}

interface Load {
  surgical: number;
  all: number;
}

const surgicalCase = (c: CasualtyState | undefined, rpm: number): boolean =>
  needsSurgery(rpm) || (c?.triage.value ? natoEquivalent(c.triage.value) === 'T1' : false) || c?.precedence.value === 'urgent-surgical';

/** What a facility can take from incidents: its tables for surgical cases, its (free) beds for all. */
export function incidentCapacity(f: Facility, usableTables?: Record<string, number>): Load {
  return { surgical: usableTables?.[f.id] ?? f.surgicalTables, all: f.bedsAvailable ?? f.beds };
}

export function spreadIncidentTrips(plan: readonly LiveAssignment[], input: SpreadInput): LiveAssignment[] {
  // Only the plan's casualties are looked up: no map of every open casualty per plan (issue 16).
  const named = new Set(plan.map((p) => p.casualtyId));
  const byId = new Map<string, CasualtyState>();
  for (const c of input.casualties) if (named.has(c.id)) byId.set(c.id, c);
  const inIncident = (id: string): boolean => !!byId.get(id)?.incident;
  if (!plan.some((p) => inIncident(p.casualtyId))) return [...plan];
  const open = input.facilities.filter((f) => f.status !== 'closed' && f.status !== 'evacuating' && f.intake !== 'closed');
  const load = new Map<string, Load>(input.facilities.map((f) => [f.id, { surgical: 0, all: 0 }]));
  // Already on their way or arrived: incident casualties not in this plan.
  const planned = new Set(plan.map((p) => p.casualtyId));
  for (const c of input.casualties) {
    if (!c.incident || c.outcome || planned.has(c.id)) continue;
    const f = c.facilityId ?? c.destination.value;
    const l = f ? load.get(f) : undefined;
    if (!l) continue;
    l.all++;
    if (c.triage.value && natoEquivalent(c.triage.value) === 'T1') l.surgical++;
  }
  const trips = new Map<string, LiveAssignment[]>();
  for (const p of plan) trips.set(p.vehicleId, [...(trips.get(p.vehicleId) ?? []), p]);
  const out: LiveAssignment[] = [];
  for (const trip of trips.values()) {
    if (!trip.some((p) => inIncident(p.casualtyId))) {
      out.push(...trip);
      continue;
    }
    const need = { surgical: trip.filter((p) => surgicalCase(byId.get(p.casualtyId), p.rpm)).length, all: trip.length };
    const fits = (f: Facility): boolean => {
      const l = load.get(f.id)!;
      const cap = incidentCapacity(f, input.usableTables);
      return l.all + need.all <= cap.all && l.surgical + need.surgical <= cap.surgical;
    };
    const planned = input.facilities.find((f) => f.id === trip[0]!.facilityId);
    const from = byId.get(trip[0]!.casualtyId)?.position ?? planned?.position;
    let to = planned;
    if (planned && !fits(planned) && from) {
      const room = open.filter((f) => f.id !== planned.id && fits(f)).sort((a, b) => haversineKm(from, a.position) - haversineKm(from, b.position));
      if (room[0]) to = room[0];
    }
    const take = load.get(to?.id ?? '');
    if (take) {
      take.all += need.all;
      take.surgical += need.surgical;
    }
    if (!to || !planned || to.id === planned.id || !from) {
      out.push(...trip);
      continue;
    }
    const speed = input.vehicles.find((v) => v.id === trip[0]!.vehicleId)?.speedKmh ?? DEFAULT_SPEED_KMH.ambulance;
    const extra = minutesBetweenPlaces(from, to.position, speed, input.tortuosity ?? 1.3) - minutesBetweenPlaces(from, planned.position, speed, input.tortuosity ?? 1.3);
    const cap = incidentCapacity(planned, input.usableTables);
    for (const p of trip)
      out.push({ ...p, facilityId: to.id, etaFacilityMin: Math.max(p.etaPickupMin, p.etaFacilityMin + extra),
        reason: `${p.reason}${p.reason ? '; ' : ''}incident spread: ${planned.id} is full for this incident (${cap.surgical} tables, ${cap.all} beds), ${to.id} has room` });
  }
  // Keep the plan's order (best first).
  const order = new Map(plan.map((p, i) => [p.casualtyId, i]));
  return out.sort((a, b) => order.get(a.casualtyId)! - order.get(b.casualtyId)!);
}

const minutesBetweenPlaces = (a: Position, b: Position, speedKmh: number, tortuosity: number): number => ((haversineKm(a, b) * tortuosity) / speedKmh) * 60;
