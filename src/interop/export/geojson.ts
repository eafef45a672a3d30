// GeoJSON (RFC 7946) of casualties: one Point per casualty at its pickup site (9-line line 1) or last position.
import type { CasualtySummary } from '../../core/index.ts';
import type { Facility, Vehicle } from '../../core/index.ts';
import { gridText } from '../../core/index.ts';

export interface Feature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  properties: Record<string, unknown>;
}
export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;
const point = (p: { lat: number; lon: number }) => ({
  type: 'Point' as const,
  coordinates: [round(p.lon), round(p.lat)] as [number, number],
});

export function casualtiesGeoJson(list: readonly CasualtySummary[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: list.map((c) => {
      const s = c.state;
      const pos = s.evac.nineLine?.location ?? s.position;
      return {
        type: 'Feature',
        id: c.id,
        geometry: pos ? point(pos) : null,
        properties: {
          kind: 'casualty',
          stage: c.stage,
          precedence: c.precedence,
          triage: c.triage,
          battleRoster: s.identity.battleRoster ?? null,
          injuredAt: c.injuredAt,
          requestedAt: s.evac.requestedAt,
          mgrs: pos ? gridText(pos) : null, // null beyond the grid (80°S–84°N): the geometry has the coordinates
          callSign: s.evac.nineLine?.callSign ?? null,
          tourniquetsRunning: s.tourniquets.filter((t) => t.running).length,
          vehicleId: c.vehicleId,
          facilityId: c.facilityId,
          destinationId: c.destinationId,
          outcome: s.outcome?.outcome ?? null,
          mist: s.mist,
        },
      };
    }),
  };
}

export function entitiesGeoJson(facilities: readonly Facility[], vehicles: readonly Vehicle[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: [
      ...facilities.map((f): Feature => ({
        type: 'Feature',
        id: `facility:${f.id}`,
        geometry: point(f.position),
        properties: { kind: 'facility', ...f, position: undefined },
      })),
      ...vehicles.map((v): Feature => ({
        type: 'Feature',
        id: `vehicle:${v.id}`,
        geometry: v.position ? point(v.position) : null,
        properties: { ...v, vehicleKind: v.kind, kind: 'vehicle', position: undefined },
      })),
    ],
  };
}
