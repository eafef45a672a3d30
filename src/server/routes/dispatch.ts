// GET /api/dispatch/plan: the same optimiser as the simulator, run once on the current state.
import type { FastifyInstance } from 'fastify';
import { advance, toMs } from '../../core/index.ts';
import { planLive } from '../../dispatch/live.ts';
import type { AppContext } from '../context.ts';
import { staffedTables } from '../workforce.ts';
import { PlanAnswer } from '../../core/api.ts';

export function dispatchRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/dispatch/plan', { config: { access: 'dispatch:read', contract: { summary: 'The live dispatch plan over open casualties, vehicles, facilities and threats', responses: { 200: PlanAnswer } } } }, async () => {
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
    const plan = planLive({
      casualties: open.map((c) => advance(c.state, now)),
      vehicles,
      facilities,
      // Surgical tables limited by the complete surgical teams on duty (workforce registry, issue 12).
      usableTables: await staffedTables(ctx.store, facilities, now),
      threats,
      now,
    });
    return { plan, computedAt: now };
  });
}
