// Casualties: register, list with filters, read one (state and log), append a batch of events.
import type { FastifyInstance } from 'fastify';
import type { CasualtyEvent } from '../../core/index.ts';
import { EventBatch, uuidv7 } from '../../core/index.ts';
import type { CasualtyFilter } from '../../storage/port.ts';
import type { AppContext } from '../context.ts';
import { badRequest, notFound } from '../errors.ts';
import { appendAndPublish, prepareBatch } from '../ingest.ts';
import { advanceClocks, refoldAt } from '../clocks.ts';
import { CasualtyParams, CasualtyQuery, RegisterCasualty } from '../schemas.ts';
import { checkInstant, deviceSentMs, parse } from '../validate.ts';

export function casualtyRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/casualties', { config: { access: 'casualty:write' } }, async (req, reply) => {
    const now = ctx.now();
    const body = parse(RegisterCasualty, req.body, [], 'invalid casualty');
    const timeIssue = checkInstant(body.injuredAt, 'injuredAt', now);
    if (timeIssue) throw badRequest(`invalid casualty: ${timeIssue.path} ${timeIssue.message}`, [timeIssue]);
    const caller = ctx.caller(req);
    const { id, deviceId, author, ...payload } = body;
    const casualtyId = id ?? uuidv7();
    if (id) {
      const existing = await ctx.store.casualty(id);
      if (existing) return reply.status(200).send({ casualty: existing });
    }
    // The registered event's id is the casualty id: a repeated registration is a no-op even when two arrive at once.
    const event: CasualtyEvent = {
      id: casualtyId,
      casualtyId,
      type: 'registered',
      at: payload.injuredAt,
      recordedAt: now,
      deviceId: deviceId ?? caller.deviceId,
      author: author ?? caller.author,
      payload,
    };
    const result = await appendAndPublish(ctx, [event], now);
    const casualty = await ctx.store.casualty(casualtyId);
    return reply.status(result.accepted > 0 ? 201 : 200).send({ casualty });
  });

  app.get('/api/casualties', { config: { access: 'casualty:read' } }, async (req) => {
    const q = parse(CasualtyQuery, req.query, ['query']);
    const filter: CasualtyFilter = { limit: q.limit };
    if (q.status) filter.status = q.status as CasualtyFilter['status'];
    if (q.precedence) filter.precedence = q.precedence;
    if (q.unit) filter.unitId = q.unit;
    if (q.facility) filter.facilityId = q.facility;
    if (q.since !== undefined) filter.since = q.since;
    const head = await ctx.store.head();
    const now = ctx.now();
    return { casualties: (await ctx.store.casualties(filter)).map((c) => advanceClocks(c, now)), head };
  });

  app.get('/api/casualties/:id', { config: { access: 'casualty:read' } }, async (req) => {
    const { id } = req.params as { id: string };
    const ok = CasualtyParams.safeParse({ id });
    const casualty = ok.success ? await ctx.store.casualty(id) : null;
    if (!casualty) throw notFound(`unknown casualty ${id}`);
    const events = await ctx.store.eventsOf(id);
    return { casualty: refoldAt(casualty, events, ctx.now()), events };
  });

  app.post('/api/casualties/:id/events', { config: { access: 'casualty:write' } }, async (req) => {
    const now = ctx.now();
    const { id } = parse(CasualtyParams, req.params, ['params'], 'invalid casualty id');
    const batch = parse(EventBatch, req.body, [], 'invalid event batch');
    const events = await prepareBatch(ctx, id, batch.events, ctx.caller(req), now, deviceSentMs(req.headers));
    const result = await appendAndPublish(ctx, events, now);
    return { ...result, casualty: await ctx.store.casualty(id) };
  });
}
