// Reference entities: who and what the casualty chain runs through. These are current-state records (not logs):
// they change often (a vehicle's position) and their history matters less than a casualty's.
import { z } from 'zod';
import { Slug } from './ids.ts';
import { Position } from './geo.ts';
import { FacilityRole, VehicleKind } from './codes.ts';
import { Instant } from './time.ts';

export const Unit = z.object({
  id: Slug,
  name: z.string().min(1).max(120),
  parentId: Slug.optional(),
  kind: z.enum(['brigade', 'battalion', 'company', 'medical', 'volunteer', 'other']).default('other'),
});
export type Unit = z.infer<typeof Unit>;

export const FacilityCapability = z.enum(['damage-control-surgery', 'blood', 'ct', 'icu', 'burns', 'neuro', 'paediatrics']);

export const Facility = z.object({
  id: Slug,
  name: z.string().min(1).max(120),
  role: FacilityRole,
  position: Position,
  hardened: z.boolean().default(false),
  status: z.enum(['normal', 'compromised', 'evacuating', 'closed']).default('normal'),
  intake: z.enum(['normal', 'advisory', 'closed']).default('normal'),
  capabilities: z.array(FacilityCapability).default([]),
  beds: z.number().int().min(0).max(10_000),
  bedsAvailable: z.number().int().min(0).max(10_000).optional(),
  surgicalTables: z.number().int().min(0).max(200).default(0),
  tablesAvailable: z.number().int().min(0).max(200).optional(),
  unitId: Slug.optional(),
  updatedAt: Instant.optional(),
});
export type Facility = z.infer<typeof Facility>;

/**
 * Free beds or tables above the facility's own count, as field issues (none: consistent). Each field is bounded alone
 * by the schema; this compares them, for a create and for the merged record of a PATCH (a desk's slip of a digit, or
 * a figure the HAVE export and the TAK marker would send on as it was). An administrator lowering a count below what
 * is free sets both in one write. `touched`: a PATCH's fields; only the pairs it changes are checked, so a record
 * stored before this rule still takes a change of status or intake.
 */
export function facilityCountIssues(f: Pick<Facility, 'beds' | 'bedsAvailable' | 'surgicalTables' | 'tablesAvailable'>, touched?: ReadonlySet<string>): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const checks = (a: string, b: string) => !touched || touched.has(a) || touched.has(b);
  if (checks('beds', 'bedsAvailable') && f.bedsAvailable !== undefined && f.bedsAvailable > f.beds) issues.push({ path: 'bedsAvailable', message: `is more than the facility's beds (${f.bedsAvailable} free of ${f.beds})` });
  if (checks('surgicalTables', 'tablesAvailable') && f.tablesAvailable !== undefined && f.tablesAvailable > f.surgicalTables) issues.push({ path: 'tablesAvailable', message: `is more than the facility's surgical tables (${f.tablesAvailable} free of ${f.surgicalTables})` });
  return issues;
}

export const Vehicle = z.object({
  id: Slug,
  name: z.string().max(120).optional(),
  kind: VehicleKind,
  litter: z.number().int().min(0).max(50),
  seated: z.number().int().min(0).max(50),
  speedKmh: z.number().positive().max(400).optional(),
  medic: z.boolean().default(false),
  status: z.enum(['available', 'dispatched', 'loaded', 'out-of-service', 'lost']).default('available'),
  position: Position.optional(),
  baseFacilityId: Slug.optional(),
  unitId: Slug.optional(),
  rangeKm: z.number().positive().optional(),
  /** The uid of this vehicle's TAK position reports, so they move it on our map. */
  takUid: z.string().max(128).optional(),
  updatedAt: Instant.optional(),
});
export type Vehicle = z.infer<typeof Vehicle>;

export const ThreatZone = z.object({
  id: Slug,
  name: z.string().max(120).optional(),
  /** A closed ring of at least three vertices (the last need not repeat the first). */
  polygon: z.array(Position).min(3).max(500),
  from: Instant.optional(),
  to: Instant.optional(),
  lossPerKm: z
    .object({ unprotected: z.number().min(0).max(1), armoured: z.number().min(0).max(1), air: z.number().min(0).max(1) })
    .optional(),
  note: z.string().max(500).optional(),
});
export type ThreatZone = z.infer<typeof ThreatZone>;

/**
 * Most entities of each kind the API creates (POST /api/<kind>: 409 beyond): generous, far above any deployment
 * (a brigade's area has tens of facilities and zones, hundreds of vehicles), but a bound on what every list, stream
 * and dispatch plan reads: 1,000 zones of 500 points were 25 MB a read and took the plan from 0.4 s to 20.7 s.
 * Every stored entity counts (there is no delete). Threat zones have their own budget, below.
 */
export const ENTITY_LIMITS = { unit: 2000, facility: 1000, vehicle: 2000 } as const;

/**
 * Threat zones are drawn as the front moves and are never deleted (an ended zone keeps its history), so their count
 * is bounded twice: at most THREAT_ZONES_IN_FORCE in force (no end, or an end still to come: what the plan weighs and
 * the map draws) — a dispatcher at the limit ends one, never recycles it — and all stored zones together at most
 * THREAT_ZONE_POINTS vertices (what every list carries: ~2.5 MB; 1,000 zones of 500 points were 25 MB a read).
 */
export const THREAT_ZONES_IN_FORCE = 200;
export const THREAT_ZONE_POINTS = 100_000;
/** Whether a zone is in force at `now` or will be: no end, or an end after now. */
export const zoneInForce = (z: Pick<ThreatZone, 'to'>, nowMs: number): boolean => z.to === undefined || Date.parse(z.to) > nowMs;

/**
 * Validate a partial update of an entity: any field but its id. Only the fields present in the input are
 * returned, so a default in the full schema never overwrites a stored value.
 */
export function parsePatch<T extends z.ZodObject>(schema: T, raw: unknown): z.ZodSafeParseResult<Partial<z.infer<T>>> {
  const result = schema.omit({ id: true } as never).partial().strict().safeParse(raw);
  if (!result.success) return result as unknown as z.ZodSafeParseResult<Partial<z.infer<T>>>;
  const present = new Set(Object.keys(raw as object));
  const data = Object.fromEntries(Object.entries(result.data as object).filter(([k]) => present.has(k)));
  return { success: true, data: data as Partial<z.infer<T>> };
}

/**
 * A device's public signing key (ECDSA P-256, SPKI, base64), registered by the device once signed in and handed
 * to every device with sync, so a phone can verify a hand-over code offline (issue 17).
 */
export const DeviceKey = z.object({
  /** The device id (its events' deviceId). */
  id: z.string().min(1).max(64),
  username: z.string().min(1).max(64),
  publicKey: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).min(40).max(400),
  registeredAt: Instant,
  /** A key under an id this server minted: the browser id it stands for (held by another user's key), so that
   *  browser's next key replaces this one rather than minting another. Listed only to those who see all. */
  standsFor: z.string().min(1).max(64).optional(),
});
export type DeviceKey = z.infer<typeof DeviceKey>;
