// Seeded pseudo-random streams (splitmix32 seeding a mulberry32 generator): deterministic and fast.
export type Rng = () => number;

function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** mulberry32 from a 32-bit state: uniforms in [0, 1). Also the seeded source of tests and benches. */
export function mulberry32(state: number): Rng {
  let a = state | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stream of uniforms in [0, 1) for (seed, stream name). */
export function rngFor(seed: number, stream: string): Rng {
  return mulberry32(mix((seed | 0) ^ mix(hashString(stream))));
}

/**
 * SIM-10: the hazard at which a vehicle is hit in a threat, an Exp(1) draw that depends only on (seed, vehicle,
 * threat): a Poisson process of hits per hazard unit, so the vehicle is lost where the hazard it has driven through in
 * that threat (−ln(1 − lossPerKm) per km) first reaches it.
 */
export function hitThreshold(seed: number, vehicleId: string, threatId: string): number {
  const u = rngFor(seed, `threat-hits\u0000${vehicleId}\u0000${threatId}`)();
  return -Math.log1p(-u);
}
