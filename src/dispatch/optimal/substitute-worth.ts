// DISP-102: a vehicle's loss priced by what the rest of the fleet cannot do in its place (its substitutes).
//
// The flat price (DISP-6) gives every vehicle one share of the demand to come; DISP-98's pace share gave the fast one
// more, and so kept one of two helicopters whose loss the other would have made up. Here the price of losing v is the
// fleet's reachable value with v less that without it, over the casualties to come: each is taken to be like one of
// the latest reports (same place and RPM, fresh), fetched from its base by the vehicle that does best for it (chance
// of getting through both ways times the survival it adds at the facility); v is worth, per casualty to come, what it
// adds over the best of the others, for as many trips as it has time for before the horizon. The flat price stays the
// floor (`vehicleWorth`), so a vehicle others can replace costs what it costs today.
import type { Position } from '../../core/index.ts';
import { definitiveFor, fits } from '../common.ts';
import { survivalAt, survivalLimit, vehicleClockRate } from '../survival.ts';
import { legKm, legMinutes } from '../travel.ts';
import type { PlanCasualty, PlanFacility, PlanVehicle, PlanView } from '../types.ts';
import type { Ctx } from './context-types.ts';

/** The most report places sampled (the view's latest reports, then casualties waiting). */
const MAX_SAMPLES = 16;
/** The least chance another vehicle is free for a casualty to come, however loaded the fleet. */
const MIN_FREE = 0.05;

interface Sample {
  pos: Position;
  rpm0: number;
  /** The nearest facility that treats it (definitive care), if any. */
  f: PlanFacility;
}

/** The share of the time left to the horizon the vehicle is in service (1 without windows). */
export function inServiceShare(view: PlanView, v: PlanVehicle): number {
  const left = view.horizonMin - view.now;
  if (!v.available || !(left > 0)) return 1;
  return v.available.reduce((a, [from, to]) => a + Math.max(0, Math.min(to, view.horizonMin) - Math.max(from, view.now)), 0) / left;
}

function samplesOf(view: PlanView, current: readonly PlanCasualty[]): Sample[] {
  const seen = new Set<string>();
  const out: Sample[] = [];
  const add = (pos: Position, rpm0: number): void => {
    const key = `${pos.lat},${pos.lon},${rpm0}`;
    if (out.length >= MAX_SAMPLES || seen.has(key)) return;
    seen.add(key);
    let f: PlanFacility | undefined;
    let best = Infinity;
    for (const g of view.facilities) {
      if (!definitiveFor({ rpm0 } as PlanCasualty, g) || g.open?.length === 0) continue;
      const d = (g.pos.lat - pos.lat) ** 2 + ((g.pos.lon - pos.lon) * Math.cos((pos.lat * Math.PI) / 180)) ** 2;
      if (d < best) [best, f] = [d, g];
    }
    if (f) out.push({ pos, rpm0, f });
  };
  const recent = view.recent ?? [];
  for (let i = recent.length - 1; i >= 0; i--) add(recent[i]!.pos, recent[i]!.rpm0);
  for (const c of current) if (!c.facilityId) add(c.pos, c.rpm0);
  return out;
}

/**
 * Sets `ctx.worth` for each vehicle whose substitutes fall short (`fastOnly`: only vehicles at least twice the
 * fleet's lower median pace, DISP-98's fast ones). `toCome`: the casualties expected to the horizon.
 */
export function substituteWorth(ctx: Ctx, current: readonly PlanCasualty[], toCome: number, fastOnly: boolean): void {
  const { view, p, geo } = ctx;
  const left = view.horizonMin - view.now;
  if (!(toCome > 0) || !(left > 0) || !view.threats.some((t) => t.toMin > view.now)) return;
  const fleet = view.vehicles.filter((v) => (fits(v, 0, 1) || fits(v, 1, 1)) && inServiceShare(view, v) > 0);
  if (fleet.length < 2) return;
  const samples = samplesOf(view, current);
  if (samples.length === 0) return;
  const { tortuosity, loadMin, unloadMin } = view.travel;
  const start = view.now;
  // gain[i][s]: what vehicle i adds to a fresh casualty like sample s (its chance of getting through times the survival
  // care adds); minutes[i][s]: its round trip from base.
  const gain: number[][] = [];
  const minutes: number[][] = [];
  for (const v of fleet) {
    const g: number[] = [];
    const mins: number[] = [];
    for (const s of samples) {
      const out = legKm(v.basePos, s.pos, v, tortuosity);
      const carry = legKm(s.pos, s.f.pos, v, tortuosity);
      const back = legKm(s.f.pos, v.basePos, v, tortuosity);
      const tOut = legMinutes(out, v.speedKmh);
      const tCarry = legMinutes(carry, v.speedKmh);
      mins.push(tOut + tCarry + legMinutes(back, v.speedKmh) + loadMin + unloadMin);
      if (v.rangeLeftKm !== null && out + carry + back > v.rangeLeftKm) {
        g.push(0);
        continue;
      }
      const alive = geo.legSurvival(v.basePos, s.pos, out, start, tOut, v.protection) * geo.legSurvival(s.pos, s.f.pos, carry, start + tOut + loadMin, tCarry, v.protection);
      const tau = tOut + loadMin + tCarry * vehicleClockRate(v.medic, ctx.model);
      g.push(alive * Math.max(0, survivalAt(s.rpm0, tau, ctx.model) - survivalLimit(s.rpm0, ctx.model)));
    }
    gain.push(g);
    minutes.push(mins);
  }
  const share = fleet.map((v) => inServiceShare(view, v));
  const meanTrip = minutes.map((m) => Math.max(1, m.reduce((a, x) => a + x, 0) / m.length));
  // The fleet's load: the casualties to come against the trips the fleet has time for. Each other vehicle is free for
  // a casualty with the chance 1 − load (at least MIN_FREE), so under load a vehicle's substitutes are often busy.
  const capacity = fleet.reduce((a, _, i) => a + (left * share[i]!) / meanTrip[i]!, 0);
  const free = Math.min(1, Math.max(MIN_FREE, 1 - toCome / Math.max(1e-9, capacity)));
  const pace = (v: PlanVehicle): number => v.speedKmh / (v.straightLine ? 1 : tortuosity);
  const paces = fleet.map(pace).sort((a, b) => a - b);
  const fast = fastOnly ? 2 * paces[Math.floor((paces.length - 1) / 2)]! : 0;
  const others: number[] = [];
  for (let i = 0; i < fleet.length; i++) {
    const v = fleet[i]!;
    if (pace(v) < fast) continue;
    let marginal = 0;
    for (let s = 0; s < samples.length; s++) {
      // What the others give a casualty like s: the best of them that is free (in service and not busy).
      others.length = 0;
      for (let j = 0; j < fleet.length; j++) if (j !== i && gain[j]![s]! > 0) others.push(gain[j]![s]!);
      others.sort((a, b) => b - a);
      let other = 0;
      let none = 1;
      for (let k = 0; k < others.length && none > 1e-4; k++) {
        other += none * free * others[k]!;
        none *= 1 - free;
      }
      marginal += Math.max(0, gain[i]![s]! - other);
    }
    // Per casualty to come, for as many as it has trips for while in service.
    const trips = Math.max(1, (left * share[i]!) / meanTrip[i]!);
    const worth = (share[i]! * marginal * Math.min(toCome, trips)) / samples.length;
    if (worth > ctx.vehicleValue) ctx.worth.set(v.id, Math.min(p.maxVehicleValue, worth));
    // DISP-145: one of many interchangeable vehicles costs the fleet little; never below the one-trip term (DISP-28).
    else if (p.substituteBelowFlat) ctx.worth.set(v.id, Math.max(p.serviceValue, worth));
  }
  if (ctx.worth.size > 0) ctx.worthKey = JSON.stringify([...ctx.worth]);
}
