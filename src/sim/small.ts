// A small scenario file of the clairvoyant class (DISP-17) as the exact solver's instance.
import type { SmallInstance } from '../dispatch/clairvoyant.ts';
import { parseScenario } from './scenario.ts';
import { resolveModel } from './world.ts';

export function instanceOf(raw: Record<string, unknown>): SmallInstance {
  const s = parseScenario(raw);
  const f = s.facilities[0]!;
  const v = s.vehicles[0]!;
  const pos = (p: readonly [number, number]) => ({ lat: p[0], lon: p[1] });
  return {
    vehicle: { id: v.id, pos: pos(f.pos), speedKmh: v.speedKmh, straightLine: false, medic: v.medic, litter: v.litter, seated: v.seated },
    facility: { id: f.id, pos: pos(f.pos) },
    casualties: s.casualties.map((c) => ({ id: c.id, atMin: c.atMin, pos: pos(c.pos), rpm: c.rpm, litter: c.litter })),
    travel: s.travel,
    model: resolveModel(s),
  };
}
