import type { FastifyInstance } from 'fastify';
import { HealthAnswer } from '../../core/api.ts';
import type { AppContext } from '../context.ts';

export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Anonymous callers learn liveness only: the log head would reveal, call by call, when anything was recorded.
  app.get('/api/health', { config: { access: 'public', contract: { summary: 'Liveness and database kind (signed in: also the log head)', responses: { 200: HealthAnswer } } } }, async (req) => {
    if (ctx.signedIn && !(await ctx.signedIn(req))) return { ok: true, db: ctx.store.kind, version: ctx.version };
    return { ok: true, db: ctx.store.kind, head: await ctx.store.head(), version: ctx.version };
  });
}
