// GET /api/dispatch/plan: the same optimiser as the simulator, run once on the current state.
import type { FastifyInstance } from 'fastify';
import { advance, toMs } from '../../core/index.ts';
import { planLive } from '../../dispatch/live.ts';
import { spreadIncidentTrips } from '../../dispatch/incident-spread.ts';
import type { AppContext } from '../context.ts';
import { staffedTables } from '../workforce.ts';
import { PlanAnswer } from '../../core/api.ts';
import { canSeeCasualty, seesAll } from '../../auth/policy.ts';

export function dispatchRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/dispatch/plan', { config: { access: 'dispatch:read', contract: { summary: 'The live dispatch plan over open casualties, vehicles, facilities and threats', responses: { 200: PlanAnswer } } } }, async (req) => {
    const now = ctx.now();
    const [open, vehicles, facilities, zones] = await Promise.all([
      ctx.store.casualties({ status: 'open' }),
      ctx.store.listEntities('vehicle'),
      ctx.store.listEntities('facility'),
      ctx.store.listEntities('threat-zone'),
    ]);
    // Zones whose window has closed no longer threaten anyone; future ones still shape routes planned now.
    const threats = zones.filter((z) => !z.to || toMs(z.to) > toMs(now));
    // The planning view is built from the log as the simulator builds it (DISP-14): vehicles on a job are busy until
    // it ends, beds and surgical queues come from arrivals and surgeries.
    const casualties = open.map((c) => advance(c.state, now));
    // Surgical tables limited by the complete surgical teams on duty (workforce registry, issue 12).
    const usableTables = await staffedTables(ctx.store, facilities, now);
    const planned = planLive({ casualties, vehicles, facilities, usableTables, threats, now });
    // A mass-casualty incident is spread over facilities by capacity, not sent trip after trip to the nearest (issue 15).
    const plan = spreadIncidentTrips(planned, { casualties, facilities, vehicles, usableTables });
    // A unit-scoped dispatcher sees recommendations for its own casualties only, and no reason text names a
    // casualty outside its scope (issue 14 item 9): the plan is made over everything (vehicles busy with others'
    // casualties stay busy) and then redacted.
    const p = req.principal ?? null;
    if (!p || seesAll(p)) return { plan, computedAt: now };
    const hidden = open.filter((c) => !canSeeCasualty(p, c)).map((c) => c.id);
    const redact = (text: string) => hidden.reduce((t, id) => t.split(id).join('another casualty'), text);
    const visible = new Set(open.filter((c) => canSeeCasualty(p, c)).map((c) => c.id));
    return { plan: plan.filter((x) => visible.has(x.casualtyId)).map((x) => ({ ...x, reason: redact(x.reason) })), computedAt: now };
  });
}
