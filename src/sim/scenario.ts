// Scenario files "goldenhour-scenario/1" (docs/scenario.md): schema, defaults and cross-reference checks.
// The loader takes an already-parsed JSON value; reading files is the CLI's business.
import { z } from 'zod';

const LatLon = z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180)]);
const Window = z.tuple([z.number(), z.number()]).refine(([a, b]) => b >= a, { message: 'window must be [fromMin, toMin] with toMin ≥ fromMin' });
const Id = z.string().min(1);
const Prob = z.number().min(0).max(1);

/** SCN-17: the surgical team members on duty; a table runs only with a complete team. */
const Staff = z.object({
  surgeon: z.number().int().min(0),
  anaesthesia: z.number().int().min(0),
  scrub: z.number().int().min(0),
});

const Facility = z.object({
  id: Id,
  name: z.string().optional(),
  role: z.enum(['R1', 'R2', 'R3']),
  pos: LatLon,
  surgicalTables: z.number().int().min(0),
  beds: z.number().int().min(0),
  open: z.array(Window).optional(),
  staff: Staff.optional(),
});

const Vehicle = z.object({
  id: Id,
  kind: z.enum(['ambulance', 'armoured', 'civilian-car', 'ugv', 'drone', 'helicopter']),
  base: Id,
  litter: z.number().int().min(0),
  seated: z.number().int().min(0),
  speedKmh: z.number().positive(),
  medic: z.boolean(),
  straightLine: z.boolean().optional(),
  rangeKm: z.number().positive().optional(),
  available: z.array(Window).optional(),
});

const Threat = z.object({
  id: Id,
  polygon: z.array(LatLon).min(3),
  fromMin: z.number(),
  toMin: z.number(),
  lossPerKm: z.object({ unprotected: Prob, armoured: Prob, air: Prob }),
});

const Casualty = z.object({
  id: Id,
  atMin: z.number().min(0),
  pos: LatLon,
  rpm: z.number().int().min(0).max(12),
  litter: z.boolean(),
  civilian: z.boolean().optional(),
  mechanism: z.string().optional(),
});

const Arrivals = z.object({
  ratePerHour: z.number().min(0),
  untilMin: z.number().min(0),
  area: z.array(LatLon).min(3),
  rpmWeights: z.array(z.number().min(0)).length(13),
  litterShare: Prob,
});

const Model = z.object({
  survival: z.array(Prob).length(13).optional(),
  deterioration: z.array(z.array(z.number().int().min(0).max(12)).length(12)).length(13).optional(),
  survivalIfVehicleHit: Prob.optional(),
  clockWithMedic: z.number().min(0).optional(),
  clockStabilised: z.number().min(0).optional(),
  surgeryMin: z.number().min(0).optional(),
});

export const ScenarioSchema = z.object({
  format: z.literal('goldenhour-scenario/1'),
  name: z.string().min(1),
  description: z.string().optional(),
  seed: z.number().int(),
  horizonMin: z.number().positive(),
  travel: z
    .object({
      tortuosity: z.number().min(1).default(1.35),
      loadMin: z.number().min(0).default(5),
      unloadMin: z.number().min(0).default(5),
    })
    .default({ tortuosity: 1.35, loadMin: 5, unloadMin: 5 }),
  facilities: z.array(Facility).min(1),
  vehicles: z.array(Vehicle),
  threats: z.array(Threat).default([]),
  casualties: z.array(Casualty).default([]),
  arrivals: Arrivals.optional(),
  model: Model.optional(),
});
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioFacility = Scenario['facilities'][number];
export type ScenarioVehicle = Scenario['vehicles'][number];
export type ScenarioCasualty = Scenario['casualties'][number];

/**
 * SCN-17: the tables a facility can run at once — its `surgicalTables`, limited by the complete surgical teams its
 * `staff` makes (one surgeon, one anaesthesia provider, one scrub each); 0 at an R1; without `staff`, every table.
 */
export function staffedTables(f: Pick<ScenarioFacility, 'role' | 'surgicalTables' | 'staff'>): number {
  if (f.role === 'R1') return 0;
  if (!f.staff) return f.surgicalTables;
  return Math.min(f.surgicalTables, f.staff.surgeon, f.staff.anaesthesia, f.staff.scrub);
}

export class ScenarioError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path || '(root)'}: ${message}`);
    this.path = path;
  }
}

function pathString(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/** Object keys whose value is null are read as absent (`"rangeKm": null` = no range limit); unknown keys are ignored. */
function dropNulls(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(dropNulls);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).filter(([, v]) => v !== null).map(([k, v]) => [k, dropNulls(v)]));
  return x;
}

/** `surgicalTables` is "0 at R1": an R1 that leaves it out gets 0. */
function r1Tables(x: unknown): unknown {
  const fs = x && typeof x === 'object' ? (x as Record<string, unknown>)['facilities'] : undefined;
  if (!Array.isArray(fs)) return x;
  const facilities = fs.map((f: unknown) =>
    f && typeof f === 'object' && (f as Record<string, unknown>)['role'] === 'R1' && (f as Record<string, unknown>)['surgicalTables'] === undefined ? { ...f, surgicalTables: 0 } : f,
  );
  return { ...(x as Record<string, unknown>), facilities };
}

/** Validate a parsed scenario; throws ScenarioError naming the first bad field (e.g. `vehicles[2].speedKmh`). */
export function parseScenario(raw: unknown): Scenario {
  const r = ScenarioSchema.safeParse(r1Tables(dropNulls(raw)));
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new ScenarioError(pathString(issue.path), issue.message);
  }
  const s = r.data;
  const dup = (items: { id: string }[], field: string): void => {
    const seen = new Set<string>();
    items.forEach((it, i) => {
      if (seen.has(it.id)) throw new ScenarioError(`${field}[${i}].id`, `duplicate id "${it.id}"`);
      seen.add(it.id);
    });
  };
  dup(s.facilities, 'facilities');
  dup(s.vehicles, 'vehicles');
  dup(s.casualties, 'casualties');
  dup(s.threats, 'threats');
  const fac = new Set(s.facilities.map((f) => f.id));
  s.vehicles.forEach((v, i) => {
    if (!fac.has(v.base)) throw new ScenarioError(`vehicles[${i}].base`, `unknown facility "${v.base}"`);
  });
  s.threats.forEach((t, i) => {
    if (t.toMin < t.fromMin) throw new ScenarioError(`threats[${i}].toMin`, 'must be ≥ fromMin');
  });
  if (s.arrivals && s.arrivals.ratePerHour > 0 && s.arrivals.rpmWeights.every((w) => w === 0)) {
    throw new ScenarioError('arrivals.rpmWeights', 'at least one weight must be positive');
  }
  return s;
}
