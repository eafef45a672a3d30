// Test scene shared by the small-fleet tests (DISP-28, DISP-33): vehicles at an R2 west of a threat band that every
// casualty lies in. Only tests import it.
import { DEFAULT_MODEL } from './survival.ts';
import type { PlanCasualty, PlanVehicle, PlanView } from './types.ts';

export const pos = (lat: number, lon: number) => ({ lat, lon });
export const amb: PlanVehicle = {
  id: 'amb', kind: 'ambulance', protection: 'unprotected', straightLine: false, speedKmh: 50, medic: true, litter: 2, seated: 2,
  pos: pos(48.5, 37.7), basePos: pos(48.5, 37.7), freeAt: 60, idle: true, rangeLeftKm: null, available: null,
};
export const car: PlanVehicle = { ...amb, id: 'car', kind: 'civilian-car', litter: 0 };
export const far: PlanCasualty = { id: 'far', atMin: 50, rpm0: 5, tau: 10, rate: 1, litter: true, pos: pos(48.55, 38.0) };
export const near: PlanCasualty = { id: 'near', atMin: 55, rpm0: 9, tau: 5, rate: 1, litter: true, pos: pos(48.45, 37.95) };

/** The band scene at minute 60 with 180 min left, casualties reported at `ratePerMin`. */
export function bandView(casualties: PlanCasualty[], vehicles: PlanVehicle[], ratePerMin: number): PlanView {
  return {
    now: 60,
    casualties,
    vehicles,
    facilities: [{ id: 'r2', role: 'R2', pos: pos(48.5, 37.7), beds: 20, bedsFree: 20, surgicalTables: 2, tableFreeAt: [60, 60], surgicalBacklog: 0, open: null }],
    threats: [{ id: 'band', polygon: [pos(48.4, 37.9), pos(48.4, 38.1), pos(48.7, 38.1), pos(48.7, 37.9)], fromMin: 0, toMin: 2000, lossPerKm: { unprotected: 0.03, armoured: 0.006, air: 0.03 } }],
    travel: { tortuosity: 1.3, loadMin: 5, unloadMin: 5 },
    model: DEFAULT_MODEL,
    horizonMin: 240,
    expectedRatePerMin: ratePerMin,
  };
}
