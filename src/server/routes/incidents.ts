// Mass-casualty incidents (issue 15): an incident's own log is written through the same door as a casualty's
// (POST /api/incidents/:id/events, or sync push); reads fold it with its linked casualties into the picture a
// dispatcher works from — counts by category, who is on site, what is en route, who receives, and its one 9-line.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { EventBatch, boundSummary, foldIncident, incidentPicture, isIncidentStreamType, versioned } from '../../core/index.ts';
import type { CasualtySummary, IncidentCounts } from '../../core/index.ts';
import { IncidentAnswer, IncidentAppendAnswer, IncidentList, IncidentParams, IncidentQuery, IncidentRecordedAnswer } from '../../core/api.ts';
import { coarseWindow, dayStart, recordedAtIncidentRecord, recordedAtIncidentRecordAsOf } from '../../accounting/incident.ts';
import { hourStart } from '../../accounting/snapshot.ts';
import { seesAll } from '../../auth/policy.ts';
import { cell } from '../../auth/stats.ts';
import type { AppContext } from '../context.ts';
import { badRequest, notFound } from '../errors.ts';
import { cursorsOf, scopedAck, withoutSeq } from '../cursors.ts';
import { advanceClocks } from '../clocks.ts';
import { deviceSentMs, parse } from '../validate.ts';

// An incident is seen by whoever may see a casualty of its unit or wrote to it: the door's reader decides
// (src/log/read.ts `incident`), as it scopes the incident's casualties in the query.

/** The incident's casualties the caller may see, clocks brought to now. */
async function casualtiesOf(ctx: AppContext, req: FastifyRequest, id: string): Promise<CasualtySummary[]> {
  const now = ctx.now();
  return (await ctx.read(req).casualties({ incidentId: id })).map((c) => advanceClocks(c, now));
}

export function incidentRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/incidents', { config: { access: 'casualty:read', contract: { summary: 'Mass-casualty incidents in the caller\'s scope, each with its counts and one 9-line', query: IncidentQuery, responses: { 200: IncidentList } } } }, async (req) => {
    const q = parse(IncidentQuery, req.query, ['query']);
    const reader = ctx.read(req);
    // The head counts every unit's writes: only to those shown numbers (head-oracle).
    const head = (await cursorsOf(ctx, req)) ? undefined : await reader.head();
    const incidents = [];
    // Narrowed to the caller's scope in one chunked query first: read one by one, every incident any unit declared cost
    // each caller a query (one medic's thousands of declarations, every other console's list).
    const ids = await reader.incidentIds();
    const mine = await reader.visible(ids);
    for (const id of ids.filter((x) => mine.has(x))) {
      const i = (await reader.incident(id))?.state;
      if (!i || (q.status !== 'all' && i.status !== q.status)) continue;
      const { timeline: _t, ...picture } = incidentPicture(i, (await casualtiesOf(ctx, req, id)).map((c) => c.state));
      incidents.push(head === undefined ? { ...picture, incident: unnumberedIncident(picture.incident) } : picture);
    }
    incidents.sort((a, b) => ((a.incident.declaredAt ?? '') < (b.incident.declaredAt ?? '') ? 1 : -1));
    return { incidents, ...(head === undefined ? {} : { head }) };
  });

  app.get('/api/incidents/:id', { config: { access: 'casualty:read', contract: { summary: 'One incident: its picture, its casualties and its own log', params: IncidentParams, responses: { 200: IncidentAnswer } } } }, async (req) => {
    const ok = IncidentParams.safeParse(req.params);
    const id = ok.success ? ok.data.id : '';
    const found = ok.success ? await ctx.read(req).incident(id) : null;
    if (!found) throw notFound(`unknown incident ${String((req.params as { id?: unknown }).id)}`);
    const casualties = await casualtiesOf(ctx, req, id);
    const cursors = await cursorsOf(ctx, req);
    const picture = incidentPicture(found.state, casualties.map((c) => c.state));
    if (!cursors) return { picture, casualties: casualties.map((c) => boundSummary(c)), events: found.events };
    // Shown no global number (head-oracle): no seq, no lastSeq; summaries carry `version`.
    return { picture: { ...picture, incident: unnumberedIncident(picture.incident) }, casualties: casualties.map((c) => versioned(boundSummary(c))), events: found.events.map(withoutSeq) };
  });

  app.get('/api/incidents/:id/recorded', { config: { access: 'accounting:read', contract: { summary: 'An incident record\'s counts as accounting compares a claim with them: killed at scene, died of wounds, wounded by category, still open', params: IncidentParams, responses: { 200: IncidentRecordedAnswer } } } }, async (req) => {
    const { id } = parse(IncidentParams, req.params, ['params'], 'invalid incident id');
    const p = req.principal ?? null;
    // As the accounting figures: unit-scoped staff count their units; analysts count everything, de-identified.
    const scope = p && !seesAll(p) && p.role !== 'analyst' && p.role !== 'editor' ? p.units : undefined;
    // Unit-scoped staff read only an incident they can see (as GET /api/incidents/:id): another unit's incident does
    // not exist for them, its name and place included, and the answer is the unknown id's.
    if (scope && !(await ctx.read(req, { audit: false }).incident(id))) throw notFound(`unknown incident ${id}`);
    // Counts only (no row is shown): read over every row, narrowed to the caller's units by `scope` as the figures are.
    // The analyst's counts are as of the hour's start, as every analyst figure (src/accounting/snapshot.ts): polled,
    // live counts timed each casualty and death of the incident.
    const analyst = p?.role === 'analyst';
    const reads = ctx.read(req, { audit: false }).unscoped();
    const r = analyst ? await recordedAtIncidentRecordAsOf(reads, ctx.accounting, id, hourStart(ctx.now()), scope) : await recordedAtIncidentRecord(reads, id, ctx.now(), scope);
    if (!r) throw notFound(`unknown incident ${id}`);
    const { id: iid, kind, name, status, declaredAt, clearedAt } = r.incident;
    if (!analyst) return { incident: { id: iid, kind, name, status, declaredAt, clearedAt }, counts: r.counts, window: r.window };
    // Who sees no casualty reads the incident's place and times by 0.01° cell and UTC day (as a claim's: coarseWindow).
    const day = (t: string | null): string | null => (t === null ? null : new Date(dayStart(t)).toISOString());
    return { incident: { id: iid, kind, name, status, declaredAt: day(declaredAt), clearedAt: day(clearedAt) }, counts: incidentCells(r.counts), window: r.window && coarseWindow(r.window) };
  });

  app.post('/api/incidents/:id/events', { config: { access: 'casualty:write', contract: { summary: 'Append to an incident\'s own log (declare, update, clear), through the casualty log\'s door', params: IncidentParams, body: EventBatch, responses: { 200: IncidentAppendAnswer } } } }, async (req) => {
    const { id } = parse(IncidentParams, req.params, ['params'], 'invalid incident id');
    const batch = parse(EventBatch, req.body, [], 'invalid event batch');
    const stray = batch.events.findIndex((e) => !isIncidentStreamType((e as { type?: unknown } | null)?.type) && (e as { type?: unknown } | null)?.type !== 'void');
    if (stray >= 0) throw badRequest(`events.${stray}: not an incident event (a casualty's events go to /api/casualties/:id/events)`, [{ path: `events.${stray}.type`, message: 'not an incident event' }]);
    const log = ctx.log(req);
    const { casualties: _c, summaries: _s, ...result } = await log.record(batch.events, { casualtyId: id, deviceSentMs: deviceSentMs(req.headers) });
    const cursors = await cursorsOf(ctx, req);
    const incident = await incidentShown(ctx, req, id);
    return { ...scopedAck(result, cursors), incident: cursors ? unnumberedIncident(incident) : incident };
  });
}

/**
 * The incident an append answers, read in the caller's scope; an undeclared one where it sees none. Voids reach the door
 * as a casualty's events, and a batch of them already stored in a casualty's log outside the caller's scope is
 * acknowledged as a duplicate (SYNC-1): that stream folded unscoped named every writer of the hidden casualty.
 */
async function incidentShown(ctx: AppContext, req: FastifyRequest, id: string) {
  return (await ctx.read(req, { audit: false }).incident(id))?.state ?? foldIncident(id, []);
}

/** An incident's state without its `lastSeq` (a global number: head-oracle). */
function unnumberedIncident<T extends { lastSeq?: number }>(i: T): Omit<T, 'lastSeq'> {
  const { lastSeq: _lastSeq, ...rest } = i;
  return rest;
}

/** An incident record's counts de-identified for an analyst: every count under 5 as "<5" (docs/security.md). */
function incidentCells(c: IncidentCounts) {
  const w = c.woundedByCategory;
  return {
    casualties: cell(c.casualties), killedAtScene: cell(c.killedAtScene), diedOfWounds: cell(c.diedOfWounds), triagedDeadNoOutcome: cell(c.triagedDeadNoOutcome),
    woundedByCategory: { immediate: cell(w.immediate), delayed: cell(w.delayed), minimal: cell(w.minimal), expectant: cell(w.expectant), untriaged: cell(w.untriaged) },
    stillOpen: cell(c.stillOpen), conflicts: cell(c.conflicts),
  };
}
