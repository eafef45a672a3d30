// Casualties: register, list with filters, read one (state and log), append a batch of events.
import type { FastifyInstance } from 'fastify';
import type { CasualtyEvent } from '../../core/index.ts';
import { EventBatch, uuidv7 } from '../../core/index.ts';
import type { CasualtyFilter } from '../../storage/port.ts';
import type { AppContext } from '../context.ts';
import { badRequest, notFound } from '../errors.ts';
import { appendAndPublish, prepareBatch } from '../ingest.ts';
import { advanceClocks, refoldAt } from '../clocks.ts';
import { AppendAnswer, CasualtyAnswer, CasualtyList, CasualtyParams, CasualtyQuery, CasualtyWithLog, RegisterCasualty } from '../../core/api.ts';
import { EventBatch as EventBatchBody } from '../../core/index.ts';
import { checkInstant, parse } from '../validate.ts';

export function casualtyRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/casualties', { config: { access: 'casualty:write', contract: { summary: 'Register a casualty (a `registered` event); idempotent by id', body: RegisterCasualty, responses: { 201: CasualtyAnswer, 200: CasualtyAnswer } } } }, async (req, reply) => {
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

  app.get('/api/casualties', { config: { access: 'casualty:read', contract: { summary: 'List casualties in the caller\'s scope', query: CasualtyQuery, responses: { 200: CasualtyList } } } }, async (req) => {
    const q = parse(CasualtyQuery, req.query, ['query']);
    // `limit` counts what the caller may see: a scoped caller's list is cut after its row scope, not before.
    const filter: CasualtyFilter = ctx.scopeCasualties ? {} : { limit: q.limit };
    if (q.status) filter.status = q.status as CasualtyFilter['status'];
    if (q.precedence) filter.precedence = q.precedence;
    if (q.unit) filter.unitId = q.unit;
    if (q.facility) filter.facilityId = q.facility;
    if (q.since !== undefined) filter.since = q.since;
    const head = await ctx.store.head();
    const now = ctx.now();
    const listed = await ctx.store.casualties(filter);
    const visible = ctx.scopeCasualties ? ctx.scopeCasualties(req, listed).slice(0, q.limit) : listed;
    return { casualties: visible.map((c) => advanceClocks(c, now)), head };
  });

  app.get('/api/casualties/:id', { config: { access: 'casualty:read', contract: { summary: 'One casualty: state and log', params: CasualtyParams, responses: { 200: CasualtyWithLog } } } }, async (req) => {
    const { id } = req.params as { id: string };
    const ok = CasualtyParams.safeParse({ id });
    const casualty = ok.success ? await ctx.store.casualty(id) : null;
    if (!casualty) throw notFound(`unknown casualty ${id}`);
    const events = await ctx.store.eventsOf(id);
    return { casualty: refoldAt(casualty, events, ctx.now()), events };
  });

  app.post('/api/casualties/:id/events', { config: { access: 'casualty:write', contract: { summary: 'Append a batch of events (1–1000), all or nothing; idempotent by event id', params: CasualtyParams, body: EventBatchBody, responses: { 200: AppendAnswer } } } }, async (req) => {
    const now = ctx.now();
    const { id } = parse(CasualtyParams, req.params, ['params'], 'invalid casualty id');
    const batch = parse(EventBatch, req.body, [], 'invalid event batch');
    const events = await prepareBatch(ctx, id, batch.events, ctx.caller(req), now);
    const result = await appendAndPublish(ctx, events, now);
    return { ...result, casualty: await ctx.store.casualty(id) };
  });
}
