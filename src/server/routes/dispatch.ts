// GET /api/dispatch/plan: the same optimiser as the simulator, run once on the current state.
import type { FastifyInstance } from 'fastify';
import { advance, toMs } from '../../core/index.ts';
import { planLive } from '../../dispatch/live.ts';
import type { AppContext } from '../context.ts';
import { canSeeCasualty, seesAll } from '../../auth/policy.ts';

export function dispatchRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/dispatch/plan', { config: { access: 'dispatch:read' } }, async (req) => {
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
    // A unit-scoped dispatcher's plan is made over its own casualties only, so no recommendation or reason text
    // names a casualty outside its scope (issue 14 item 9); vehicles busy with others' casualties stay busy.
    const p = req.principal ?? null;
    const mine = p && !seesAll(p) ? open.filter((c) => canSeeCasualty(p, c)) : open;
    const plan = planLive({
      casualties: mine.map((c) => advance(c.state, now)),
      vehicles: vehicles.filter((v) => v.status === 'available' && !busy.has(v.id)),
      facilities,
      threats,
      now,
    });
    return { plan, computedAt: now };
  });
}
