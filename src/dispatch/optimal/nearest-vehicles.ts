// DISP-3: the vehicles each casualty is valued with. Asked for every open casualty each round (1,000 × 100 vehicles in
// the re-plan benchmark), so it is made once per round over flat arrays (issue 11): the same picks as sorting every
// vehicle by time to reach the casualty, without an object per pair or the trigonometry of vehicles that cannot be
// among them.
import { cosLat, haversineKmCos, KM_PER_DEGREE_LAT } from '../../core/geo-math.ts';
import { fits } from '../common.ts';
import { needsSurgery } from '../survival.ts';
import { legKm, legMinutes } from '../travel.ts';
import type { PlanCasualty, PlanVehicle, PlanView } from '../types.ts';

const CLASSES = ['unprotected', 'armoured', 'air'] as const;

/**
 * Of the vehicles that can carry the casualty (`fits`, as `bestScore` asks), the `k` nearest by time to reach it, and
 * the nearest of each protection class, as places in `vehicles`: the first `k` of a stable sort by that time, then each
 * class's first in it. One that cannot carry it is left out before the nearest are counted: cars without a litter place
 * among a stretcher case's nearest took the places of helicopters and ambulances that could fetch it, whose pairs were
 * then never valued (generated 994-61). So is one whose range cannot take it there and back (`withinRange`): eight
 * drones took the places of every ambulance but the nearest, which was then every casualty's alternative, and a burst
 * of 16 waited 50 min with 33 vehicles at base (generated 999-186). DISP-113 (`freeOfClass`): also each class's nearest
 * vehicle free to go now without a re-plan (`freeNow`), where the class's nearest is on its way elsewhere or busy: in
 * held-out 1017-50 the nearest armoured car was on its way to a minor casualty, a divert DISP-16 refused, and the free
 * one just behind it was never valued for a critical casualty in a zone (`critical`: for casualties of RPM ≤ 9 only;
 * `all`: every casualty). The reference the fast pick is checked against.
 */
export function nearestVehiclesSorted(view: PlanView, vehicles: readonly PlanVehicle[], c: PlanCasualty, k: number, freeOfClass: FreeOfClass = 'off'): Set<number> {
  const litter = c.litter ? 1 : 0;
  const eta: { i: number; v: PlanVehicle; t: number }[] = [];
  for (let i = 0; i < vehicles.length; i++) {
    const v = vehicles[i]!;
    if (fits(v, litter, 1) && withinRange(view, v, c)) eta.push({ i, v, t: etaMin(view, v, haversineKmCos(v.pos.lat, v.pos.lon, cosLat(v.pos.lat), c.pos.lat, c.pos.lon, cosLat(c.pos.lat))) });
  }
  eta.sort((x, y) => x.t - y.t);
  const pick = new Set(eta.slice(0, k).map((e) => e.i));
  for (const cls of CLASSES) {
    const first = eta.find((e) => e.v.protection === cls);
    if (first) pick.add(first.i);
    const free = freeFor(freeOfClass, c) ? eta.find((e) => e.v.protection === cls && freeNow(e.v)) : undefined;
    if (free) pick.add(free.i);
  }
  return pick;
}

/** DISP-113: a vehicle the round can send now without re-planning a leg (idle, not on its way to anyone). */
export const freeNow = (v: PlanVehicle): boolean => v.idle && !(v.enRoute && v.enRoute.length > 0);

/** DISP-113's modes (`classFreeNearest`). */
export type FreeOfClass = 'off' | 'critical' | 'all';

/** Whether DISP-113 adds each class's nearest free vehicle for this casualty. */
const freeFor = (mode: FreeOfClass, c: PlanCasualty): boolean => mode === 'all' || (mode === 'critical' && needsSurgery(c.rpm0));

/**
 * Whether some job could take the vehicle to the casualty and back to base within its range (`feasibleTimeline`'s
 * count): out and back at least, as the way from the casualty through any facility or hand-off point to base is no
 * shorter than straight to base. A drone that cannot get there and back is no vehicle that can fetch it (DISP-3).
 */
export function withinRange(view: PlanView, v: PlanVehicle, c: PlanCasualty): boolean {
  if (v.rangeLeftKm === null) return true;
  const tort = view.travel.tortuosity;
  return legKm(v.pos, c.pos, v, tort) + legKm(c.pos, v.basePos, v, tort) <= v.rangeLeftKm + 1e-6;
}

const etaMin = (view: PlanView, v: PlanVehicle, km: number): number => Math.max(0, v.freeAt - view.now) + legMinutes(km * (v.straightLine ? 1 : view.travel.tortuosity), v.speedKmh);

/**
 * `nearestVehiclesSorted` for every casualty of a round, made once for its vehicles: the first `k` by (time, place) kept
 * in one pass, each class's first alongside. A vehicle whose time to the casualty by the difference in latitude alone
 * (a lower bound of the great-circle distance, less a margin for rounding) is already beyond the k-th kept and its
 * class's first cannot be picked, and is skipped without the haversine. A time that is not finite (a vehicle of speed 0
 * …) leaves the order to the sort: that casualty is answered by it.
 */
export function makeNearestVehicles(view: PlanView, vehicles: readonly PlanVehicle[], k: number, freeOfClass: FreeOfClass = 'off'): (c: PlanCasualty) => Set<number> {
  const n = vehicles.length;
  if (!Number.isInteger(k) || k < 0) return (c) => nearestVehiclesSorted(view, vehicles, c, k, freeOfClass);
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  const cos = new Float64Array(n);
  const wait = new Float64Array(n);
  const tort = new Float64Array(n);
  const speed = new Float64Array(n);
  const cls = new Int8Array(n);
  // DISP-113: 1 where the vehicle counts for its class's nearest free one.
  const free = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = vehicles[i]!;
    lat[i] = v.pos.lat;
    lon[i] = v.pos.lon;
    cos[i] = cosLat(v.pos.lat);
    wait[i] = Math.max(0, v.freeAt - view.now);
    tort[i] = v.straightLine ? 1 : view.travel.tortuosity;
    speed[i] = v.speedKmh;
    cls[i] = CLASSES.indexOf(v.protection);
    free[i] = freeOfClass !== 'off' && cls[i]! >= 0 && freeNow(v) ? 1 : 0;
  }
  const topT = new Float64Array(k);
  const topI = new Int32Array(k);
  const clsT = new Float64Array(CLASSES.length);
  const clsI = new Int32Array(CLASSES.length);
  const freeT = new Float64Array(CLASSES.length);
  const freeI = new Int32Array(CLASSES.length);
  return (c) => {
    const litter = c.litter ? 1 : 0;
    const cLat = c.pos.lat;
    const cLon = c.pos.lon;
    const cCos = cosLat(cLat);
    let m = 0;
    clsI.fill(-1);
    freeI.fill(-1);
    const withFree = freeFor(freeOfClass, c);
    for (let i = 0; i < n; i++) {
      if (!fits(vehicles[i]!, litter, 1) || !withinRange(view, vehicles[i]!, c)) continue;
      const ci = cls[i]!;
      const fr = withFree && free[i] === 1;
      const full = m === k;
      if ((full || k === 0) && (ci < 0 || clsI[ci]! >= 0) && (!fr || freeI[ci]! >= 0)) {
        const lbKm = Math.abs(lat[i]! - cLat) * KM_PER_DEGREE_LAT * (1 - 1e-9) - 1e-9;
        const lb = wait[i]! + legMinutes(Math.max(0, lbKm) * tort[i]!, speed[i]!);
        if ((k === 0 || lb > topT[k - 1]!) && (ci < 0 || lb > clsT[ci]!) && (!fr || lb > freeT[ci]!)) continue;
      }
      const t = wait[i]! + legMinutes(haversineKmCos(lat[i]!, lon[i]!, cos[i]!, cLat, cLon, cCos) * tort[i]!, speed[i]!);
      if (!Number.isFinite(t)) return nearestVehiclesSorted(view, vehicles, c, k, freeOfClass);
      if (ci >= 0 && (clsI[ci]! < 0 || t < clsT[ci]!)) {
        clsT[ci] = t;
        clsI[ci] = i;
      }
      if (fr && (freeI[ci]! < 0 || t < freeT[ci]!)) {
        freeT[ci] = t;
        freeI[ci] = i;
      }
      if (k === 0 || (full && !(t < topT[k - 1]!))) continue;
      // Insert after every kept one of the same time (they come earlier in `vehicles`: a stable sort's order).
      let at = full ? k - 1 : m++;
      while (at > 0 && t < topT[at - 1]!) {
        topT[at] = topT[at - 1]!;
        topI[at] = topI[at - 1]!;
        at--;
      }
      topT[at] = t;
      topI[at] = i;
    }
    const pick = new Set<number>();
    for (let r = 0; r < m; r++) pick.add(topI[r]!);
    for (let q = 0; q < CLASSES.length; q++) {
      if (clsI[q]! >= 0) pick.add(clsI[q]!);
      if (freeI[q]! >= 0) pick.add(freeI[q]!);
    }
    return pick;
  };
}
