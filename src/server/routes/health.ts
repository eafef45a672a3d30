import type { FastifyInstance } from 'fastify';
import { HealthAnswer } from '../../core/api.ts';
import type { AppContext } from '../context.ts';
import { mayKnowHead } from '../../auth/policy.ts';

export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  // The log head counts every write: polled, it would tell a caller when and how much anyone recorded (another unit's
  // mass-casualty incident is a jump). So only those who see every casualty anyway get it; others learn liveness.
  app.get('/api/health', { config: { access: 'public', contract: { summary: 'Liveness and database kind (to those who see every casualty: also the log head)', responses: { 200: HealthAnswer } } } }, async (req) => {
    if (ctx.signedIn && !mayKnowHead(await ctx.signedIn(req))) return { ok: true, db: ctx.store.kind, version: ctx.version };
    return { ok: true, db: ctx.store.kind, head: await ctx.store.head(), version: ctx.version };
  });
}
