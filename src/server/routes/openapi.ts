// OpenAPI 3.1 document, generated from the contracts the routes declare (`config.contract`, schemas in
// src/core/api.ts): no hand-written shapes. A route without a contract is a hole in the document, listed in
// `x-undescribed` (a test requires that list to be empty).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ErrorResponse, StoredEventSchema } from '../../core/api.ts';
import { CasualtyEvent } from '../../core/index.ts';
import type { AppContext, ContractResponse, RouteContract } from '../context.ts';

type Json = Record<string, unknown>;

const schemaOf = (s: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  return rest;
};
const json = (schema: Json, description: string): Json => ({ description, content: { 'application/json': { schema } } });
const ERROR_REF = { $ref: '#/components/schemas/Error' };

function parameters(c: RouteContract, url: string): Json[] {
  const out: Json[] = [];
  const fromObject = (s: z.ZodType | undefined, where: 'query' | 'path') => {
    if (!s) return;
    const js = schemaOf(s, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, schema] of Object.entries(js.properties ?? {}))
      out.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema });
  };
  fromObject(c.params, 'path');
  fromObject(c.query, 'query');
  // Path parameters the contract does not describe are still named (plain strings).
  for (const m of url.matchAll(/:([A-Za-z_]+)/g))
    if (!out.some((p) => p.in === 'path' && p.name === m[1])) out.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
  return out;
}

function response(r: ContractResponse): Json {
  if (r instanceof z.ZodType) return json(schemaOf(r, 'output'), 'OK');
  const description = r.description ?? 'OK';
  if (r.media === 'none') return { description };
  return { description, content: { [r.media]: r.schema ? { schema: schemaOf(r.schema, 'output') } : {} } };
}

export interface DescribedRoute {
  method: string;
  url: string;
  access: string | undefined;
  contract: RouteContract | undefined;
}

export function openApiDocument(version: string, routes: DescribedRoute[]): Json {
  const paths: Record<string, Record<string, Json>> = {};
  const undescribed: string[] = [];
  for (const r of routes) {
    if (!r.contract) {
      undescribed.push(`${r.method.toUpperCase()} ${r.url}`);
      continue;
    }
    const c = r.contract;
    const responses: Json = Object.fromEntries(Object.entries(c.responses).map(([status, resp]) => [status, response(resp)]));
    responses.default = json(ERROR_REF, 'Error (every 4xx/5xx has this shape)');
    const path = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const params = parameters(c, r.url);
    (paths[path] ??= {})[r.method] = {
      summary: c.summary,
      ...(r.access ? { 'x-access': r.access } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(c.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(c.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Golden Hour API', version, description: 'Casualty care and evacuation. Errors: {error: {code, message, issues: [{path, message}]}}.' },
    servers: [{ url: '/' }],
    paths,
    components: { schemas: { Error: schemaOf(ErrorResponse, 'output'), CasualtyEvent: schemaOf(CasualtyEvent, 'input'), StoredEvent: schemaOf(StoredEventSchema, 'output') } },
    ...(undescribed.length ? { 'x-undescribed': undescribed } : {}),
  };
}

export function openApiRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Every /api route registered on the app, by whichever module, with the contract it declares.
  const seen: DescribedRoute[] = [];
  app.addHook('onRoute', (r) => {
    const config = r.config as { access?: string; contract?: RouteContract } | undefined;
    for (const method of [r.method].flat())
      if (method !== 'HEAD' && r.url.startsWith('/api/')) seen.push({ method: method.toLowerCase(), url: r.url, access: config?.access, contract: config?.contract });
  });
  let doc: Json | null = null;
  app.get(
    '/api/openapi.json',
    { config: { access: 'public', contract: { summary: 'This document (OpenAPI 3.1)', responses: { 200: { media: 'application/json', description: 'an OpenAPI 3.1 document' } } } } },
    async () => (doc ??= openApiDocument(ctx.version, seen)),
  );
}
