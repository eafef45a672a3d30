import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';

export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/health', { config: { access: 'public' } }, async () => ({
    ok: true,
    db: ctx.store.kind,
    head: await ctx.store.head(),
    version: ctx.version,
  }));
}
