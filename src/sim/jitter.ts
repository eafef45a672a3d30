// Jittered copies of a scenario (DISP-90): each listed casualty reported up to `minutes` sooner or later and placed up
// to `metres` away on each axis, from a stream seeded by the copy's number. A deterministic example (no arrivals, no
// threats) is one draw of a chaotic process: a policy's edge on it is read over copies, not on the one file.
import { rngFor } from './rng.ts';
import type { Scenario } from './scenario.ts';

export interface JitterOptions {
  minutes: number;
  metres: number;
}

const M_PER_DEG = 111_320;

/** Copy 0 is the scenario itself; copy k > 0 moves every listed casualty's report time and place by its own draws. */
export function jitterScenario(s: Scenario, copy: number, o: JitterOptions = { minutes: 0.5, metres: 40 }): Scenario {
  if (copy === 0) return s;
  const u = rngFor(copy, `jitter\u0000${s.name}`);
  const casualties = s.casualties.map((c) => {
    const dt = (2 * u() - 1) * o.minutes;
    const dLat = ((2 * u() - 1) * o.metres) / M_PER_DEG;
    const dLon = ((2 * u() - 1) * o.metres) / (M_PER_DEG * Math.cos((c.pos[0] * Math.PI) / 180));
    return { ...c, atMin: Math.max(0, c.atMin + dt), pos: [c.pos[0] + dLat, c.pos[1] + dLon] as [number, number] };
  });
  return { ...s, casualties };
}
