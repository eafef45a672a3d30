// Evacuation requests: casualties with a 9-line, most urgent first, then longest since injury. Read through the
// door in the caller's scope from narrow columns (migration 008), a page at a time: never every open casualty's state.
import type { FastifyInstance } from 'fastify';
import { advance, effectivePrecedence } from '../../core/index.ts';
import type { CasualtyState } from '../../core/index.ts';
import type { EvacuationRow } from '../../storage/port.ts';
import type { AppContext } from '../context.ts';
import { EvacuationList, EvacuationQuery } from '../../core/api.ts';
import { parse } from '../validate.ts';

/** One request as the board shows it, its tourniquet clocks run on to `now`. */
export function evacuationView(c: EvacuationRow, now: string) {
  const evac = c.evac;
  // Only the tourniquets' running times move with the clock here (advance() on the part of the state we read).
  const tourniquets = advance({ tourniquets: c.tourniquets, reassessment: null } as unknown as CasualtyState, now).tourniquets;
  return {
    casualtyId: c.id,
    nineLine: evac.nineLine,
    requestedAt: evac.requestedAt,
    cancelled: evac.cancelled,
    // Set on the card, else line 3 of the 9-line (issue 9 item 12: the board and the plan agree).
    precedence: effectivePrecedence(c.precedence, evac.nineLine),
    triage: c.triage,
    stage: c.stage,
    vehicleId: c.vehicleId,
    destinationId: c.destinationId,
    injuredAt: c.injuredAt,
    tourniquets,
  };
}

export function evacuationRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/evacuations', { config: { access: 'casualty:read', contract: { summary: 'Evacuation requests in the caller\'s scope, most urgent first, a page at a time (`next`: the cursor of the following page)', query: EvacuationQuery, responses: { 200: EvacuationList } } } }, async (req) => {
    const q = parse(EvacuationQuery, req.query, ['query']);
    const now = ctx.now();
    const page = await ctx.read(req).evacuations({ status: q.status, limit: q.limit, ...(q.after !== undefined ? { after: q.after } : {}) });
    return { evacuations: page.rows.map((c) => evacuationView(c, now)), ...(page.next !== null ? { next: page.next } : {}) };
  });
}
