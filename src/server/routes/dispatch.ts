// GET /api/dispatch/plan: the same optimiser as the simulator, run once on the current state.
import type { FastifyInstance } from 'fastify';
import { advance, toMs } from '../../core/index.ts';
import { planLive } from '../../dispatch/live.ts';
import type { AppContext } from '../context.ts';
import { staffedFacilities } from '../workforce.ts';

export function dispatchRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/dispatch/plan', { config: { access: 'dispatch:read' } }, async () => {
    const now = ctx.now();
    const [open, vehicles, facilities, zones] = await Promise.all([
      ctx.store.casualties({ status: 'open' }),
      ctx.store.listEntities('vehicle'),
      ctx.store.listEntities('facility'),
      ctx.store.listEntities('threat-zone'),
    ]);
    // Zones whose window has closed no longer threaten anyone; future ones still shape routes planned now.
    const threats = zones.filter((z) => !z.to || toMs(z.to) > toMs(now));
    // A vehicle on a job (assigned, or carrying a casualty) is busy whatever its stored status says: the log decides.
    const busy = new Set(open.map((c) => c.state.vehicleId).filter((v): v is string => v !== null));
    const plan = planLive({
      casualties: open.map((c) => advance(c.state, now)),
      vehicles: vehicles.filter((v) => v.status === 'available' && !busy.has(v.id)),
      // Surgical tables limited by the complete surgical teams on duty (workforce registry, issue 12).
      facilities: await staffedFacilities(ctx.store, facilities, now),
      threats,
      now,
    });
    return { plan, computedAt: now };
  });
}
