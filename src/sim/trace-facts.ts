// Facts of one simulated run, read from its trace and records: what the tests that contrast a rule on and off assert.
import type { SimResult } from './state.ts';

/** When `event` ('pickup', 'dropoff', …) first happened to casualty `id`; Infinity if it never did. */
export const firstAt = (r: SimResult, event: string, id: string): number => r.trace.find((e) => e.event === event && e.casualty === id)?.t ?? Infinity;

/** Whether casualty `added` rode on `first`'s leg: picked up before `first` was dropped off. */
export const onLegOf = (r: SimResult, added: string, first: string): boolean => firstAt(r, 'pickup', added) < firstAt(r, 'dropoff', first);

export const survivalOf = (r: SimResult, id: string): number => r.casualties.find((c) => c.id === id)!.survival;

export const totalSurvival = (r: SimResult): number => r.casualties.reduce((a, c) => a + c.survival, 0);
