// DISP-93: DISP-53's check weighs what a small fleet's leg gains by a minor casualty against what its critical ones lose.
//
// DISP-53 sends an extension that adds a minor casualty (RPM ≥ 10) to a leg under way to critical ones only where no
// critical casualty expects less by it (beyond 0.01), however much the minor one gains and however little is left to
// save of the critical one. In a fleet of one to three vehicles the minor casualty it refuses waits for a trip of its
// own from the same vehicle, long after: clairvoyant `threat1` 10240 (one armoured car, on its way to c6 with c1, RPM 7,
// chained on): at 87.2 c3 (RPM 11, reported beside c6) is refused for c1's few hundredths and is fetched at 340
// (0.63; the exact optimum takes c6, c3, c1 on one trip, 0.86).
import { needsSurgery, survivalLimit } from '../survival.ts';
import type { PlanCasualty } from '../types.ts';
import type { Ctx, Plan } from './context-types.ts';

/**
 * Whether `plan`, which adds the minor casualty `add` to the leg `route` (`kept`: the leg as it is), is sent although a
 * critical casualty of the leg loses by it: in a small fleet, where the critical casualties' summed loss is at most
 * `minorDetourShare` of what `add` gains over its own alternative this round (its baseline, DISP-1). 0: never (DISP-53).
 */
export function minorDetourPays(ctx: Ctx, route: readonly PlanCasualty[], add: PlanCasualty, plan: Plan, kept: Plan): boolean {
  const share = ctx.p.minorDetourShare;
  if (!(share > 0) || ctx.view.vehicles.length > ctx.p.sequenceMaxVehicles) return false;
  let loss = 0;
  for (const c of route) if (needsSurgery(c.rpm0)) loss += Math.max(0, kept.expected.get(c.id)! - plan.expected.get(c.id)!);
  const gain = plan.expected.get(add.id)! - (ctx.baseline.get(add.id) ?? survivalLimit(add.rpm0, ctx.model));
  return loss <= share * gain;
}
