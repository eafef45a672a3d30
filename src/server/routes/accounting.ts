// Accounting (issue 13): recorded statistics with drill-down, claimed vs evidenced, and the claims ledger.
// Validate → authorise (policy table + the rules below) → one transaction with the ledger's history entry.
// Rules (docs/accounting.md): the analyst gets only de-identified figures; drill-down lists casualties in the
// caller's scope; an editor enters, grades and moves claims and may link casualties only by place and window (an
// editor sees no casualty); verification needs evidence and someone other than whoever entered the claim.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Instant, Uuid } from '../../core/index.ts';
import {
  Category, ClaimAnswer, Day, ClaimsPullPage, ClaimsPullQuery, ClaimsPushAck, ClaimsPushBody, ClaimDetail, ClaimList, ClaimQuery, ClaimRecordedAnswer, CompareAnswer, ComparisonAnswer, DrillAnswer, EvidenceAnswer, Grade,
  GradeChange, LinkAnswer, MAX_EVIDENCE_BYTES, NewClaim, NewEvidence, RecordedAnswer, SettleAnswer, SettleConflict, SettleParams, StatusChange,
} from '../../core/claims.ts';
import type { Claim, KeptComparison, RecordedBasis } from '../../core/claims.ts';
import type { Db } from '../../accounting/db.ts';
import { FIGURES, drillDown, recordedStats } from '../../accounting/recorded.ts';
import type { RecordedFilter } from '../../accounting/recorded.ts';
import { deidentifyRecorded } from '../../accounting/deidentify.ts';
import type { AnalystSnapshot } from '../../accounting/snapshot.ts';
import { claimedVsEvidenced } from '../../accounting/compare.ts';
import { coarseWindow, dayStart, incidentCasualtyIds, recordedAtPlace, recordedForCasualties } from '../../accounting/incident.ts';
import type { PlaceWindow, RecordedAtIncident } from '../../accounting/incident.ts';
import {
  LedgerError, addEvidence, archiveOf, changeStatus, claimHistory, createClaim, evidenceOf, getClaim, gradeClaim,
  linkCasualties, linkedCasualties, listClaims,
} from '../../accounting/ledger.ts';
import { applyEntries, entriesAfter, settleConflict, syncConflicts } from '../../accounting/replicate.ts';
import { comparisonView, countFor, evidenceFor, historyFor } from '../../accounting/comparison.ts';
import type { ComparisonReader } from '../../accounting/comparison.ts';
import { cell } from '../../auth/stats.ts';
import { FiguresCache, figuresKey } from '../figures-cache.ts';
import { seesAll, seesNoCasualty } from '../../auth/policy.ts';
import type { Principal } from '../../auth/policy.ts';
import type { AppContext } from '../context.ts';
import { ApiError, badRequest, conflict, notFound } from '../errors.ts';
import { parse } from '../validate.ts';

const Slug = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
const RecordedFields = z.object({ from: Day.optional(), to: Day.optional(), unit: Slug.optional(), status: z.enum(['military', 'civilian', 'prisoner']).optional() });
/** A period that ends before it starts counts nothing: refused (it read as a day of zeros). */
const inOrder = (q: { from?: string; to?: string }): boolean => !q.from || !q.to || q.from <= q.to;
const IN_ORDER = { path: ['from'], message: 'the period starts after it ends (from is after to)' };
export const RecordedQuery = RecordedFields.strict().refine(inOrder, IN_ORDER);
export const DrillQuery = RecordedFields.extend({ figure: z.enum(FIGURES), day: Day.optional(), limit: z.coerce.number().int().min(1).max(2000).default(500) }).strict().refine(inOrder, IN_ORDER);
export const CompareQuery = z.object({ category: Category, side: z.string().max(64).default('russia') }).strict();
export const LinkRequest = z
  .object({
    /** Explicit casualties (only for those who may see them). */
    casualtyIds: z.array(Uuid).max(500).optional(),
    /** Or every casualty recorded at the claim's place and window. */
    fromPlace: z.literal(true).optional(),
    /** Or every casualty linked to a mass-casualty incident record (issue 15). */
    incidentId: Uuid.optional(),
    reason: z.string().trim().min(1).max(1000),
  })
  .strict()
  .refine((b) => [b.casualtyIds, b.fromPlace, b.incidentId].filter((x) => x !== undefined).length === 1, { message: 'give one of casualtyIds, fromPlace or incidentId' });
export const ComparisonRequest = z.object({ grade: Grade, note: z.string().trim().min(1).max(2000).optional() }).strict();
const IdParam = z.object({ id: z.string().min(1).max(128) });

const db = (ctx: AppContext): Db => ctx.accounting;
const EVIDENCE_BODY_LIMIT = Math.ceil(MAX_EVIDENCE_BYTES / 3) * 4 + 64 * 1024;
/** A page of replicated entries carries up to ~7 MB of archived copies (src/accounting/replicate.ts). */
const CLAIMS_SYNC_BODY_LIMIT = 12 * 1024 * 1024;
/** After a committed change of a claim: wake up the dashboards and ledger screens (they re-read what they show). */
const announce = <T>(ctx: AppContext, claimId: string, value: T): T => (ctx.bus.publish({ type: 'claims', claimId }), value);
const who = (req: FastifyRequest): Principal | null => (req as { principal?: Principal | null }).principal ?? null;
const actor = (req: FastifyRequest, ctx: AppContext): string => who(req)?.username ?? ctx.caller(req).author;
/**
 * Unit scope of the caller's figures: undefined = every unit. Staff scoped to units count only theirs; the analyst and
 * the editor count everything but never see a casualty (de-identified figures; counts at a claimed incident).
 */
const scopeOf = (p: Principal | null): string[] | undefined =>
  p && !seesAll(p) && p.role !== 'analyst' && p.role !== 'editor' ? p.units : undefined;

const ledgerErrors = async <T>(fn: () => Promise<T>): Promise<T> => {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof LedgerError)
      throw err.code === 'not_found' ? notFound(err.message) : err.code === 'conflict' ? conflict(err.message) : badRequest(err.message);
    throw err;
  }
};

/**
 * How this caller reads the ledger's counts (src/accounting/comparison.ts): the ids of linked casualties only for those
 * who see every casualty — an id is meant to be unguessable, and a UUIDv7 minted on a phone holds its registration
 * time to the millisecond, the time within a day that coarse answers withhold (docs/security.md) — and the analyst's
 * counts as cells, as their figures are.
 */
const readerOf = (p: Principal | null): ComparisonReader =>
  !p || seesAll(p) ? 'all' : p.role === 'analyst' ? 'cells' : seesNoCasualty(p) ? 'coarse' : 'units';

/** How many casualties a claim links, in the caller's units (as its figures); the analyst's as a cell. */
async function linkedCount(d: Db, id: string, p: Principal | null) {
  const linked = await linkedCasualties(d, id);
  const scope = scopeOf(p);
  return countFor(scope ? (await recordedForCasualties(d, linked, scope)).casualties : linked.length, readerOf(p));
}

/** The window of a claim: its period (a bare date covers the whole day, UTC). */
export function claimWindow(c: Pick<Claim, 'periodStart' | 'periodEnd'>): { from: string; to: string } {
  const start = c.periodStart ?? c.periodEnd;
  return {
    from: /^\d{4}-\d{2}-\d{2}$/.test(start) ? `${start}T00:00:00Z` : start,
    to: /^\d{4}-\d{2}-\d{2}$/.test(c.periodEnd) ? `${c.periodEnd}T23:59:59.999Z` : c.periodEnd,
  };
}

/** A claim's place and window, as asked of the records: coarse for a caller who sees no casualty (editor-locate). */
function claimPlace(c: Claim, coarse: boolean): PlaceWindow | null {
  if (c.place.lat === null || c.place.lon === null) return null;
  const w = { lat: c.place.lat, lon: c.place.lon, radiusM: c.place.radiusM ?? 1000, ...claimWindow(c) };
  return coarse ? coarseWindow(w) : w;
}

/** Those who see no casualty are answered as of the start of the UTC day (src/accounting/incident.ts `asOf`). */
const asOfFor = (p: Principal | null, now: string): number | undefined => (seesNoCasualty(p) ? dayStart(now) : undefined);

/** Whom a count is for: coarse (by cell and day, as of the day's start) or not, in these units (undefined: every unit). */
type Counting = { coarse: boolean; scope: string[] | undefined };
const countingFor = (p: Principal | null): Counting => ({ coarse: seesNoCasualty(p), scope: scopeOf(p) });
/** The coarsest claims reader's counting (editor, analyst): what a kept comparison is computed for, whoever keeps it. */
const COARSEST: Counting = { coarse: true, scope: undefined };

/** What we recorded about a claim's incident: its linked casualties, else its place and window. */
async function recordedFor(d: Db, c: Claim, r: Counting, now: string): Promise<(RecordedAtIncident & { basis: RecordedBasis }) | null> {
  const linked = await linkedCasualties(d, c.id);
  const asOf = r.coarse ? dayStart(now) : undefined;
  const upTo = asOf === undefined ? {} : { asOf: new Date(asOf).toISOString() };
  if (linked.length) return { ...(await recordedForCasualties(d, linked, r.scope, asOf)), basis: { kind: 'linked', ...upTo } };
  const w = claimPlace(c, r.coarse);
  if (!w) return null;
  const { radiusM, from, to } = w;
  const basis: RecordedBasis = r.coarse ? { kind: 'cells', lat: w.lat, lon: w.lon, radiusM, from, to, ...upTo } : { kind: 'place', radiusM, from, to, ...upTo };
  return { ...(await recordedAtPlace(d, w, r.scope, r.coarse, asOf)), basis };
}

/**
 * The analyst's figures: de-identified, and as of the hour's start whatever the filter — live figures, polled, timed
 * each casualty and death of a unit (src/accounting/snapshot.ts); `generatedAt` is that instant.
 */
const analystAnswer = (snap: AnalystSnapshot, filter: RecordedFilter) => ({ deidentified: deidentifyRecorded(snap.statsOf(filter)), generatedAt: snap.asOf.slice(0, 13) + ':00:00Z' });

export function accountingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const figures = new FiguresCache<Awaited<ReturnType<typeof recordedStats>>>();
  const analystFigures = ctx.analystHour.figures;
  app.get('/api/accounting/recorded', { config: { access: 'accounting:read', contract: { summary: 'Recorded figures (de-identified for analysts)', query: RecordedQuery, responses: { 200: RecordedAnswer } } } }, async (req) => {
    const q = parse(RecordedQuery, req.query, ['query']);
    const p = who(req);
    const filter: RecordedFilter = { ...q, scopeUnits: scopeOf(p) };
    // The analyst (and anyone without a principal when auth is off is treated as staff) sees only aggregates.
    if (p?.role === 'analyst') return analystAnswer(await analystFigures.get(ctx.now()), filter);
    // One computation per state of the log and entities, shared by every dashboard with the same filter and scope.
    const stats = await figures.get(figuresKey(await ctx.read(req).heads(), filter), () => recordedStats(db(ctx), filter));
    return { recorded: stats, generatedAt: ctx.now() };
  });

  app.get('/api/accounting/drill', { config: { access: 'accounting:drill', contract: { summary: 'The casualties behind one figure', query: DrillQuery, responses: { 200: DrillAnswer } } } }, async (req) => {
    const q = parse(DrillQuery, req.query, ['query']);
    const { figure, day, limit, ...f } = q;
    const rows = await drillDown(db(ctx), figure, { ...f, day, scopeUnits: scopeOf(who(req)) }, limit);
    // Scoped in the query (units); the casualties shown are named in the read audit.
    req.auditCasualties = rows.map((r) => r.id);
    return { figure, casualties: rows.map((r) => ({ ...r, authors: [], facilityId: null, destinationId: null })) };
  });

  app.get('/api/accounting/compare', { config: { access: 'claims:read', contract: { summary: 'Claimed vs evidenced per category over time, with caveats and sources', query: CompareQuery, responses: { 200: CompareAnswer } } } }, async (req) => {
    const q = parse(CompareQuery, req.query, ['query']);
    return claimedVsEvidenced(db(ctx), q.category, q.side);
  });

  app.get('/api/claims', { config: { access: 'claims:read', contract: { summary: 'List claims of the ledger', query: ClaimQuery, responses: { 200: ClaimList } } } }, async (req) => {
    const q = parse(ClaimQuery, req.query, ['query']);
    const { manual, ...rest } = q;
    return { claims: await listClaims(db(ctx), { ...rest, manual: manual === undefined ? undefined : manual === 'true' }) };
  });

  app.post('/api/claims', { config: { access: 'claims:write', contract: { summary: 'Record a claim; idempotent by id', body: NewClaim, responses: { 201: ClaimAnswer, 200: ClaimAnswer } } } }, async (req, reply) => {
    const body = parse(NewClaim, req.body, [], 'invalid claim');
    const r = await ledgerErrors(() => createClaim(db(ctx), body, actor(req, ctx), ctx.now()));
    if (r.created) announce(ctx, r.claim.id, r);
    return reply.status(r.created ? 201 : 200).send({ claim: r.claim });
  });

  app.get('/api/claims/:id', { config: { access: 'claims:read', contract: { summary: 'One claim with its history and evidence', params: IdParam, responses: { 200: ClaimDetail } } } }, async (req) => {
    const { id } = parse(IdParam, req.params, ['params']);
    const d = db(ctx);
    const claim = await getClaim(d, id);
    if (!claim) throw notFound(`unknown claim ${id}`);
    const history = await claimHistory(d, id);
    const r = readerOf(who(req));
    return { claim, history: historyFor(history, r), evidence: evidenceFor(await evidenceOf(d, id), history, r), linked: await linkedCount(d, id, who(req)), conflicts: await syncConflicts(d, id) };
  });

  app.post('/api/claims/:id/status', { config: { access: 'claims:write', contract: { summary: 'Move a claim along its status chain', params: IdParam, body: StatusChange, responses: { 200: ClaimAnswer } } } }, async (req) => {
    const { id } = parse(IdParam, req.params, ['params']);
    const body = parse(StatusChange, req.body, [], 'invalid status change');
    return { claim: announce(ctx, id, await ledgerErrors(() => changeStatus(db(ctx), id, body.status, body.reason, actor(req, ctx), ctx.now()))) };
  });

  app.post('/api/claims/:id/grade', { config: { access: 'claims:write', contract: { summary: 'Grade a claim (Admiralty code)', params: IdParam, body: GradeChange, responses: { 200: ClaimAnswer } } } }, async (req) => {
    const { id } = parse(IdParam, req.params, ['params']);
    const { reason, ...grade } = parse(GradeChange, req.body, [], 'invalid grade');
    return { claim: announce(ctx, id, await ledgerErrors(() => gradeClaim(db(ctx), id, grade, reason, actor(req, ctx), ctx.now()))) };
  });

  // An archived copy of up to 1 MiB travels as base64 (4/3 of it) inside JSON: above the default body limit.
  app.post('/api/claims/:id/evidence', { config: { access: 'claims:write', contract: { summary: 'Add evidence to a claim (an archived copy of at most 1 MiB: PDF, PNG, JPEG, WebP, text, HTML)', params: IdParam, body: NewEvidence, responses: { 201: EvidenceAnswer } } }, bodyLimit: EVIDENCE_BODY_LIMIT }, async (req, reply) => {
    const { id } = parse(IdParam, req.params, ['params']);
    const body = parse(NewEvidence, req.body, [], 'invalid evidence');
    // Kept only by the comparison route, as data: free text must not pass for one (src/accounting/comparison.ts).
    if (body.kind === 'recorded-comparison') throw badRequest('a comparison with our records is kept by POST /api/claims/:id/comparison');
    const evidence = announce(ctx, id, await ledgerErrors(() => addEvidence(db(ctx), id, body, actor(req, ctx), ctx.now())));
    return reply.status(201).send({ evidence });
  });

  app.post('/api/claims/:id/conflicts/:entryId/settle', { config: { access: 'claims:write', contract: { summary: 'Mark a kept replication conflict settled (who, why: in the claim\'s history, replicated)', params: SettleParams, body: SettleConflict, responses: { 200: SettleAnswer } } } }, async (req) => {
    const { id, entryId } = parse(SettleParams, req.params, ['params']);
    const { reason } = parse(SettleConflict, req.body, [], 'invalid settlement');
    return { conflict: announce(ctx, id, await ledgerErrors(() => settleConflict(db(ctx), id, entryId, reason, actor(req, ctx), ctx.now()))) };
  });

  app.get('/api/claims/evidence/:id/archive', { config: { access: 'claims:read', contract: { summary: 'The archived copy of a piece of evidence', params: IdParam, responses: { 200: { media: 'application/octet-stream', description: 'the archived bytes, as an attachment' } } } } }, async (req, reply) => {
    const { id } = parse(IdParam, req.params, ['params']);
    const bytes = await archiveOf(db(ctx), id);
    if (!bytes) throw notFound(`no archived copy for evidence ${id}`);
    // Served as an attachment of opaque bytes: an archived web page must never run in our origin.
    return reply.type('application/octet-stream').header('content-disposition', `attachment; filename="evidence-${id}.bin"`).send(Buffer.from(bytes));
  });

  app.get('/api/claims/:id/recorded', { config: { access: 'claims:read', contract: { summary: 'What Golden Hour recorded at the claimed incident', params: IdParam, responses: { 200: ClaimRecordedAnswer } } } }, async (req) => {
    const { id } = parse(IdParam, req.params, ['params']);
    const d = db(ctx);
    const claim = await getClaim(d, id);
    if (!claim) throw notFound(`unknown claim ${id}`);
    const p = who(req);
    const rec = await recordedFor(d, claim, countingFor(p), ctx.now());
    if (!rec) return { claim: claim.id, recorded: null, reason: 'the claim names no place (latitude and longitude) and no casualty is linked' };
    const { ids: _ids, ...counts } = rec;
    if (p?.role === 'analyst') {
      return { claim: claim.id, recorded: { basis: rec.basis, casualties: cell(rec.casualties) } };
    }
    return { claim: claim.id, recorded: counts };
  });

  app.post('/api/claims/:id/links', { config: { access: 'claims:write', contract: { summary: 'Link recorded casualties to a claim', params: IdParam, body: LinkRequest, responses: { 200: LinkAnswer } } } }, async (req) => {
    const { id } = parse(IdParam, req.params, ['params']);
    const body = parse(LinkRequest, req.body, [], 'invalid link request');
    const d = db(ctx);
    const claim = await getClaim(d, id);
    if (!claim) throw notFound(`unknown claim ${id}`);
    const p = who(req);
    let ids: string[];
    if (body.casualtyIds) {
      // Naming casualties is for those who may see them; an editor links by place and window only.
      if (p && p.role !== 'admin') throw new ApiError(403, 'forbidden', 'only those who may see casualties link them by id; link by place instead');
      const reader = ctx.read(req);
      for (const cid of body.casualtyIds) if (!(await reader.casualty(cid))) throw notFound(`unknown casualty ${cid}`);
      ids = body.casualtyIds;
    } else if (body.incidentId) {
      // Like a place: the incident record's casualties (in the caller's unit scope), never named to the caller.
      // Linked casualties counted over every row, then narrowed to the caller's units (as the figures are): no row is shown.
      ids = await incidentCasualtyIds(ctx.read(req, { audit: false }).unscoped(), body.incidentId, scopeOf(p));
      // As a place is (below): those who see no casualty link what was injured before today's UTC day began, so that
      // linking again and again does not time the incident's casualties as they are recorded.
      const asOf = asOfFor(p, ctx.now());
      if (asOf !== undefined) ids = (await recordedForCasualties(d, ids, undefined, asOf)).ids;
    } else {
      const w = claimPlace(claim, seesNoCasualty(p));
      if (!w) throw badRequest('the claim names no place to link casualties from');
      ids = (await recordedAtPlace(d, w, scopeOf(p), seesNoCasualty(p), asOfFor(p, ctx.now()))).ids;
    }
    const added = await ledgerErrors(() => linkCasualties(d, id, ids, body.reason, actor(req, ctx), ctx.now()));
    if (added.length) announce(ctx, id, added);
    return { linked: added.length, total: (await linkedCasualties(d, id)).length };
  });

  comparisonRoute(app, ctx);
  claimsSyncRoutes(app, ctx);
}

/** The comparison of a claim with our records, kept as graded evidence of that claim (docs/accounting.md, "Kept comparisons"). */
function comparisonRoute(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/claims/:id/comparison', { config: { access: 'claims:write', contract: { summary: 'Keep the comparison with our records as graded evidence', params: IdParam, body: ComparisonRequest, responses: { 201: ComparisonAnswer } } } }, async (req, reply) => {
    const { id } = parse(IdParam, req.params, ['params']);
    const body = parse(ComparisonRequest, req.body, [], 'invalid comparison');
    const d = db(ctx);
    const claim = await getClaim(d, id);
    if (!claim) throw notFound(`unknown claim ${id}`);
    // Kept as data for the coarsest claims reader, whoever keeps it: every claims reader reads it (the keeper's own
    // exact figures stay on their screen, live). The note is the keeper's own words only.
    const now = ctx.now();
    const rec = await recordedFor(d, claim, COARSEST, now);
    if (!rec) throw badRequest('nothing to compare: the claim names no place and no casualty is linked');
    const { ids: _ids, ...counts } = rec;
    const kept: KeptComparison = { ...counts, claimed: { value: claim.value, qualifier: claim.qualifier } };
    const evidence = await ledgerErrors(() =>
      addEvidence(d, id, { firstSeen: parse(Instant, now), kind: 'recorded-comparison', ...(body.note ? { note: body.note } : {}), grade: body.grade }, actor(req, ctx), now, { comparison: kept }),
    );
    announce(ctx, id, evidence);
    return reply.status(201).send({ evidence: { ...evidence, comparison: comparisonView(kept, readerOf(who(req))) }, recorded: counts });
  });
}

/**
 * Replication between servers (docs/accounting.md): this server's history by its own numbers, and entries of
 * another server applied without overwriting anything held here.
 */
function claimsSyncRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/sync/claims/pull', { config: { access: 'claims:sync', contract: { summary: 'One page of the claims ledger\'s history after a cursor, for another server', query: ClaimsPullQuery, responses: { 200: ClaimsPullPage } } } }, async (req) => {
    const q = parse(ClaimsPullQuery, req.query, ['query']);
    return entriesAfter(db(ctx), q.after, q.limit);
  });

  app.post('/api/sync/claims/push', { config: { access: 'claims:sync', contract: { summary: 'Apply claims ledger entries of another server; idempotent by entry id, conflicts kept', body: ClaimsPushBody, responses: { 200: ClaimsPushAck } } }, bodyLimit: CLAIMS_SYNC_BODY_LIMIT }, async (req) => {
    const body = parse(ClaimsPushBody, req.body, [], 'invalid claims batch');
    const r = await applyEntries(db(ctx), body.entries, `peer ${actor(req, ctx)}`, ctx.now());
    for (const id of r.changed) announce(ctx, id, null);
    return { results: r.results };
  });
}
