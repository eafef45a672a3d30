// `goldenhour demo`: load a scenario file's facilities, vehicles and threat zones (plus units and a few casualties
// with their first events) so that a new user sees something real.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { CasualtyEvent, EventType, PayloadOf, Precedence, Unit, Vehicle, Facility, ThreatZone } from '../../core/index.ts';
import { Facility as FacilitySchema, ThreatZone as ThreatZoneSchema, Unit as UnitSchema, Vehicle as VehicleSchema, addMinutes, parseEvent } from '../../core/index.ts';
import { parseArgs, int } from '../args.ts';
import type { Command } from '../command.ts';
import { REPO_ROOT, UsageError, describeDatabase, loadConfig, openMigratedStore } from '../config.ts';
import { processLog } from '../../log/service.ts';
import { staffedTables } from '../../sim/scenario.ts';
import { createMemoryBus } from '../../storage/bus.ts';

export const DEFAULT_SCENARIO = resolve(REPO_ROOT, 'examples/scenarios/bakhmut-outskirts.json');

const LatLon = z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180)]);
const toPos = ([lat, lon]: [number, number]) => ({ lat, lon });

/** The parts of a goldenhour-scenario/1 file the demo uses (the simulator validates the whole format). */
const Scenario = z.object({
  format: z.literal('goldenhour-scenario/1'),
  name: z.string().min(1),
  description: z.string().optional(),
  facilities: z.array(
    z.object({
      id: z.string(), name: z.string().optional(), role: z.enum(['R1', 'R2', 'R3']), pos: LatLon, surgicalTables: z.number().int().min(0), beds: z.number().int().min(0),
      staff: z.object({ surgeon: z.number().int().min(0), anaesthesia: z.number().int().min(0), scrub: z.number().int().min(0) }).optional(),
    }),
  ),
  vehicles: z.array(
    z.object({ id: z.string(), kind: VehicleSchema.shape.kind, base: z.string(), litter: z.number().int().min(0), seated: z.number().int().min(0), speedKmh: z.number().positive(), medic: z.boolean(), rangeKm: z.number().positive().optional() }),
  ),
  threats: z.array(
    z.object({ id: z.string(), polygon: z.array(LatLon).min(3), fromMin: z.number(), toMin: z.number(), lossPerKm: z.object({ unprotected: z.number(), armoured: z.number(), air: z.number() }) }),
  ).default([]),
  casualties: z.array(
    z.object({ id: z.string(), atMin: z.number().min(0), pos: LatLon, rpm: z.number().int().min(0).max(12), litter: z.boolean(), civilian: z.boolean().optional(), mechanism: z.string().optional() }),
  ).default([]),
});
type Scenario = z.infer<typeof Scenario>;

/** A stable UUID (RFC 9562 version 8) from a name: loading the same scenario twice adds no casualty twice. */
function nameUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const MECHANISMS: Record<string, PayloadOf<'mechanism'>['mechanisms'][number]> = {
  mine: 'landmine', landmine: 'landmine', drone: 'fpv-drone', fpv: 'fpv-drone', gunshot: 'gunshot', gsw: 'gunshot',
  artillery: 'artillery', shelling: 'artillery', blast: 'ied', ied: 'ied', grenade: 'grenade', burn: 'burn', rpg: 'rpg', cluster: 'cluster',
};

/** Sacco's cut (scenario spec): RPM ≤ 6 T1 urgent, 7–9 T2 priority, ≥ 10 T3 routine. */
function acuity(rpm: number): { category: 'T1' | 'T2' | 'T3'; precedence: Precedence; letter: 'A' | 'C' | 'D'; vitals: PayloadOf<'vitals'> } {
  if (rpm <= 6) return { category: 'T1', precedence: 'urgent', letter: 'A', vitals: { pulse: 132, sbp: 80, bpPalpated: true, rr: 30, spo2: 88, avpu: 'P', pain: 9 } };
  if (rpm <= 9) return { category: 'T2', precedence: 'priority', letter: 'C', vitals: { pulse: 112, sbp: 105, rr: 24, spo2: 93, avpu: 'V', pain: 7 } };
  return { category: 'T3', precedence: 'routine', letter: 'D', vitals: { pulse: 92, sbp: 125, dbp: 80, rr: 18, spo2: 97, avpu: 'A', pain: 4 } };
}

export interface DemoData {
  units: Unit[];
  facilities: Facility[];
  vehicles: Vehicle[];
  threatZones: ThreatZone[];
  events: CasualtyEvent[];
}

/** Convert a scenario into entities and casualty events: `[lat, lon]` → `{lat, lon}`, minutes → instants from `now`. */
export function demoData(s: Scenario, now: string, casualtyCount: number): DemoData {
  const medics = `${s.name}-medics`.slice(0, 64);
  const infantry = `${s.name}-infantry`.slice(0, 64);
  const units = [
    UnitSchema.parse({ id: medics, name: `Medical company (${s.name})`, kind: 'medical' }),
    UnitSchema.parse({ id: infantry, name: `Infantry company (${s.name})`, kind: 'company' }),
  ];
  const facilities = s.facilities.map((f) =>
    FacilitySchema.parse({ id: f.id, name: f.name ?? f.id, role: f.role, position: toPos(f.pos), beds: f.beds, bedsAvailable: f.beds, surgicalTables: f.surgicalTables, tablesAvailable: f.role === 'R1' ? f.surgicalTables : staffedTables(f), unitId: medics, updatedAt: now }),
  );
  const baseOf = new Map(s.facilities.map((f) => [f.id, toPos(f.pos)]));
  const vehicles = s.vehicles.map((v) =>
    VehicleSchema.parse({
      id: v.id, name: v.id, kind: v.kind, litter: v.litter, seated: v.seated, speedKmh: v.speedKmh, medic: v.medic, baseFacilityId: v.base,
      ...(baseOf.get(v.base) ? { position: baseOf.get(v.base) } : {}), ...(v.rangeKm ? { rangeKm: v.rangeKm } : {}), unitId: medics, updatedAt: now,
    }),
  );
  const threatZones = s.threats.map((t) =>
    ThreatZoneSchema.parse({ id: t.id, name: t.id, polygon: t.polygon.map(toPos), from: addMinutes(now, t.fromMin), to: addMinutes(now, t.toMin), lossPerKm: t.lossPerKm }),
  );

  // The first casualties of the scenario, shifted so that the latest of them was injured 10 minutes ago.
  const chosen = [...s.casualties].sort((a, b) => a.atMin - b.atMin).slice(0, casualtyCount);
  const latest = chosen.length ? chosen[chosen.length - 1]!.atMin : 0;
  const surgical = facilities.find((f) => f.role !== 'R1') ?? facilities[0];
  const events: CasualtyEvent[] = [];
  chosen.forEach((c, n) => {
    const cid = nameUuid(`goldenhour-demo/${s.name}/${c.id}`);
    const injuredAt = addMinutes(now, -(latest - c.atMin) - 10);
    const t = (min: number) => addMinutes(injuredAt, min);
    const a = acuity(c.rpm);
    let k = 0;
    const ev = <T extends EventType>(type: T, payload: PayloadOf<T>, at: string, author = 'demo-medic'): void => {
      const raw = { id: nameUuid(`${cid}/${k++}`), casualtyId: cid, type, at, recordedAt: at, deviceId: 'demo', author, payload };
      const r = parseEvent(raw);
      if (!r.success) throw new Error(`demo event ${type} of ${c.id} is invalid: ${r.error.message}`);
      events.push(r.data);
    };
    ev('registered', { injuredAt, position: toPos(c.pos), sex: 'unknown', status: c.civilian ? 'civilian' : 'military', ...(c.civilian ? {} : { unitId: infantry, battleRoster: `DM${String(1001 + n)}` }) }, injuredAt);
    if (c.mechanism) ev('mechanism', { mechanisms: [MECHANISMS[c.mechanism.toLowerCase()] ?? 'other'], detail: c.mechanism }, injuredAt);
    if (c.litter && c.rpm <= 9) ev('tourniquet.applied', { limb: n % 2 ? 'right-arm' : 'left-leg', tqType: 'CAT' }, t(3));
    ev('vitals', a.vitals, t(5));
    ev('triage', { triage: { system: 'NATO', category: a.category } }, t(6));
    ev('precedence', { precedence: a.precedence }, t(6));
    if (a.category !== 'T3') {
      const counts = { A: 0, B: 0, C: 0, D: 0, E: 0, [a.letter]: 1 };
      ev('evac.requested', {
        nineLine: {
          location: toPos(c.pos), callSign: `MEDIC ${n + 1}`, frequency: '45.150', patientsByPrecedence: counts,
          specialEquipment: ['A'], patientsByType: c.litter ? { L: 1, A: 0 } : { L: 0, A: 1 }, security: 'P', marking: 'C',
          nationality: c.civilian ? { A: 0, B: 1, C: 0, D: 0, E: 0 } : { A: 1, B: 0, C: 0, D: 0, E: 0 },
        },
      }, t(7));
    }
    if (n === 0 && vehicles[0] && surgical && a.category !== 'T3') ev('evac.assigned', { vehicleId: vehicles[0].id, facilityId: surgical.id }, t(9), 'demo-dispatcher');
  });
  return { units, facilities, vehicles, threatZones, events };
}

export function loadScenario(path: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read scenario ${path}: ${(err as Error).message}`, 1);
  }
  const r = Scenario.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new UsageError(`invalid scenario ${path}: ${i.path.join('.') || '(file)'}: ${i.message}`, 1);
  }
  return r.data;
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'load a scenario (facilities, vehicles, threat zones, units, a few casualties) into the database',
  usage: `Usage: goldenhour demo [SCENARIO] [--casualties N] [--workforce]

Loads the facilities, vehicles and threat zones of a scenario file (format goldenhour-scenario/1, see
docs/scenario.md) into the configured database, adds two units, and registers the first N casualties of
the scenario with their first events (mechanism, tourniquet, vitals, triage, precedence, 9-line), so a new user sees
something real. Scenario minutes become instants from now; [lat, lon] becomes {lat, lon}. Loading the same
scenario again updates the entities and adds no casualty twice. Stop a running server that uses the embedded
database first (one process at a time), then start it again.

Arguments:
  SCENARIO          scenario file (default: examples/scenarios/bakhmut-outskirts.json in the repository)

Options:
  --casualties N    casualties to register (default 3; 0 for none)
  --workforce       also load the SYNTHETIC medical workforce (5000 clinicians, 500 units and facilities)
  -h, --help        show this help`,
  async run(argv) {
    const p = parseArgs(argv, ['casualties'], ['workforce']);
    if (p.flags.has('help')) return console.log(this.usage), 0;
    if (p.positional.length > 1) throw new UsageError('demo takes at most one SCENARIO file');
    const file = p.positional[0] ? resolve(p.positional[0]) : DEFAULT_SCENARIO;
    const scenario = loadScenario(file);
    const data = demoData(scenario, new Date().toISOString(), int(p, 'casualties', 3, 0, 1000));
    const config = loadConfig();
    const store = await openMigratedStore(config);
    try {
      for (const u of data.units) await store.putEntity('unit', u);
      for (const f of data.facilities) await store.putEntity('facility', f);
      for (const v of data.vehicles) await store.putEntity('vehicle', v);
      for (const z of data.threatZones) await store.putEntity('threat-zone', z);
      const door = processLog({ store, bus: createMemoryBus() }, 'demo', { scenario: scenario.name });
      // Times are minted from now, so a second load's events differ from the first's under the same ids: skip the
      // casualties already loaded instead of re-sending them (the log would refuse a changed event, issue 14 item 6).
      const loaded = new Set<string>();
      for (const id of new Set(data.events.map((e) => e.casualtyId))) if (await door.current(id)) loaded.add(id);
      const fresh = data.events.filter((e) => !loaded.has(e.casualtyId));
      const r = fresh.length ? await door.record(fresh) : { accepted: 0, duplicates: 0 };
      const skipped = data.events.length - fresh.length;
      const casualties = new Set(data.events.map((e) => e.casualtyId)).size;
      console.log(`Loaded scenario "${scenario.name}" into ${describeDatabase(config)}:`);
      console.log(`  ${data.units.length} units, ${data.facilities.length} facilities, ${data.vehicles.length} vehicles, ${data.threatZones.length} threat zones`);
      console.log(`  ${casualties} casualties: ${r.accepted} new events${r.duplicates + skipped ? `, ${r.duplicates + skipped} already loaded` : ''}`);
      if (p.flags.has('workforce')) {
        const { loadSyntheticWorkforce } = await import('./staff.ts');
        console.log(`  ${await loadSyntheticWorkforce(store, { clinicians: 5000, sites: 500, now: new Date().toISOString() })}`);
      }
    } finally {
      await store.close();
    }
    return 0;
  },
};
