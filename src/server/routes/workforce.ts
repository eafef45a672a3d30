// Medical workforce API (issue 12): registry (personal: personnel and admin, every read audited with the clinicians
// shown), gaps (commanders see their units'), aggregates (analysts), facts, CSV import/export, proposals.
import { publishableCells } from '../../workforce/small-cells.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  ClinicianAnswer, ClinicianListAnswer, DecisionAnswer, FactAppendAnswer, FactBatch, GapsAnswer, GapsQuery, ImportAnswer, ImportRequest,
  ProposalAnswer, ProposalDecision, ProposalRequest, SitesAnswer, TemplatesAnswer, WORKFORCE_CSV_LIMIT, WORKFORCE_CSV_ROWS, WorkforceAggregates as AggregatesSchema,
  WorkforceIdParams, WhatIfAnswer, WhatIfRequest, TemplateHistoryAnswer,
} from '../../core/index.ts';
import type { Proposal, SiteGaps, WorkforceAggregates } from '../../core/index.ts';
import { allGaps } from '../../workforce/gaps.ts';
import { applyMoves, proposalId } from '../../workforce/propose.ts';
import { moveAnswers } from '../../workforce/answers.ts';
import { proposalRunner } from '../proposal-runner.ts';
import type { AppContext } from '../context.ts';
import { ApiError, badRequest, conflict, notFound } from '../errors.ts';
import { parse } from '../validate.ts';
import { RegistryReader, decisionFacts, importCsv, loadRegistry, replayContext } from '../workforce.ts';
import { workforceDoor } from '../../log/workforce.ts';
import { allowed, seesNoCasualty } from '../../auth/policy.ts';

const DAY_MS = 86_400_000;

/** Sites a caller may see gaps of: everyone but a unit-scoped commander or dispatcher sees all. */
function siteScope(req: FastifyRequest): ((s: { siteId: string; unitId?: string | undefined }) => boolean) {
  const p = req.principal;
  if (!p || p.units.length === 0 || (p.role !== 'commander' && p.role !== 'dispatcher')) return () => true;
  return (s) => p.units.includes(s.siteId) || (s.unitId !== undefined && p.units.includes(s.unitId));
}

/** The casualty load a proposal weighs: every casualty, read through the door; the answer shows none of them. */
const loadReader = (ctx: AppContext, req: FastifyRequest) => ctx.read(req, { audit: false }).unscoped();
/**
 * The casualty load the gaps weigh: who sees some casualties but not all (a unit's dispatcher or commander) weighs by
 * those — over every casualty, live, a site's load counted other units' casualties received at its facility, and its
 * weighted gap (load over the mean of every site) gave away the mean. Personnel (who see none) and those who see all
 * weigh by every casualty (personnel over whole past days: the route).
 */
const gapsReader = (ctx: AppContext, req: FastifyRequest) => {
  const r = ctx.read(req, { audit: false });
  return r.scope.all || seesNoCasualty(req.principal ?? null) ? r.unscoped() : r;
};

/** The registry as read by this request's caller: the clinicians it returns are named in the request's audit entry. */
const people = (ctx: AppContext, req: FastifyRequest) =>
  new RegistryReader(ctx.store, (ids) => (req.auditClinicians = [...(req.auditClinicians ?? []), ...ids]));

const author = (req: FastifyRequest) => req.principal?.username ?? 'api';

/** The workforce door for this request: its principal, audited as this route. */
const door = (ctx: AppContext, req: FastifyRequest) =>
  workforceDoor({ store: ctx.store, bus: ctx.bus, now: ctx.now }, { actor: author(req), principal: req.principal ?? null, action: `${req.method} ${req.routeOptions.url ?? req.url}` });

export function workforceRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/workforce/clinicians', { config: { access: 'workforce:personal', contract: { summary: 'The clinician registry (personal data; audited)', responses: { 200: ClinicianListAnswer } } } }, async (req) => {
    return { clinicians: await people(ctx, req).clinicians() };
  });

  app.get('/api/workforce/clinicians/:id', { config: { access: 'workforce:personal', contract: { summary: 'One clinician with assignment history and every fact (audited)', params: WorkforceIdParams, responses: { 200: ClinicianAnswer } } } }, async (req) => {
    const { id } = req.params as { id: string };
    const found = await people(ctx, req).clinician(id);
    if (!found) throw notFound(`unknown clinician ${id}`);
    return found;
  });

  app.get('/api/workforce/export', { config: { access: 'workforce:personal', contract: { summary: 'The registry as CSV (audited)', responses: { 200: { media: 'text/csv', description: 'one clinician per row' } } } } }, async (req, reply) => {
    const csv = await people(ctx, req).csv();
    reply.header('content-type', 'text/csv; charset=utf-8');
    return csv;
  });

  app.post('/api/workforce/facts', { config: { access: 'workforce:write', contract: { summary: 'Append workforce facts (all or none; idempotent by id)', body: FactBatch, responses: { 200: FactAppendAnswer, 201: FactAppendAnswer } } } }, async (req, reply) => {
    const body = parse(FactBatch, req.body, [], 'invalid workforce facts');
    const r = await door(ctx, req).record(body.facts);
    return reply.status(r.accepted ? 201 : 200).send(r);
  });

  app.post('/api/workforce/import', { config: { access: 'workforce:write', contract: { summary: 'Import a registry CSV: the first 1,000 problems by line and field, and their total; all or nothing unless keepValid; at most 100,000 rows (413)', body: ImportRequest, responses: { 200: ImportAnswer } } }, bodyLimit: WORKFORCE_CSV_LIMIT + 1024 }, async (req) => {
    const body = parse(ImportRequest, req.body, [], 'invalid import');
    const { tooManyRows, ...report } = await importCsv(ctx.store, door(ctx, req), body.csv, { now: ctx.now(), author: author(req), keepValid: body.keepValid });
    if (tooManyRows) throw new ApiError(413, 'too_large', `the CSV has more than ${WORKFORCE_CSV_ROWS.toLocaleString('en')} rows, the most one import accepts: import the registry in parts`, [{ path: 'csv', message: `more than ${WORKFORCE_CSV_ROWS} rows` }]);
    return { report };
  });

  app.get('/api/workforce/templates', { config: { access: 'workforce:gaps', contract: { summary: 'Staffing templates (sourced defaults, or as edited)', responses: { 200: TemplatesAnswer } } } }, async () => ({ templates: [...(await loadRegistry(ctx.store)).templates.values()] }));

  app.get('/api/workforce/templates/:id/history', { config: { access: 'workforce:gaps', contract: { summary: 'Every version of a staffing template, oldest first (nothing is deleted)', params: WorkforceIdParams, responses: { 200: TemplateHistoryAnswer } } } }, async (req) => {
    const { id } = req.params as { id: string };
    const facts = await ctx.store.workforce.factsOf(id);
    // The editor is named to those who may edit templates; a unit's dispatcher reads what changed, not who changed it.
    const named = allowed(req.principal ?? null, 'workforce:write');
    return {
      history: facts.flatMap((f) => (f.type === 'template.set'
        ? [{ seq: f.seq, at: f.at, ...(named ? { author: f.author } : {}), name: f.payload.name, roles: f.payload.slots.length, retired: f.payload.retired === true }]
        : [])),
    };
  });

  app.get('/api/workforce/sites', { config: { access: 'workforce:gaps', contract: { summary: 'Units and facilities whose staffing is tracked (commanders: their units)', responses: { 200: SitesAnswer } } } }, async (req) => {
    const visible = siteScope(req);
    return { sites: [...(await loadRegistry(ctx.store)).sites.values()].filter((s) => visible({ siteId: s.id, unitId: s.unitId })) };
  });

  app.get('/api/workforce/gaps', { config: { access: 'workforce:gaps', contract: { summary: 'Gaps per site and role, red flags, usable tables, weighted by casualty load', query: GapsQuery, responses: { 200: GapsAnswer } } } }, async (req) => {
    const now = ctx.now();
    const reg = await loadRegistry(ctx.store);
    const q = parse(GapsQuery, req.query ?? {}, ['query']);
    // Those who see no casualty (personnel) count whole UTC days that have ended: a window sliding with the clock told
    // them when each casualty of a unit was recorded (it counts at once) and, `days` later, injured (it drops out).
    const loadTo = seesNoCasualty(req.principal ?? null) ? new Date(Math.floor(Date.parse(now) / DAY_MS) * DAY_MS - 1).toISOString() : now;
    const rc = await replayContext(ctx.store, gapsReader(ctx, req), loadTo, q.days);
    const visible = siteScope(req);
    const sites: SiteGaps[] = allGaps(reg, { now, load: rc.received, tables: new Map(rc.facilities.map((f) => [f.id, f.surgicalTables])) })
      .filter((g) => visible({ siteId: g.siteId, unitId: reg.sites.get(g.siteId)?.unitId }));
    return { sites, computedAt: now };
  });

  app.get('/api/workforce/aggregates', { config: { access: 'workforce:aggregates', contract: { summary: 'Workforce counts only (cells under 5 left out)', responses: { 200: AggregatesSchema } } } }, async () => {
    const now = ctx.now();
    const reg = await loadRegistry(ctx.store);
    const count = (key: (r: { profession: string; status: string }) => string) => {
      const m: Record<string, number> = {};
      for (const c of reg.clinicians.values()) m[key(c.record)] = (m[key(c.record)] ?? 0) + 1;
      // Small cells left out, and never given away as the total minus the rest (src/workforce/small-cells.ts).
      return publishableCells(m, reg.clinicians.size);
    };
    const gaps = allGaps(reg, { now });
    const out: WorkforceAggregates = {
      clinicians: reg.clinicians.size,
      byProfession: count((r) => r.profession),
      byStatus: count((r) => r.status),
      sites: reg.sites.size,
      sitesWithRedFlags: gaps.filter((g) => g.redFlags.length).length,
      missingOnDuty: gaps.reduce((s, g) => s + g.rows.reduce((a, r) => a + r.required - r.onDuty, 0), 0),
    };
    return out;
  });

  app.post('/api/workforce/proposals', { config: { access: 'workforce:write', contract: { summary: 'Propose moves (exact MIP or greedy) and their effect: red flags, coverage, expected critical survivors', body: ProposalRequest, responses: { 200: ProposalAnswer } } } }, async (req) => {
    const body = parse(ProposalRequest, req.body, [], 'invalid proposal request');
    const now = ctx.now();
    const reg = await loadRegistry(ctx.store);
    const rc = await replayContext(ctx.store, loadReader(ctx, req), now, body.loadDays);
    const startsAt = body.startsAt ?? now;
    const endsAt = new Date(Date.parse(startsAt) + body.forDays * 86_400_000).toISOString();
    // On the worker thread: this request waits for the solve, the server's other requests do not.
    const r = await proposalRunner.propose(reg, { now, startsAt, endsAt, maxMoves: body.maxMoves, maxTravelMin: body.maxTravelMin, method: body.method, ...rc, candidatesPerSlot: 3 });
    const proposal: Proposal = {
      proposalId: proposalId(r.moves, now), method: body.method, moves: r.moves,
      coverageBefore: r.coverageBefore, coverageAfter: r.coverageAfter, criticalGapsBefore: r.criticalGapsBefore, criticalGapsAfter: r.criticalGapsAfter,
      survivorsBefore: r.survivorsBefore, survivorsAfter: r.survivorsAfter, criticalCasualties: r.criticalCasualties, optimal: r.optimal, gap: r.gap, computedAt: now, startsAt, endsAt,
      // Which shortfall each move answers, as the gaps read when the moves take effect.
      answers: moveAnswers((ms) => allGaps(applyMoves(reg, ms), { now: startsAt }), r.moves),
    };
    return { proposal };
  });

  app.post('/api/workforce/what-if', { config: { access: 'workforce:write', contract: { summary: 'Expected critical survivors before and after some moves (part of a proposal)', body: WhatIfRequest, responses: { 200: WhatIfAnswer } } } }, async (req) => {
    const body = parse(WhatIfRequest, req.body, [], 'invalid what-if');
    const now = ctx.now();
    const reg = await loadRegistry(ctx.store);
    const rc = await replayContext(ctx.store, loadReader(ctx, req), now, body.loadDays);
    const r = await proposalRunner.whatIf(reg, body.moves, { facilities: rc.facilities, vehicles: rc.vehicles, load: rc.load, now: body.startsAt ?? now });
    return { ...r, moves: body.moves.length };
  });

  app.post('/api/workforce/proposals/:id/decision', { config: { access: 'workforce:write', contract: { summary: 'Accept (assignments recorded) or decline a proposal', params: WorkforceIdParams, body: ProposalDecision, responses: { 201: DecisionAnswer } } } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    if (!/^[0-9a-f-]{36}$/.test(id)) throw badRequest('invalid proposal id', [{ path: 'params.id', message: 'must be a UUID' }]);
    const body = parse(ProposalDecision, req.body, [], 'invalid decision');
    if ((body.proposed === undefined) !== (body.computedAt === undefined))
      throw badRequest('proposed and computedAt go together', [{ path: body.proposed ? 'computedAt' : 'proposed', message: 'required with the other' }]);
    // The proposal as computed is recorded only when it is the one this id names, and only moves from it are taken.
    if (body.proposed && body.computedAt) {
      if (proposalId(body.proposed, body.computedAt) !== id) throw conflict('these are not the moves of this proposal', [{ path: 'proposed', message: `not proposal ${id}` }]);
      const key = (m: { clinicianId: string; to: string; role: string }) => `${m.clinicianId}>${m.to}/${m.role}`;
      const offered = new Set(body.proposed.map(key));
      const extra = body.moves.findIndex((m) => !offered.has(key(m)));
      if (extra >= 0) throw conflict('a move that was not proposed', [{ path: `moves.${extra}`, message: 'not in the proposal' }]);
    }
    const reg = await loadRegistry(ctx.store);
    // Accepting applies moves that still hold: each clinician known and still where the proposal found them.
    const stale = body.moves.flatMap((m, i) => {
      const c = reg.clinicians.get(m.clinicianId);
      if (!c) return [{ path: `moves.${i}.clinicianId`, message: 'unknown clinician' }];
      if (!reg.sites.has(m.to)) return [{ path: `moves.${i}.to`, message: 'unknown site' }];
      if (body.decision === 'accepted' && c.siteId !== m.from) return [{ path: `moves.${i}.from`, message: `no longer there (now ${c.siteId ?? 'unassigned'})` }];
      return [];
    });
    if (stale.length) throw conflict(`the proposal is out of date: ${stale[0]!.path} ${stale[0]!.message}`, stale);
    const r = await door(ctx, req).record(decisionFacts(id, body.decision, body.moves, ctx.now(), author(req), body.note, body.proposed && body.computedAt ? { moves: body.proposed, computedAt: body.computedAt } : undefined));
    return reply.status(201).send({ decision: body.decision, recorded: r.accepted, duplicates: r.duplicates });
  });
}
