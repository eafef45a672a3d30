// One planning round's context: the view, its indexes, the surgical slots and beds still free, the onward vehicles
// from stabilising stops, and the value of a vehicle (DISP-5, DISP-6).
import { indexView } from '../common.ts';
import { needsSurgery } from '../survival.ts';
import type { PlanFacility, PlanView } from '../types.ts';
import { declaredArrivals } from './anticipation.ts';
import { ThreatGeometry } from './exposure.ts';
import type { OptimalParams } from './params.ts';
import { onwardEstimate } from './routes.ts';
import { salvage } from './value.ts';
import type { Ctx } from './context-types.ts';

export type { Ctx, Onward, Plan } from './context-types.ts';

export function surgicalSlots(f: PlanFacility, view: PlanView): number[] {
  if (f.role === 'R1' || f.surgicalTables === 0) return [];
  const slots = [...f.tableFreeAt].map((t) => Math.max(t, view.now)).sort((a, b) => a - b);
  for (let k = 0; k < f.surgicalBacklog && slots.length > 0; k++) {
    slots.sort((a, b) => a - b);
    slots[0] = slots[0]! + view.model.surgeryMin;
  }
  return slots.sort((a, b) => a - b);
}

export function makeCtx(view: PlanView, p: OptimalParams): Ctx {
  const ctx: Ctx = {
    view,
    idx: indexView(view),
    model: view.model,
    geo: new ThreatGeometry(view.threats),
    p,
    slots: new Map(view.facilities.map((f) => [f.id, surgicalSlots(f, view)])),
    beds: new Map(view.facilities.map((f) => [f.id, f.bedsFree])),
    vehicleValue: 0,
    slotPenalty: 0,
    refSalvage: 0,
    onward: new Map(),
    baseline: new Map(),
    facilitiesFor: new Map(),
    transfers: new Map(),
  };
  for (const f of view.facilities) if (f.role === 'R1' || f.surgicalTables === 0) ctx.onward.set(f.id, onwardEstimate(view, f, ctx.geo));
  const current = view.casualties.filter((c) => !c.future);
  const future = view.casualties.filter((c) => c.future);
  const decl = declaredArrivals(view, p);
  const expectedMore = future.length > 0 ? future.length : Math.max(view.expectedRatePerMin * Math.max(0, view.horizonMin - view.now), decl ? decl.ratePerMin * (decl.untilMin - view.now) : 0);
  if (p.slotCost > 0) {
    // Surgical tables are scarce when the critical casualties waiting (and expected within two operations) outnumber them.
    const tables = view.facilities.reduce((a, f) => a + (f.role !== 'R1' && f.open?.length !== 0 ? f.surgicalTables : 0), 0);
    const recent = view.recent ?? [];
    const share = recent.length > 0 ? recent.filter((r) => needsSurgery(r.rpm0)).length / recent.length : 0.5;
    const demand = current.filter((c) => needsSurgery(c.rpm0)).length + (future.length > 0 ? future.filter((c) => needsSurgery(c.rpm0) && c.atMin <= view.now + 2 * view.model.surgeryMin).length : Math.max(view.expectedRatePerMin * share, decl?.criticalPerMin ?? 0) * 2 * view.model.surgeryMin);
    ctx.slotPenalty = p.slotCost * Math.min(1, demand / Math.max(1, 2 * tables));
    const crit = current.filter((c) => needsSurgery(c.rpm0));
    ctx.refSalvage = crit.length > 0 ? crit.reduce((a, c) => a + salvage(ctx, c), 0) / crit.length : 0;
  }
  ctx.vehicleValue = Math.min(p.maxVehicleValue, (p.serviceValue * (current.length + expectedMore)) / Math.max(1, view.vehicles.length) + p.serviceValue);
  return ctx;
}
