// The 9-line MEDEVAC request (ATP 4-02.2, wartime form). Lines 1–5 launch a vehicle; 6–9 may follow.
import { z } from 'zod';
import { GridPosition } from './geo.ts';
import { LINE3 } from './precedence-of.ts';

const count = z.number().int().min(0).max(99);
const counts = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, count.default(0)])) as Record<K, z.ZodDefault<typeof count>>);

/** Line 3 codes and the precedence they give: in precedence-of.ts, which the plan thread reads without zod. */
export { LINE3, effectivePrecedence } from './precedence-of.ts';
/** Line 4: A none, B hoist, C extraction equipment, D ventilator. */
export const SpecialEquipment = z.enum(['A', 'B', 'C', 'D']);
/** Line 6 (wartime): N no enemy, P possible enemy, E enemy – approach with caution, X armed escort required. */
export const Security = z.enum(['N', 'P', 'E', 'X']);
/** Line 7: A panels, B pyrotechnic, C smoke, D none, E other. */
export const Marking = z.enum(['A', 'B', 'C', 'D', 'E']);
/** Line 8: A own military, B own civilian, C other military, D other civilian, E prisoner of war. */
export const LINE8 = ['A', 'B', 'C', 'D', 'E'] as const;
/** Line 9 (wartime): C chemical, B biological, R radiological, N nuclear — only what is present. */
export const Cbrn = z.enum(['C', 'B', 'R', 'N']);

export const NineLineLines1to5 = z.object({
  /** Line 1: the pickup site. Stored as WGS84 with the square it was typed to; shown and transmitted as MGRS. */
  location: GridPosition,
  /** Line 2. */
  frequency: z.string().max(32).optional(),
  callSign: z.string().min(1).max(32),
  suffix: z.string().max(8).optional(),
  /** Line 3. */
  patientsByPrecedence: counts(LINE3),
  /** Line 4. */
  specialEquipment: z.array(SpecialEquipment).max(4).default(['A']),
  /** Line 5. */
  patientsByType: z.object({ L: count.default(0), A: count.default(0) }),
});

export const NineLineLines6to9 = z.object({
  security: Security.optional(),
  marking: Marking.optional(),
  markingDetail: z.string().max(64).optional(),
  nationality: counts(LINE8).optional(),
  cbrn: z.array(Cbrn).max(4).optional(),
  /** Hazards at the pickup site, free text (mines, drones overhead, wires). */
  hazards: z.string().max(500).optional(),
});

export const NineLine = NineLineLines1to5.extend(NineLineLines6to9.shape).superRefine((v, ctx) => {
  const p = Object.values(v.patientsByPrecedence).reduce((a, b) => a + b, 0);
  if (p === 0) ctx.addIssue({ code: 'custom', path: ['patientsByPrecedence'], message: 'at least one patient' });
  if (v.specialEquipment.includes('A') && v.specialEquipment.length > 1)
    ctx.addIssue({ code: 'custom', path: ['specialEquipment'], message: 'A (none) excludes other equipment' });
});
export type NineLine = z.infer<typeof NineLine>;

/** An update names only the lines it changes; every other line keeps its value. */
export const NineLineUpdate = NineLineLines1to5.partial().extend(NineLineLines6to9.shape);
export type NineLineUpdate = z.infer<typeof NineLineUpdate>;
