// Reference entities: units, facilities, vehicles, threat zones — create, update (PATCH), list, get.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ENTITY_LIMITS, Facility, facilityCountIssues, parsePatch, THREAT_ZONE_POINTS, THREAT_ZONES_IN_FORCE, ThreatZone, toMs, Unit, Vehicle, zoneInForce } from '../../core/index.ts';
import type { EntityKind } from '../../storage/port.ts';
import type { AppContext } from '../context.ts';
import { EntityParams, ListedVehicle, entityItem, entityList } from '../../core/api.ts';
import { busyElsewhere, marked, markedFor } from '../busy-vehicles.ts';
import type { Issue } from '../errors.ts';
import { ApiError, badRequest, conflict, invalid, notFound } from '../errors.ts';
import { facilityWriteDenial } from '../../auth/policy.ts';
import { checkInstant, parse } from '../validate.ts';

/** URL segment → storage kind and core schema. */
export const ENTITY_ROUTES = [
  { path: 'units', kind: 'unit', schema: Unit, title: 'Unit' },
  { path: 'facilities', kind: 'facility', schema: Facility, title: 'Facility' },
  { path: 'vehicles', kind: 'vehicle', schema: Vehicle, title: 'Vehicle' },
  { path: 'threat-zones', kind: 'threat-zone', schema: ThreatZone, title: 'ThreatZone' },
] as const satisfies readonly { path: string; kind: EntityKind; schema: z.ZodObject; title: string }[];

type AnyEntity = Record<string, unknown> & { id: string };

/**
 * A threat zone written (created, or `before` changed) only within the zones' budget: at most THREAT_ZONES_IN_FORCE
 * in force and THREAT_ZONE_POINTS vertices stored in all (core/entities.ts says why). Read from the list, which the
 * budget itself keeps small; two writes at once may both pass at the edge: a ceiling against floods, not a count.
 */
async function checkZoneBudget(ctx: AppContext, value: ThreatZone, before: ThreatZone | null, nowMs: number): Promise<void> {
  const stored = (await ctx.store.listEntities('threat-zone')) as ThreatZone[];
  const others = stored.filter((z) => z.id !== value.id);
  if (zoneInForce(value, nowMs) && !(before && zoneInForce(before, nowMs)) && others.filter((z) => zoneInForce(z, nowMs)).length >= THREAT_ZONES_IN_FORCE)
    throw conflict(`at most ${THREAT_ZONES_IN_FORCE} threat zones may be in force: end one no longer in force (PATCH its "to") first`, [{ path: 'to', message: `over the limit of ${THREAT_ZONES_IN_FORCE} in force` }]);
  const points = others.reduce((n, z) => n + z.polygon.length, value.polygon.length);
  if (points > THREAT_ZONE_POINTS && value.polygon.length > (before?.polygon.length ?? 0))
    throw conflict(`threat zones may hold at most ${THREAT_ZONE_POINTS.toLocaleString('en')} points in all: draw this one with fewer points`, [{ path: 'polygon', message: `over the limit of ${THREAT_ZONE_POINTS} points in all` }]);
}

/** A unit-scoped dispatcher's write to a facility, checked against the policy (src/auth/policy.ts): 403 with why. */
function facilityScope(req: FastifyRequest, stored: Facility | null, body: Record<string, unknown>): void {
  const p = req.principal;
  const why = p ? facilityWriteDenial(p, stored, body) : null;
  if (why) throw new ApiError(403, 'forbidden', why);
}

export function entityRoutes(app: FastifyInstance, ctx: AppContext): void {
  for (const { path, kind, schema, title } of ENTITY_ROUTES) {
    const strict = (schema as z.ZodObject).strict();
    const stamped = 'updatedAt' in schema.shape;
    // Rules across fields, on the whole record (a PATCH's after the merge): times, and a facility's free counts (those
    // a PATCH touches: `touched`).
    const checkFields = (v: AnyEntity, now: string, touched?: ReadonlySet<string>) => {
      const issues: Issue[] = kind === 'facility' ? facilityCountIssues(v as unknown as Facility, touched) : [];
      const stampIssue = typeof v.updatedAt === 'string' ? checkInstant(v.updatedAt, 'updatedAt', now) : null;
      if (stampIssue) issues.push(stampIssue);
      if (typeof v.from === 'string' && typeof v.to === 'string' && toMs(v.from) > toMs(v.to)) issues.push({ path: 'to', message: 'is before from' });
      if (issues.length) throw badRequest(`invalid ${kind}: ${issues[0]!.path} ${issues[0]!.message}`, issues);
    };
    const publish = (value: unknown) => ctx.bus.publish({ type: 'entity', kind, value });

    // A vehicle on another unit's job is marked busy for a scoped caller, and nothing more of the job is said.
    const listed = kind === 'vehicle' ? ListedVehicle : schema;
    const busy = async (req: Parameters<AppContext['read']>[0]) => {
      const reader = ctx.read(req, { audit: false });
      return kind === 'vehicle' && markedFor(req, reader) ? busyElsewhere(ctx.store, reader) : new Set<string>();
    };
    app.get(`/api/${path}`, { config: { access: 'entity:read', contract: { summary: `List ${path}${kind === 'vehicle' ? ' (busyElsewhere: on a job for a casualty outside the caller\'s scope)' : ''}`, responses: { 200: entityList(listed) } } } }, async (req) => {
      const [items, b] = await Promise.all([ctx.store.listEntities(kind), busy(req)]);
      return { items: b.size ? items.map((v) => marked(v, b)) : items };
    });

    app.get(`/api/${path}/:id`, { config: { access: 'entity:read', contract: { summary: `One ${title}`, params: EntityParams, responses: { 200: entityItem(listed) } } } }, async (req) => {
      const { id } = req.params as { id: string };
      const item = await ctx.store.getEntity(kind, id);
      if (!item) throw notFound(`unknown ${kind} ${id}`);
      return { item: marked(item, await busy(req)) };
    });

    app.post(`/api/${path}`, { config: { access: 'entity:write', contract: { summary: `Create a ${title}`, body: schema, responses: { 201: entityItem(schema) } } } }, async (req, reply) => {
      const now = ctx.now();
      const value = parse(strict, req.body, [], `invalid ${kind}`) as AnyEntity;
      if (kind === 'facility') facilityScope(req, null, value);
      checkFields(value, now);
      if (stamped && value.updatedAt === undefined) value.updatedAt = now;
      if (await ctx.store.getEntity(kind, value.id)) throw conflict(`${kind} ${value.id} exists (PATCH it instead)`, [{ path: 'id', message: 'exists' }]);
      // A bound on what every list, stream and plan reads (ENTITY_LIMITS). Two creates at once may both pass at the
      // limit: it is a ceiling against floods, not an exact count.
      const limit = kind === 'threat-zone' ? null : ENTITY_LIMITS[kind];
      if (limit !== null && (await ctx.store.countEntities(kind)) >= limit)
        throw conflict(`at most ${limit.toLocaleString('en')} ${path.replace('-', ' ')} may be stored: PATCH one no longer needed instead`, [{ path: 'id', message: `over the limit of ${limit}` }]);
      if (kind === 'threat-zone') await checkZoneBudget(ctx, value as unknown as ThreatZone, null, toMs(now));
      // Audited in the write's own transaction: an entry that cannot be stored leaves the entity unwritten.
      const w = ctx.entityWriter(req);
      await ctx.store.putEntity(kind, value as never, w.audit);
      w.stored();
      publish(value);
      return reply.status(201).send({ item: value });
    });

    app.patch(`/api/${path}/:id`, { config: { access: 'entity:write', contract: { summary: `Update a ${title}: any fields but id`, params: EntityParams, body: (schema as z.ZodObject).omit({ id: true } as never).partial(), responses: { 200: entityItem(schema) } } } }, async (req) => {
      const now = ctx.now();
      const { id } = req.params as { id: string };
      const existing = (await ctx.store.getEntity(kind, id)) as AnyEntity | null;
      if (!existing) throw notFound(`unknown ${kind} ${id}`);
      // A vehicle on a job outside a scoped dispatcher's scope is shown to it only as busy: changing it (out of service,
      // moved, its litters) would change an evacuation it may not see. It reads the mark already; nothing more is said.
      if ((await busy(req)).has(id)) throw conflict(`${kind} ${id} is on a job outside your scope`, [{ path: 'id', message: 'busy elsewhere' }]);
      const patch = parsePatch(schema as z.ZodObject, req.body);
      if (!patch.success) throw invalid(patch.error, [], `invalid ${kind} update`);
      if (kind === 'facility') facilityScope(req, existing as Facility, patch.data as Record<string, unknown>);
      const merged = { ...existing, ...(patch.data as object), id } as AnyEntity;
      if (stamped && !('updatedAt' in (patch.data as object))) merged.updatedAt = now;
      const value = parse(strict, merged, [], `invalid ${kind}`) as AnyEntity;
      checkFields(value, now, new Set(Object.keys(patch.data as object)));
      if (kind === 'threat-zone') await checkZoneBudget(ctx, value as unknown as ThreatZone, existing as unknown as ThreatZone, toMs(now));
      const w = ctx.entityWriter(req);
      await ctx.store.putEntity(kind, value as never, { ...w.audit, detail: { ...w.audit.detail, fields: Object.keys(patch.data as object).sort() } });
      w.stored();
      publish(value);
      return { item: value };
    });
  }
}
