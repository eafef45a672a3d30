// When the mixed run's medics post (bench/scale/mixed.ts): the arrival model of 50 medics, each a note every 2 s
// on average. Pure and seeded, so a run's schedule is the same on every checkout measured against it.
//  - `poisson` (the default): independent medics. Each medic's notes are a Poisson process at the mean rate
//    (exponential gaps, which also gives each its own random phase), so together they arrive as a Poisson stream
//    of 25 a second: some seconds carry 15 notes, some 35, and two can land in the same millisecond, as independent
//    people's would. No medic waits for another's timer.
//  - `jitter`: independent medics on a rough timer: a random phase each, then gaps uniform within ±50 % of the mean.
//  - `burst` (a stress mode): every medic's connection fires in the same turn every second (autocannon started
//    together), 25 notes within a few ms. No group of independent medics does this; it is the worst case of a
//    synchronised clock (a unit's phones all woken by the same push), kept to show the server's burst queue.
//  - `spread`: evenly staggered phases, one connection each, 1/25 s apart: the opposite extreme (no two notes
//    ever together), measured in session 18 to show the bursts were the p99.

import { mulberry32 } from '../../src/sim/rng.ts';

export type Arrivals = 'poisson' | 'jitter' | 'burst' | 'spread';
export const ARRIVALS: readonly Arrivals[] = ['poisson', 'jitter', 'burst', 'spread'];

/** The mode named by the environment: GH_MIXED_BURST=1, GH_MIXED_SPREAD=1, or GH_MIXED_ARRIVALS=<mode>; else poisson. */
export function arrivalsFrom(env: Record<string, string | undefined>): Arrivals {
  if (env.GH_MIXED_BURST === '1') return 'burst';
  if (env.GH_MIXED_SPREAD === '1') return 'spread';
  const named = env.GH_MIXED_ARRIVALS ?? 'poisson';
  if (!(ARRIVALS as readonly string[]).includes(named)) throw new Error(`GH_MIXED_ARRIVALS=${named}: one of ${ARRIVALS.join(', ')}`);
  return named as Arrivals;
}

/** A small seeded generator (mulberry32): uniform in [0, 1). */
export const seeded = (seed: number): (() => number) => mulberry32(seed);

/**
 * The send times (ms from the start, ascending) of each of `medics` independent medics over `ms`, each a note
 * every `meanMs` on average, for the modes that model independent medics (`poisson`, `jitter`).
 */
export function medicSchedule(mode: 'poisson' | 'jitter', medics: number, meanMs: number, ms: number, random: () => number): number[][] {
  const gap = mode === 'poisson' ? () => -meanMs * Math.log(1 - random()) : () => meanMs * (0.5 + random());
  return Array.from({ length: medics }, () => {
    const times: number[] = [];
    // Poisson: the first note is an exponential gap from the start too (memoryless: a random phase); jitter: a
    // phase uniform over one mean gap.
    for (let t = mode === 'poisson' ? gap() : meanMs * random(); t < ms; t += gap()) times.push(t);
    return times;
  });
}
