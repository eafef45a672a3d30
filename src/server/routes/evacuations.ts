// Evacuation requests: casualties with a 9-line, most urgent first, then longest since injury.
import type { FastifyInstance } from 'fastify';
import { effectivePrecedence, Precedence, precedenceRank, toMs } from '../../core/index.ts';
import type { CasualtySummary } from '../../storage/port.ts';
import type { AppContext } from '../context.ts';
import { advanceClocks } from '../clocks.ts';
import { EvacuationList, EvacuationQuery } from '../../core/api.ts';
import { parse } from '../validate.ts';

export function evacuationView(c: CasualtySummary) {
  const s = c.state;
  return {
    casualtyId: c.id,
    nineLine: s.evac.nineLine,
    requestedAt: s.evac.requestedAt,
    cancelled: s.evac.cancelled,
    // Set on the card, else line 3 of the 9-line (issue 9 item 12: the board and the plan agree).
    precedence: effectivePrecedence(c.precedence, s.evac.nineLine),
    triage: c.triage,
    stage: c.stage,
    vehicleId: c.vehicleId,
    destinationId: c.destinationId,
    injuredAt: c.injuredAt,
    tourniquets: s.tourniquets,
  };
}

const rank = (p: string | null): number => (p && Precedence.safeParse(p).success ? precedenceRank(p as Precedence) : 99);

export function evacuationRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/evacuations', { config: { access: 'casualty:read', contract: { summary: 'Evacuation requests, most urgent first', query: EvacuationQuery, responses: { 200: EvacuationList } } } }, async (req) => {
    const q = parse(EvacuationQuery, req.query, ['query']);
    const now = ctx.now();
    const all = await ctx.store.casualties(q.status === 'open' ? { status: 'open' } : {});
    const evacuations = all
      .filter((c) => c.state.evac.nineLine !== null && (q.status === 'all' || !c.state.evac.cancelled))
      .sort(
        (a, b) =>
          rank(effectivePrecedence(a.precedence, a.state.evac.nineLine)) - rank(effectivePrecedence(b.precedence, b.state.evac.nineLine)) ||
          toMs(a.injuredAt ?? a.state.evac.requestedAt ?? a.updatedAt) - toMs(b.injuredAt ?? b.state.evac.requestedAt ?? b.updatedAt),
      )
      .map((c) => evacuationView(advanceClocks(c, now)));
    return { evacuations };
  });
}
