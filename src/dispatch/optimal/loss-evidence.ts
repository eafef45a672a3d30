// DISP-121: a vehicle lost in a zone is evidence that the zone's declared hazard is too low (the enemy has a team on
// that road now). The declared per-km hazard λ of each class is taken as right up to one multiplier m shared by the
// classes (a loss says the threat is active, not which weapon), with a Gamma(a, a) prior on m: mean 1, the declared
// rate, and strength `a` in expected losses (a = 1: the exposure in which the declared rate expects one loss). The
// hazard H the fleet has driven through the zone is its expected number of losses there at the declared rates, so
// with n losses the posterior mean is (a + n) / (a + H): a loss after little exposure raises the rate, one after the
// exposure the rate predicts leaves it. Only raised (m ≥ 1): passing unharmed never makes a zone look safer than
// declared. No decay inside a zone's window: the scenario contract's zone keeps one rate from `fromMin` to `toMin`.
import { pointInPolygon } from '../travel.ts';
import type { Threat } from '../travel.ts';
import type { PlanView } from '../types.ts';

/** The hazard multiplier of one zone given its losses `n` and the hazard `h` driven through it (prior strength `a`). */
export function hazardMultiplier(a: number, n: number, h: number): number {
  return n > 0 ? Math.max(1, (a + n) / (a + Math.max(0, h))) : 1;
}

/** A loss per km raised by the multiplier m on the hazard −ln(1 − p): 1 − (1 − p)^m. */
const raised = (p: number, m: number): number => (p > 0 ? Math.min(0.999999, 1 - (1 - p) ** m) : p);

/** The zones a loss is counted in: those whose polygon holds it while they are active. */
function lossesIn(view: PlanView, t: Threat): number {
  let n = 0;
  for (const l of view.losses ?? []) if (l.atMin >= t.fromMin && l.atMin <= t.toMin && pointInPolygon(l.pos, t.polygon)) n++;
  return n;
}

/** The view with each zone's loss rates raised by its losses (the same view where nothing moves). */
export function lossEvidenceView(view: PlanView, a: number, exposure = true): PlanView {
  if (!(a > 0) || !view.losses || view.losses.length === 0) return view;
  let moved = false;
  const threats = view.threats.map((t) => {
    const m = hazardMultiplier(a, lossesIn(view, t), exposure ? (view.zoneHazard?.[t.id] ?? 0) : 0);
    if (m === 1) return t;
    moved = true;
    const { unprotected, armoured, air } = t.lossPerKm;
    return { ...t, lossPerKm: { unprotected: raised(unprotected, m), armoured: raised(armoured, m), air: raised(air, m) } };
  });
  return moved ? { ...view, threats } : view;
}
