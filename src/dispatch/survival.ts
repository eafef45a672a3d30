// Survival model "goldenhour-survival/1" (see docs/scenario.md): Sacco's RPM deterioration.
// A casualty's state is its RPM at injury plus an effective clock `tau` (minutes of untreated deterioration):
// the clock runs at rate 1 at the point of injury, slower aboard a vehicle with a medic and at a facility.

/** Survival probability by RPM 0…12. */
export const SURVIVAL_BY_RPM: readonly number[] = [0.052, 0.089, 0.15, 0.23, 0.35, 0.49, 0.63, 0.75, 0.84, 0.9, 0.94, 0.97, 0.98];

/** Row = RPM at injury; columns = RPM after 30, 60, …, 360 min without definitive care. */
export const DETERIORATION: readonly (readonly number[])[] = [
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0],
  [6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0],
  [8, 7, 6, 5, 4, 3, 2, 1, 0, 0, 0, 0],
  [9, 8, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0],
  [10, 9, 9, 8, 8, 7, 6, 6, 5, 5, 4, 4],
  [11, 11, 10, 10, 9, 8, 8, 7, 7, 6, 6, 5],
  [12, 12, 11, 11, 10, 10, 10, 10, 9, 9, 8, 8],
];

export const STEP_MIN = 30;
export const TABLE_SPAN_MIN = 360;

export interface SurvivalModel {
  survival: readonly number[];
  deterioration: readonly (readonly number[])[];
  survivalIfVehicleHit: number;
  clockWithMedic: number;
  clockStabilised: number;
  surgeryMin: number;
}

export const DEFAULT_MODEL: SurvivalModel = {
  survival: SURVIVAL_BY_RPM,
  deterioration: DETERIORATION,
  survivalIfVehicleHit: 0.3,
  clockWithMedic: 0.8,
  clockStabilised: 0.5,
  surgeryMin: 90,
};

export type TriageCategory = 'T1' | 'T2' | 'T3';

/** Sacco's cut: RPM ≤ 6 T1, 7–9 T2, ≥ 10 T3. */
export function triageOf(rpm: number): TriageCategory {
  return rpm <= 6 ? 'T1' : rpm <= 9 ? 'T2' : 'T3';
}

/** RPM ≤ 9 at injury needs surgery at an R2/R3; RPM ≥ 10 reaches definitive care on arrival at any facility. */
export const needsSurgery = (rpm: number): boolean => rpm <= 9;

function clampRpm(r: number): number {
  return Math.max(0, Math.min(12, Math.round(r)));
}

/** RPM reached after `tau` clock-minutes (the last completed 30-min step; past 360 min, continue from the reached row). */
export function rpmAt(rpm0: number, tau: number, m: SurvivalModel = DEFAULT_MODEL): number {
  let row = clampRpm(rpm0);
  let t = Math.max(0, tau);
  for (let guard = 0; t >= TABLE_SPAN_MIN && guard < 1000; guard++) {
    const next = m.deterioration[row]![11]!;
    t -= TABLE_SPAN_MIN;
    if (next === row) return row;
    row = next;
  }
  const k = Math.floor(t / STEP_MIN);
  return k === 0 ? row : m.deterioration[row]![k - 1]!;
}

/** Survival probability after `tau` clock-minutes, interpolated linearly between 30-min steps. */
export function survivalAt(rpm0: number, tau: number, m: SurvivalModel = DEFAULT_MODEL): number {
  let row = clampRpm(rpm0);
  let t = Math.max(0, tau);
  for (let guard = 0; t >= TABLE_SPAN_MIN && guard < 1000; guard++) {
    const next = m.deterioration[row]![11]!;
    t -= TABLE_SPAN_MIN;
    if (next === row) return m.survival[row]!;
    row = next;
  }
  const k = Math.floor(t / STEP_MIN);
  const frac = (t - k * STEP_MIN) / STEP_MIN;
  const a = k === 0 ? row : m.deterioration[row]![k - 1]!;
  const b = m.deterioration[row]![k]!;
  const sa = m.survival[a]!;
  const sb = m.survival[b]!;
  return sa + (sb - sa) * frac;
}

/**
 * DISP-11's measure of urgency at a facility: what a casualty with clock `tau` loses by waiting one more operation
 * there (the clock runs at `clockStabilised` while it waits). The surgical queue, a job's own queue (DISP-47) and its
 * unloading order (DISP-146) all rank by it.
 */
export function waitLoss(rpm0: number, tau: number, m: SurvivalModel = DEFAULT_MODEL): number {
  return survivalAt(rpm0, tau, m) - survivalAt(rpm0, tau + m.clockStabilised * m.surgeryMin, m);
}

/** Clock rate aboard a vehicle. */
export const vehicleClockRate = (medic: boolean, m: SurvivalModel = DEFAULT_MODEL): number => (medic ? m.clockWithMedic : 1);

/** Survival once deterioration has run its course (no definitive care ever): the RPM the table settles at. */
export function survivalLimit(rpm0: number, m: SurvivalModel = DEFAULT_MODEL): number {
  let row = clampRpm(rpm0);
  for (let guard = 0; guard < 1000; guard++) {
    const next = m.deterioration[row]![11]!;
    if (next === row) break;
    row = next;
  }
  return m.survival[row]!;
}

/** The clock (minutes) from which survival stays at survivalLimit: where an untreated casualty's deterioration settles. */
export function settleClock(rpm0: number, m: SurvivalModel = DEFAULT_MODEL): number {
  let row = clampRpm(rpm0);
  let steps = 0;
  for (let guard = 0; guard < 1000; guard++) {
    const next = m.deterioration[row]![11]!;
    steps++;
    if (next === row) break;
    row = next;
  }
  // From steps × 360 min on the survival is constant; walk back over 30-min steps that already give the limit.
  const limit = survivalLimit(rpm0, m);
  let tau = steps * TABLE_SPAN_MIN;
  while (tau >= STEP_MIN && survivalAt(rpm0, tau - STEP_MIN, m) === limit) tau -= STEP_MIN;
  return tau;
}
