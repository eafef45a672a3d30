// A small scenario file of the clairvoyant class (DISP-17) as the exact solver's instance. Throws when the file is
// outside the class (vehicle windows or range, a threat zone that closes, more than 3 vehicles or 12 casualties).
import type { SmallInstance } from '../dispatch/clairvoyant.ts';
import { MAX_CASUALTIES, MAX_VEHICLES } from '../dispatch/clairvoyant.ts';
import { fliesByDefault, protectionOf } from '../dispatch/travel.ts';
import { parseScenario, staffedTables } from './scenario.ts';
import { resolveModel } from './world.ts';

export function instanceOf(raw: Record<string, unknown>): SmallInstance {
  const s = parseScenario(raw);
  const pos = (p: readonly [number, number]) => ({ lat: p[0], lon: p[1] });
  const outside = (why: string): never => {
    throw new Error(`${s.name}: outside the clairvoyant class: ${why}`);
  };
  if (s.vehicles.length > MAX_VEHICLES) outside(`more than ${MAX_VEHICLES} vehicles`);
  if (s.casualties.length > MAX_CASUALTIES) outside(`more than ${MAX_CASUALTIES} casualties`);
  if (s.vehicles.some((v) => v.available || v.rangeKm)) outside('vehicle availability windows or range');
  if (s.facilities.some((f) => f.open)) outside('facility opening windows');
  if (s.arrivals && s.arrivals.ratePerHour > 0) outside('casualties not listed in advance');
  if (s.threats.some((t) => t.toMin < 1e5)) outside('a threat zone that closes');
  const base = new Map(s.facilities.map((f) => [f.id, f]));
  return {
    vehicles: s.vehicles.map((v) => ({
      id: v.id,
      pos: pos(base.get(v.base)!.pos),
      speedKmh: v.speedKmh,
      straightLine: v.straightLine ?? fliesByDefault(v.kind),
      medic: v.medic,
      litter: v.litter,
      seated: v.seated,
      protection: protectionOf(v.kind),
    })),
    facilities: s.facilities.map((f) => ({ id: f.id, pos: pos(f.pos), surgical: staffedTables(f) > 0, tables: staffedTables(f), beds: f.beds })),
    casualties: s.casualties.map((c) => ({ id: c.id, atMin: c.atMin, pos: pos(c.pos), rpm: c.rpm, litter: c.litter })),
    threats: s.threats.map((t) => ({ ...t, polygon: t.polygon.map(pos) })),
    travel: s.travel,
    model: resolveModel(s),
  };
}
