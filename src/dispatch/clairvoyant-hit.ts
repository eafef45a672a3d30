// The expected outcome of one leg through threat zones (DISP-17): the chance the vehicle gets through, and the expected
// survival gain of the casualties aboard should it be hit on the way. Exact: the first-hit distance of the simulator
// (`sampleHitKm`: each exposure stretch an independent truncated exponential, the earliest one counts) has survival
// function Π G_i(x), exponential between stretch ends, and a casualty's survival is linear in its clock between
// 30-minute steps, so the integral is taken in closed form piece by piece. Pure.
import type { Position } from '../core/index.ts';
import type { FleetVehicle, SmallInstance } from './clairvoyant-types.ts';
import { legExposure, legKm, legMinutes } from './travel.ts';
import type { Exposure } from './travel.ts';
import { STEP_MIN, survivalAt, survivalLimit, vehicleClockRate } from './survival.ts';
import type { SurvivalModel } from './survival.ts';

/** A casualty aboard during the leg: its clock at the leg's start and how fast it runs aboard. */
export interface Aboard {
  rpm: number;
  clock0: number;
  rate: number;
  /** Online only (DISP-107): what a survivor of this casualty counts in the solve (absent: 1). */
  weight?: number;
}

export interface LegOutcome {
  /** Probability of getting through unharmed. */
  through: number;
  /** E[Σ aboard (hit factor × survival at the hit − settled survival) ; hit on this leg]. */
  hitGain: number;
}

/** ∫_0^L (h0 + β y) λ e^{−λ y} dy, stable for small λL. */
function expLinear(h0: number, beta: number, lambda: number, L: number): number {
  const z = lambda * L;
  if (z === 0) return 0;
  const first = -Math.expm1(-z);
  const second = z < 1e-4 ? (z * z) / 2 - (z * z * z) / 3 : first - z * Math.exp(-z);
  return h0 * first + (beta / lambda) * second;
}

export function legOutcome(exp: readonly Exposure[], km: number, durMin: number, aboard: readonly Aboard[], model: SurvivalModel): LegOutcome {
  if (exp.length === 0 || km <= 0) return { through: 1, hitGain: 0 };
  const minPerKm = durMin / km;
  const h = (x: number): number =>
    aboard.reduce((s, c) => s + (c.weight ?? 1) * (model.survivalIfVehicleHit * survivalAt(c.rpm, c.clock0 + c.rate * x * minPerKm, model) - survivalLimit(c.rpm, model)), 0);
  // Where survival stops being linear: a clock crossing a multiple of STEP_MIN.
  const clockCuts = (a: number, b: number): number[] => {
    const xs: number[] = [];
    for (const c of aboard) {
      if (!(c.rate > 0) || !(minPerKm > 0)) continue;
      const k0 = Math.floor((c.clock0 + c.rate * a * minPerKm) / STEP_MIN) + 1;
      for (let k = k0; ; k++) {
        const x = (k * STEP_MIN - c.clock0) / (c.rate * minPerKm);
        if (x >= b) break;
        if (x > a) xs.push(x);
      }
    }
    return xs.sort((p, q) => p - q);
  };
  const cuts = [...new Set(exp.flatMap((e) => [e.fromKm, e.toKm]))].sort((p, q) => p - q);
  let G = 1;
  let hitGain = 0;
  for (let j = 0; j + 1 < cuts.length && G > 0; j++) {
    const a = cuts[j]!;
    const b = cuts[j + 1]!;
    let lambda = 0;
    let certain = false;
    for (const e of exp) {
      if (e.fromKm <= a + 1e-12 && e.toKm >= b - 1e-12 && e.lossPerKm > 0) {
        if (e.lossPerKm >= 1) certain = true;
        else lambda -= Math.log(1 - e.lossPerKm);
      }
    }
    if (certain) {
      hitGain += G * h(a);
      G = 0;
      break;
    }
    if (lambda === 0) continue;
    const xs = [a, ...clockCuts(a, b), b];
    for (let k = 0; k + 1 < xs.length; k++) {
      const x0 = xs[k]!;
      const x1 = xs[k + 1]!;
      const h0 = h(x0);
      const beta = (h(x1) - h0) / (x1 - x0);
      hitGain += G * Math.exp(-lambda * (x0 - a)) * expLinear(h0, beta, lambda, x1 - x0);
    }
    G *= Math.exp(-lambda * (b - a));
  }
  return { through: G, hitGain };
}

/** One vehicle's legs: its clock rate aboard, the settled survival of each casualty, and remembered legs. */
export interface LegCtx {
  inst: SmallInstance;
  v: FleetVehicle;
  rate: number;
  settled: number[];
  km: Map<Position, Map<Position, number>>;
  exposure: Map<Position, Map<Position, Exposure[]>>;
  /** From this minute on every zone is open, so a leg's exposure no longer depends on when it starts. */
  allOpen: number;
  /** Online only (DISP-107): per casualty, what a survivor counts in the solve (absent: 1 each). */
  weights?: readonly number[];
  /** Online only (DISP-114): per casualty, what a survivor counts in the second measure a label carries. */
  weights2?: readonly number[];
}

export function legCtx(inst: SmallInstance, v: FleetVehicle): LegCtx {
  return {
    inst,
    v,
    rate: vehicleClockRate(v.medic, inst.model),
    settled: inst.casualties.map((c) => survivalLimit(c.rpm, inst.model)),
    km: new Map(),
    exposure: new Map(),
    allOpen: Math.max(0, ...inst.threats.map((t) => t.fromMin)),
  };
}

function memo<T>(m: Map<Position, Map<Position, T>>, a: Position, b: Position, make: () => T): T {
  let row = m.get(a);
  if (!row) m.set(a, (row = new Map()));
  let x = row.get(b);
  if (x === undefined) row.set(b, (x = make()));
  return x;
}

/** One leg of a vehicle: minutes, and the chance and expected gain should it be hit with `aboard` on it. */
export function legOf(ctx: LegCtx, a: Position, b: Position, start: number, aboard: readonly Aboard[]): { dur: number; km: number; through: number; hitGain: number } {
  const km = memo(ctx.km, a, b, () => legKm(a, b, ctx.v, ctx.inst.travel.tortuosity));
  const dur = legMinutes(km, ctx.v.speedKmh);
  if (ctx.inst.threats.length === 0) return { dur, km, through: 1, hitGain: 0 };
  const exposure = (): Exposure[] => legExposure(a, b, km, start, dur, ctx.inst.threats, ctx.v.protection);
  const exp = start >= ctx.allOpen ? memo(ctx.exposure, a, b, exposure) : exposure();
  return { dur, km, ...legOutcome(exp, km, dur, aboard, ctx.inst.model) };
}
