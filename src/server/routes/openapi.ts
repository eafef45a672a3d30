// OpenAPI 3.1 document, generated from the same zod schemas that validate the requests.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CasualtyEvent, EventBatch, Facility, ThreatZone, Unit, Vehicle } from '../../core/index.ts';
import type { AppContext } from '../context.ts';
import { CasualtyQuery, ErrorResponse, EvacuationQuery, EventsQuery, RegisterCasualty, StreamQuery } from '../schemas.ts';
import { ENTITY_ROUTES } from './entities.ts';

type Json = Record<string, unknown>;

const schemaOf = (s: z.ZodType, io: 'input' | 'output' = 'input'): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  return rest;
};
const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description = 'OK'): Json => ({ description, content: { 'application/json': { schema } } });
const errors = (...codes: number[]): Json =>
  Object.fromEntries(codes.map((c) => [String(c), json(ref('Error'), { 400: 'Bad input', 404: 'Not found', 409: 'Conflict', 413: 'Body over 1 MB' }[c] ?? 'Error')]));

/** Query parameters from a zod object. */
function queryParams(s: z.ZodObject): Json[] {
  const js = schemaOf(s) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema }));
}
const idParam = (schema: Json): Json => ({ name: 'id', in: 'path', required: true, schema });

const CasualtySummary: Json = {
  type: 'object',
  description: 'The projection row of a casualty; `state` is the full fold of its log (see src/core/fold.ts CasualtyState).',
  required: ['id', 'stage', 'precedence', 'triage', 'unitId', 'facilityId', 'destinationId', 'vehicleId', 'authors', 'injuredAt', 'lastSeq', 'updatedAt', 'state'],
  properties: {
    id: { type: 'string' },
    stage: { type: 'string', enum: ['at-poi', 'requested', 'assigned', 'in-transit', 'at-facility', 'in-surgery', 'closed'] },
    precedence: { type: ['string', 'null'] },
    triage: { type: ['string', 'null'] },
    unitId: { type: ['string', 'null'] },
    facilityId: { type: ['string', 'null'] },
    destinationId: { type: ['string', 'null'] },
    vehicleId: { type: ['string', 'null'] },
    authors: { type: 'array', items: { type: 'string' } },
    injuredAt: { type: ['string', 'null'] },
    lastSeq: { type: 'integer' },
    updatedAt: { type: 'string' },
    state: { type: 'object' },
  },
};

export function openApiDocument(version: string): Json {
  const schemas: Json = {
    CasualtyEvent: schemaOf(CasualtyEvent),
    StoredEvent: { allOf: [ref('CasualtyEvent')], properties: { seq: { type: 'integer' }, receivedAt: { type: 'string', format: 'date-time' } }, required: ['seq', 'receivedAt'] },
    EventBatch: { ...schemaOf(EventBatch), properties: { events: { type: 'array', minItems: 1, maxItems: 1000, items: { description: 'A CasualtyEvent; casualtyId, id, recordedAt, deviceId and author may be omitted (the server fills them).', type: 'object' } } } },
    RegisterCasualty: schemaOf(RegisterCasualty),
    CasualtySummary,
    Error: schemaOf(ErrorResponse),
    Unit: schemaOf(Unit),
    Facility: schemaOf(Facility),
    Vehicle: schemaOf(Vehicle),
    ThreatZone: schemaOf(ThreatZone),
  };
  const paths: Json = {
    '/api/health': { get: { summary: 'Liveness, database kind and log head', responses: { 200: json({ type: 'object', properties: { ok: { type: 'boolean' }, db: { enum: ['sqlite', 'postgres'] }, head: { type: 'integer' }, version: { type: 'string' } } }) } } },
    '/api/openapi.json': { get: { summary: 'This document', responses: { 200: json({ type: 'object' }) } } },
    '/api/casualties': {
      post: {
        summary: 'Register a casualty (a `registered` event); idempotent by id',
        requestBody: { required: true, content: { 'application/json': { schema: ref('RegisterCasualty') } } },
        responses: { 201: json({ type: 'object', properties: { casualty: ref('CasualtySummary') } }, 'Created'), 200: json({ type: 'object', properties: { casualty: ref('CasualtySummary') } }, 'Already registered'), ...errors(400, 413) },
      },
      get: {
        summary: 'List casualties',
        parameters: queryParams(CasualtyQuery),
        responses: { 200: json({ type: 'object', properties: { casualties: { type: 'array', items: ref('CasualtySummary') }, head: { type: 'integer' } } }), ...errors(400) },
      },
    },
    '/api/casualties/{id}': {
      get: {
        summary: 'One casualty: state and log',
        parameters: [idParam({ type: 'string', format: 'uuid' })],
        responses: { 200: json({ type: 'object', properties: { casualty: ref('CasualtySummary'), events: { type: 'array', items: ref('StoredEvent') } } }), ...errors(404) },
      },
    },
    '/api/casualties/{id}/events': {
      post: {
        summary: 'Append a batch of events (1–1000), all or nothing; idempotent by event id',
        parameters: [idParam({ type: 'string', format: 'uuid' })],
        requestBody: { required: true, content: { 'application/json': { schema: ref('EventBatch') } } },
        responses: {
          200: json({ type: 'object', properties: { accepted: { type: 'integer' }, duplicates: { type: 'integer' }, results: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, seq: { type: 'integer' }, duplicate: { type: 'boolean' } } } }, head: { type: 'integer' }, casualty: ref('CasualtySummary') } }),
          ...errors(400, 404, 413),
        },
      },
    },
    '/api/evacuations': { get: { summary: 'Evacuation requests, most urgent first', parameters: queryParams(EvacuationQuery), responses: { 200: json({ type: 'object', properties: { evacuations: { type: 'array', items: { type: 'object' } } } }), ...errors(400) } } },
    '/api/events': { get: { summary: 'The event log after a cursor (sync pull)', parameters: queryParams(EventsQuery), responses: { 200: json({ type: 'object', properties: { events: { type: 'array', items: ref('StoredEvent') }, head: { type: 'integer' } } }), ...errors(400) } } },
    '/api/stream': {
      get: {
        summary: 'Server-Sent Events: `casualty-event` (id = seq, data = StoredEvent) and `entity` ({kind, value}); replay from `after` or Last-Event-ID, then live',
        parameters: [...queryParams(StreamQuery), { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } }],
        responses: { 200: { description: 'event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...errors(400) },
      },
    },
  };
  for (const { path, title } of ENTITY_ROUTES) {
    paths[`/api/${path}`] = {
      get: { summary: `List ${path}`, responses: { 200: json({ type: 'object', properties: { items: { type: 'array', items: ref(title) } } }) } },
      post: { summary: `Create a ${title}`, requestBody: { required: true, content: { 'application/json': { schema: ref(title) } } }, responses: { 201: json({ type: 'object', properties: { item: ref(title) } }, 'Created'), ...errors(400, 409, 413) } },
    };
    paths[`/api/${path}/{id}`] = {
      get: { summary: `One ${title}`, parameters: [idParam({ type: 'string' })], responses: { 200: json({ type: 'object', properties: { item: ref(title) } }), ...errors(404) } },
      patch: {
        summary: `Update a ${title}: any fields but id`,
        parameters: [idParam({ type: 'string' })],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: { 200: json({ type: 'object', properties: { item: ref(title) } }), ...errors(400, 404, 413) },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Golden Hour API', version, description: 'Casualty care and evacuation. Errors: {error: {code, message, issues: [{path, message}]}}.' },
    servers: [{ url: '/' }],
    paths,
    components: { schemas },
  };
}

export function openApiRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Routes that other modules register without describing them here still appear, with their access class.
  const seen: { method: string; url: string; access: string | undefined }[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method !== 'HEAD' && r.url.startsWith('/api/')) seen.push({ method: method.toLowerCase(), url: r.url, access: (r.config as { access?: string } | undefined)?.access });
    }
  });
  let doc: Json | null = null;
  app.get('/api/openapi.json', { config: { access: 'public' } }, async () => {
    if (doc) return doc;
    const d = openApiDocument(ctx.version);
    const paths = d.paths as Record<string, Record<string, Json>>;
    for (const r of seen) {
      const path = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
      const item = (paths[path] ??= {});
      const params = [...path.matchAll(/\{([A-Za-z_]+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
      item[r.method] ??= {
        summary: `${r.method.toUpperCase()} ${r.url}${r.access ? ` (access: ${r.access})` : ''}`,
        ...(params.length ? { parameters: params } : {}),
        responses: { 200: json({ type: 'object' }), default: json(ref('Error'), 'Error') },
      };
    }
    return (doc = d);
  });
}
