// Casualties: register, list with filters, read one (state and log), append a batch of events.
import type { FastifyInstance } from 'fastify';
import { EventBatch, boundSummary, uuidv7, versioned } from '../../core/index.ts';
import type { CasualtySummary } from '../../core/index.ts';
import type { CasualtyFilter } from '../../storage/port.ts';
import { hiddenFrom } from '../../auth/policy.ts';
import type { AppContext } from '../context.ts';
import { badRequest, notFound } from '../errors.ts';
import { refoldAt } from '../clocks.ts';
import { AppendAnswer, CasualtyAgain, CasualtyAnswer, CasualtyList, CasualtyParams, CasualtyQuery, CasualtyWithLog, RegisterCasualty } from '../../core/api.ts';
import { EventBatch as EventBatchBody } from '../../core/index.ts';
import { checkInstant, deviceSentMs, parse } from '../validate.ts';
import { ListJson } from '../list-json.ts';
import type { Cursors } from '../cursors.ts';
import { cursorsOf, numberRequired, scopedAck, scopedStart, withoutSeq } from '../cursors.ts';

/** A summary as this caller is shown it: `lastSeq` to those shown numbers, `version` to others (head-oracle). */
const shown = (c: CasualtySummary, cursors: Cursors | null) => (cursors ? versioned(c) : c);

function listSince(cursors: Cursors | null, since: string | number): number {
  if (cursors) return scopedStart(cursors, since, 'query.since');
  if (typeof since === 'string') throw numberRequired('query.since');
  return since;
}

export function casualtyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const listJson = new ListJson();
  const scopedListJson = new ListJson(true);
  app.post('/api/casualties', { config: { access: 'casualty:write', contract: { summary: 'Register a casualty (a `registered` event); idempotent by id', body: RegisterCasualty, responses: { 201: CasualtyAnswer, 200: CasualtyAgain } } } }, async (req, reply) => {
    const now = ctx.now();
    const body = parse(RegisterCasualty, req.body, [], 'invalid casualty');
    const timeIssue = checkInstant(body.injuredAt, 'injuredAt', now);
    if (timeIssue) throw badRequest(`invalid casualty: ${timeIssue.path} ${timeIssue.message}`, [timeIssue]);
    const { id, deviceId, author, ...payload } = body;
    const casualtyId = id ?? uuidv7();
    const log = ctx.log(req);
    if (id) {
      // Repeating a registration answers the casualty as it is (200), to those who may write to it; outside the
      // caller's scope it does not exist, and the door answers the registration below (docs/security.md).
      const existing = await log.registered(id, { author, deviceId });
      if (existing) return reply.status(200).send({ casualty: shown(boundSummary(existing), await cursorsOf(ctx, req)) });
    }
    // The registered event's id is the casualty id: a repeated registration is a no-op even when two arrive at once.
    const event = {
      id: casualtyId,
      type: 'registered',
      at: payload.injuredAt,
      recordedAt: now,
      ...(deviceId ? { deviceId } : {}),
      ...(author ? { author } : {}),
      payload,
    };
    const result = await log.record([event], { casualtyId });
    // The append answers the stored projection it wrote; only a repeat (nothing written) reads it, in the caller's
    // scope (a duplicate outside it is acknowledged with no casualty: SYNC-1).
    const casualty = result.summaries?.find((c) => c.id === casualtyId) ?? (await log.shown(casualtyId));
    return reply.status(result.accepted > 0 ? 201 : 200).send({ casualty: casualty && shown(boundSummary(casualty), await cursorsOf(ctx, req)) });
  });

  app.get('/api/casualties', { config: { access: 'casualty:read', contract: { summary: 'List casualties in the caller\'s scope', query: CasualtyQuery, responses: { 200: CasualtyList } } } }, async (req, reply) => {
    const q = parse(CasualtyQuery, req.query, ['query']);
    // `limit` counts what the caller may see: the door applies the row scope in the query, before the limit.
    const filter: CasualtyFilter = { limit: q.limit };
    if (q.status) filter.status = q.status as CasualtyFilter['status'];
    if (q.precedence) filter.precedence = q.precedence;
    if (q.unit) filter.unitId = q.unit;
    if (q.facility) filter.facilityId = q.facility;
    const cursors = await cursorsOf(ctx, req);
    // The keyset is a `lastSeq`: a token for callers shown no number (theirs refused: a chosen one finds the head).
    if (q.since !== undefined) filter.since = listSince(cursors, q.since);
    const reader = ctx.read(req);
    const head = await reader.head();
    const now = ctx.now();
    const visible = await reader.casualties(filter);
    // Bounded summaries: a list stays small however long one casualty's log grows (the full card is one GET away),
    // each serialised once per version and clock state (list-json.ts).
    const last = visible[visible.length - 1];
    const body = cursors
      ? scopedListJson.list(visible, now, { cursor: cursors.seal(head), ...(last ? { next: cursors.seal(last.lastSeq) } : {}) })
      : listJson.list(visible, now, { head });
    return reply.type('application/json; charset=utf-8').send(body);
  });

  app.get('/api/casualties/:id', { config: { access: 'casualty:read', contract: { summary: 'One casualty: state and log', params: CasualtyParams, responses: { 200: CasualtyWithLog } } } }, async (req) => {
    const { id } = req.params as { id: string };
    const ok = CasualtyParams.safeParse({ id });
    // Outside the caller's scope a casualty does not exist (the door reads it in scope).
    const card = ok.success ? await ctx.read(req).card(id) : null;
    if (!card) throw notFound(`unknown casualty ${id}`);
    const casualty = refoldAt(card.casualty, card.events, ctx.now());
    const cursors = await cursorsOf(ctx, req);
    return { casualty: shown(casualty, cursors), events: cursors ? card.events.map(withoutSeq) : card.events };
  });

  // The answer is small (bounded summaries) and fits the first TCP window: compressing it saves no round trip and
  // cost ~0.2 ms of CPU a request on the write path (issue 16; measured in bench/scale/profile.ts).
  app.post('/api/casualties/:id/events', { compress: false, config: { access: 'casualty:write', contract: { summary: 'Append a batch of events (1–1000), all or nothing; idempotent by event id', params: CasualtyParams, body: EventBatchBody, responses: { 200: AppendAnswer } } } }, async (req) => {
    const { id } = parse(CasualtyParams, req.params, ['params'], 'invalid casualty id');
    const batch = parse(EventBatch, req.body, [], 'invalid event batch');
    const log = ctx.log(req);
    const { casualties: _touched, summaries, ...result } = await log.record(batch.events, { casualtyId: id, deviceSentMs: deviceSentMs(req.headers), ...(batch.handovers ? { handovers: batch.handovers } : {}) });
    // Records a desk relayed first are the medic's (SYNC-17): the casualty they opened may be outside the desk's scope.
    const stored = summaries?.find((c) => c.id === id);
    const casualty = stored ? (hiddenFrom(log.writer.principal, stored) ? null : stored) : await log.shown(id);
    const cursors = await cursorsOf(ctx, req);
    return { ...scopedAck(result, cursors), casualty: casualty && shown(boundSummary(casualty), cursors) };
  });
}
