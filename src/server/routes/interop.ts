// Interoperability routes (issue 6): FHIR R4 handover document, CSV / GeoJSON exports, EDXL-HAVE facility status.
// The translators live in src/interop; these handlers only read the store and choose the media type.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { CasualtyParams } from '../../core/api.ts';
import { casualtiesCsv, eventsCsv } from '../../interop/export/csv.ts';
import { casualtiesGeoJson } from '../../interop/export/geojson.ts';
import { facilitiesHave } from '../../interop/export/have.ts';
import { documentTurn, fhirDocumentBytes } from '../document-runner.ts';

const EVENTS_PAGE = 5000;

export function interopRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/casualties/:id/fhir', { config: { access: 'casualty:read', contract: { summary: 'FHIR R4 document Bundle of one casualty', params: CasualtyParams, responses: { 200: { media: 'application/fhir+json', description: 'a FHIR R4 Bundle of type document' } } } } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    // The turn is taken before the card is read: reads sent together must not each read a long card first.
    const done = documentTurn(req.principal?.username ?? req.ip);
    try {
      // Outside the caller's scope a casualty does not exist (the door reads it in scope).
      const card = CasualtyParams.safeParse({ id }).success ? await ctx.read(req).card(id) : null;
      if (!card) throw notFound(`unknown casualty ${id}`);
      const names: Record<string, string> = {};
      for (const f of await ctx.store.listEntities('facility')) names[f.id] = f.name;
      for (const v of await ctx.store.listEntities('vehicle')) if (v.name) names[v.id] = v.name;
      const body = await fhirDocumentBytes({ casualtyId: id, events: card.events, now: ctx.now(), names });
      return await reply.type('application/fhir+json; fhirVersion=4.0').send(body);
    } finally {
      done();
    }
  });

  // Bulk exports carry every casualty's clinical data: administrators only (read through the door all the same).
  app.get('/api/export/casualties.csv', { config: { access: 'admin', contract: { summary: 'Every casualty as CSV', responses: { 200: { media: 'text/csv' } } } } }, async (req, reply) => {
    const list = await ctx.read(req).exportCasualties();
    return reply
      .type('text/csv; charset=utf-8; header=present')
      .header('content-disposition', 'attachment; filename="casualties.csv"')
      .send(casualtiesCsv(list));
  });

  app.get('/api/export/events.csv', { config: { access: 'admin', contract: { summary: 'Every event as CSV', responses: { 200: { media: 'text/csv' } } } } }, async (req, reply) => {
    const all = await ctx.read(req).exportEvents(EVENTS_PAGE);
    return reply
      .type('text/csv; charset=utf-8; header=present')
      .header('content-disposition', 'attachment; filename="events.csv"')
      .send(eventsCsv(all));
  });

  app.get('/api/export/casualties.geojson', { config: { access: 'admin', contract: { summary: 'Every casualty as a GeoJSON FeatureCollection', responses: { 200: { media: 'application/geo+json' } } } } }, async (req, reply) => {
    const list = await ctx.read(req).exportCasualties();
    return reply.type('application/geo+json').send(JSON.stringify(casualtiesGeoJson(list)));
  });

  app.get('/api/export/facilities-have.json', { config: { access: 'entity:read', contract: { summary: 'Facility status as EDXL-HAVE (JSON)', responses: { 200: { media: 'application/json', description: 'EDXL-HAVE HospitalStatus' } } } } }, async () => {
    return facilitiesHave(await ctx.store.listEntities('facility'), ctx.now());
  });
}
