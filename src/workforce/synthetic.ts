// A SYNTHETIC registry, unit/facility set and casualty load, seeded and deterministic: for the demo, the bench and
// tests. Nothing here describes real people or places. Its shape follows the reported situation: front-line surgical
// facilities short of surgeons and anaesthesia providers, civilian hospitals staffed above their minimum, medics
// short, and a pool of volunteers — foreign ones working in English only (so at civilian hospitals, not the front).
import type { ClinicianRecord, Facility, Position, Profession, StaffingSite, Unit, WorkforceFact } from '../core/index.ts';
import { contentId } from '../core/index.ts';
import { rngFor } from '../sim/rng.ts';
import type { Rng } from '../sim/rng.ts';
import { DEFAULT_TEMPLATES } from './templates.ts';
import type { LoadCasualty } from './replay.ts';

export interface SyntheticOptions {
  seed?: number;
  clinicians?: number;
  sites?: number;
  /** Days of casualty load to generate, ending at `now`. */
  loadDays?: number;
  /** Critical casualties per front surgical facility per day. */
  loadPerDay?: number;
  now: string;
}

export interface SyntheticWorld {
  facts: WorkforceFact[];
  units: Unit[];
  facilities: Facility[];
  load: LoadCasualty[];
  /** Casualties received per facility id (the nearest surgical facility of each). */
  received: Map<string, number>;
}

const FRONT = { lat: [47.6, 49.4], lon: [36.8, 38.4] } as const;
const REAR = { lat: [48.0, 51.0], lon: [30.0, 35.5] } as const;
const between = (r: Rng, [a, b]: readonly [number, number]) => a + (b - a) * r();
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const at = (r: Rng, box: typeof FRONT | typeof REAR): Position => ({ lat: +between(r, box.lat).toFixed(4), lon: +between(r, box.lon).toFixed(4) });
const pad = (n: number, w = 5) => String(n).padStart(w, '0');

const NAMES = ['Andrii', 'Olena', 'Taras', 'Iryna', 'Bohdan', 'Oksana', 'Mykola', 'Kateryna', 'Yurii', 'Nataliia', 'Serhii', 'Halyna'];
const SURNAMES = ['Koval', 'Bondar', 'Shevchuk', 'Melnyk', 'Tkachenko', 'Kravets', 'Marchenko', 'Lysenko', 'Rudenko', 'Savchuk'];
const FOREIGN = ['Alex', 'Maria', 'John', 'Anna', 'Lukas', 'Sofia', 'Tom', 'Eva'];
const FOREIGN_SURNAMES = ['Smith', 'Novak', 'Müller', 'Rossi', 'Dubois', 'Kowalski', 'Jensen', 'García'];

function clinician(r: Rng, id: string, profession: Profession, status: ClinicianRecord['status'], home: Position, level: number, foreign: boolean): ClinicianRecord {
  const medic = profession === 'combat-medic';
  return {
    id,
    name: foreign ? `${pick(r, FOREIGN)} ${pick(r, FOREIGN_SURNAMES)} (synthetic)` : `${pick(r, NAMES)} ${pick(r, SURNAMES)} (synthetic)`,
    profession,
    specialties: [],
    credentials: [{ profession, level, verifier: foreign ? 'home licensing body (synthetic)' : 'MoH Ukraine (synthetic)', expires: '2028-12-31' }],
    training: [{ course: medic ? (r() < 0.7 ? 'combat medic basic' : 'combat medic extended') : 'professional degree', weeks: medic ? (r() < 0.7 ? 4 : 16) : 260, date: '2022-06-01' }],
    experienceYears: Math.floor(r() * 20),
    casesLast12Months: r() < 0.15 ? 0 : Math.floor(r() * 300),
    languages: foreign ? ['en'] : r() < 0.3 ? ['uk', 'en'] : ['uk'],
    status,
    home,
    availability: [],
  };
}

/** Site mix per 100 sites. */
const MIX: [StaffingSite['kind'], string, number][] = [
  ['civilian-hospital', 'civilian-hospital', 10], ['facility', 'fst', 7], ['facility', 'r2b', 7], ['facility', 'r2e', 3], ['facility', 'r3', 1],
  ['facility', 'r1', 10], ['unit', 'bas', 22], ['unit', 'platoon', 40],
];

export function syntheticWorld(o: SyntheticOptions): SyntheticWorld {
  const seed = o.seed ?? 12;
  const total = o.clinicians ?? 5000;
  const nSites = o.sites ?? 500;
  const r = rngFor(seed, 'workforce');
  const templates = new Map(DEFAULT_TEMPLATES.map((t) => [t.id, t]));
  const facts: WorkforceFact[] = [];
  const fact = <F extends WorkforceFact>(f: Omit<F, 'id' | 'at' | 'author'>): void => {
    facts.push({ ...f, id: contentId(`synthetic|${seed}|${facts.length}|${f.type}`), at: o.now, author: 'synthetic' } as WorkforceFact);
  };
  const units: Unit[] = [];
  const facilities: Facility[] = [];
  const sites: StaffingSite[] = [];
  let i = 0;
  for (const [kind, templateId, share] of MIX) {
    const n = Math.max(1, Math.round((nSites * share) / 100));
    for (let k = 0; k < n && sites.length < nSites; k++, i++) {
      const id = `syn-${templateId}-${pad(k, 3)}`;
      const position = at(r, kind === 'civilian-hospital' ? REAR : FRONT);
      const t = templates.get(templateId)!;
      const site: StaffingSite = {
        id, name: `${t.name} ${k + 1} (synthetic)`, kind, templateId, position, platoons: templateId === 'platoon' ? 3 + Math.floor(r() * 4) : 0,
        minimumStaff: 0, languages: kind === 'civilian-hospital' ? ['uk', 'en'] : ['uk'], synthetic: true, unitId: `syn-brigade-${pad(i % 20, 2)}`,
      };
      if (kind !== 'unit') {
        const role = templateId === 'r1' ? 'R1' : templateId === 'r3' || templateId === 'civilian-hospital' ? 'R3' : 'R2';
        const tables = role === 'R1' ? 0 : templateId === 'r3' ? 4 : templateId === 'r2e' ? 2 : templateId === 'civilian-hospital' ? 3 : 1;
        facilities.push({ id: `${id}-f`, name: site.name, role, position, hardened: false, status: 'normal', intake: 'normal', capabilities: role === 'R1' ? [] : ['damage-control-surgery'], beds: 20, surgicalTables: tables, unitId: site.unitId });
        site.facilityId = `${id}-f`;
      }
      sites.push(site);
    }
  }
  for (let b = 0; b < 20; b++) units.push({ id: `syn-brigade-${pad(b, 2)}`, name: `Brigade ${b + 1} (synthetic)`, kind: 'brigade' });

  // Staff the sites: civilian hospitals full (their minimum a little below), the front short, surgical roles most.
  let n = 0;
  const newId = () => `syn-c${pad(++n)}`;
  for (const site of sites) {
    const t = templates.get(site.templateId)!;
    let here = 0;
    for (const slot of t.slots) {
      const count = slot.perPlatoon ? slot.count * site.platoons : slot.count;
      const p = site.kind === 'civilian-hospital' ? 1 : slot.role === 'surgeon' || slot.role === 'anaesthesia' ? 0.15 : slot.role === 'or-nurse' || slot.role === 'surgical-tech' ? 0.4 : 0.55;
      for (let k = 0; k < count && n < total; k++) {
        if (r() >= p) continue;
        const prof = slot.accepts[0]!;
        const c = clinician(r, newId(), prof, site.kind === 'civilian-hospital' ? 'civilian-hospital' : 'mobilised', site.position, r() < 0.8 ? 1 : 2, false);
        fact<Extract<WorkforceFact, { type: 'clinician.recorded' }>>({ type: 'clinician.recorded', payload: c });
        fact<Extract<WorkforceFact, { type: 'clinician.assigned' }>>({ type: 'clinician.assigned', payload: { clinicianId: c.id, siteId: site.id, reason: 'synthetic roster' } });
        here++;
      }
    }
    if (site.kind === 'civilian-hospital') site.minimumStaff = Math.max(1, here - 4);
    fact<Extract<WorkforceFact, { type: 'site.set' }>>({ type: 'site.set', payload: site });
  }
  // The unassigned pool: mostly foreign volunteers (English only); domestic volunteers mostly medics and nurses,
  // some physicians on paper only (licensed, not practising: level 3).
  const foreignProfs: Profession[] = ['general-surgeon', 'orthopaedic-surgeon', 'anaesthesiologist', 'nurse-anaesthetist', 'or-nurse', 'nurse', 'surgical-technologist', 'emergency-physician'];
  const domesticProfs: Profession[] = ['combat-medic', 'combat-medic', 'combat-medic', 'paramedic', 'nurse', 'nurse', 'lpn', 'gp', 'general-surgeon', 'anaesthesiologist', 'or-nurse', 'dentist'];
  while (n < total) {
    const foreign = r() < 0.7;
    const prof = pick(r, foreign ? foreignProfs : domesticProfs);
    const level = foreign ? (r() < 0.7 ? 1 : 2) : prof === 'general-surgeon' || prof === 'anaesthesiologist' ? (r() < 0.8 ? 3 : 2) : r() < 0.8 ? 2 : 4;
    const c = clinician(r, newId(), prof, foreign ? 'foreign-volunteer' : pick(r, ['domestic-volunteer', 'reservist'] as const), at(r, r() < 0.5 ? REAR : FRONT), level, foreign);
    fact<Extract<WorkforceFact, { type: 'clinician.recorded' }>>({ type: 'clinician.recorded', payload: c });
  }

  // Casualty load: critical and not, near the front surgical facilities, attributed to the nearest one.
  const surgical = facilities.filter((f) => f.role !== 'R1' && sites.find((s) => s.facilityId === f.id)!.kind !== 'civilian-hospital');
  const days = o.loadDays ?? 3;
  const perDay = o.loadPerDay ?? 1.5;
  const lr = rngFor(seed, 'load');
  const load: LoadCasualty[] = [];
  const received = new Map<string, number>();
  const count = Math.round(surgical.length * perDay * days);
  for (let c = 0; c < count; c++) {
    const f = surgical[Math.floor(lr() * surgical.length)]!;
    // Busier sectors: a third of the facilities get most of the load.
    const pos = { lat: f.position.lat + (lr() - 0.5) * 0.15, lon: f.position.lon + (lr() - 0.5) * 0.2 };
    load.push({ id: `syn-cas-${pad(c)}`, atMin: Math.floor(lr() * days * 1440), pos, rpm: lr() < 0.6 ? 4 + Math.floor(lr() * 6) : 10 + Math.floor(lr() * 3), litter: lr() < 0.7 });
    received.set(f.id, (received.get(f.id) ?? 0) + 1);
  }
  load.sort((a, b) => a.atMin - b.atMin || (a.id < b.id ? -1 : 1));
  return { facts, units, facilities, load, received };
}
