// The shipped public loss datasets (datasets/losses/, attribution in its README) turned into claims. Pure: files in,
// claims and a validation report out; src/accounting/import.ts writes them. Category mapping to the common list:
// General Staff fields by name (with their renames over time), Oryx types through the datasets' own cross-walk.
import type { Category, NewClaim } from '../core/claims.ts';
import { csvRecords } from '../core/csv.ts';

export const ATTRIBUTION = {
  generalStaff: 'General Staff of the Armed Forces of Ukraine, daily claims; compiled by Petro Ivaniuk, 2022-Ukraine-Russia-War-Dataset (MIT)',
  oryx: 'Oryx, photo-verified equipment losses; scraped by scarnecchia/oryx_data (CC BY 4.0)',
} as const;
export const SOURCE_URL = {
  generalStaff: 'https://github.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset',
  oryx: 'https://github.com/scarnecchia/oryx_data',
} as const;

export const FILES = {
  equipment: 'generalstaff-russia_losses_equipment.json',
  personnel: 'generalstaff-russia_losses_personnel.json',
  correction: 'generalstaff-russia_losses_equipment_correction.json',
  crosswalk: 'generalstaff-russia_losses_equipment_oryx.json',
  oryxDaily: 'oryx-daily_count.csv',
  oryxTotals: 'oryx-totals_by_type.csv',
  oryxCaptured: 'oryx-event_captured.csv',
} as const;

/** General Staff field → common category. Early fields later merged: "military auto" + "fuel tank" → vehicle. */
export const GS_FIELDS: Record<string, Category> = {
  aircraft: 'aircraft',
  helicopter: 'helicopter',
  tank: 'tank',
  APC: 'armoured-vehicle',
  'field artillery': 'artillery',
  MRL: 'mlrs',
  'anti-aircraft warfare': 'air-defence',
  drone: 'uav',
  'naval ship': 'ship',
  submarines: 'submarine',
  'vehicles and fuel tanks': 'vehicle',
  'military auto': 'vehicle',
  'fuel tank': 'vehicle',
  'special equipment': 'special-equipment',
  'cruise missiles': 'cruise-missile',
  'mobile SRBM system': 'srbm',
  'ground robotic systems': 'ugv',
  personnel: 'personnel',
  POW: 'prisoners',
};
/** Oryx counts from the full-scale invasion on. */
const ORYX_FROM = '2022-02-24';
/** A General Staff field's claim kind: people killed and wounded, prisoners, or equipment. */
const gsKind = (cat: Category): NewClaim['kind'] => (cat === 'personnel' ? 'killed-and-wounded' : cat === 'prisoners' ? 'prisoners' : 'equipment');
const GS_NOT_COUNTS = new Set(['date', 'day', 'greatest losses direction', 'personnel*']);

/** The cross-walk's General Staff category names → common category. */
const GS_UA_NAMES: Record<string, Category> = {
  Tanks: 'tank',
  'Armoured Personnel Carriers': 'armoured-vehicle',
  'Artillery Systems': 'artillery',
  'Multiple Rocket Launchers': 'mlrs',
  'Anti-aircraft Warfare Systems': 'air-defence',
  Aircrafts: 'aircraft',
  Helicopters: 'helicopter',
  'Unmanned Aerial Vehicles': 'uav',
  'Warships, Boats': 'ship',
  'Vehicle and Fuel Tank': 'vehicle',
  'Special Equipment': 'special-equipment',
};
/** Oryx types the cross-walk does not list (by their normalised name). */
const ORYX_EXTRA: Record<string, Category> = {
  trucksvehiclesjeepsandtrains: 'vehicle',
  rocketandmissileartillery: 'mlrs',
  unmannedgroundvehicles: 'ugv',
  radarsandcommunicationsequipment: 'special-equipment',
  navalshipsandsubmarines: 'ship',
};
export const normType = (t: string): string => t.toLowerCase().replace(/[^a-z]/g, '');
/** Oryx rows that are totals over types, not a type. */
export const isOryxSummary = (t: string): boolean => /^(all types|losses (excluding|of) )/i.test(t.trim());

export interface DatasetFiles {
  read(name: string): string;
}

export interface DatasetReport {
  dataset: string;
  file: string;
  rows: number;
  claims: number;
  skipped: Record<string, number>;
  warnings: string[];
}

export interface BuiltClaim {
  claim: NewClaim & { id: string };
  dataset: string;
  evidence?: { url: string; firstSeen: string; kind: 'photo' };
}

const MAX_WARNINGS = 20;
const warn = (r: DatasetReport, w: string): void => {
  if (r.warnings.length < MAX_WARNINGS) r.warnings.push(w);
  else r.skipped['more warnings'] = (r.skipped['more warnings'] ?? 0) + 1;
};
const skip = (r: DatasetReport, why: string): void => {
  r.skipped[why] = (r.skipped[why] ?? 0) + 1;
};
const newReport = (dataset: string, file: string): DatasetReport => ({ dataset, file, rows: 0, claims: 0, skipped: {}, warnings: [] });

/** Oryx type (normalised) → common category, from the cross-walk (majority by losses when a type maps to several). */
export function oryxCategories(crosswalkJson: string): Map<string, Category> {
  const votes = new Map<string, Map<Category, number>>();
  for (const r of JSON.parse(crosswalkJson) as { equipment_oryx: string; equipment_ua: string; losses_total: number }[]) {
    const cat = GS_UA_NAMES[r.equipment_ua];
    if (!cat) continue;
    const k = normType(r.equipment_oryx);
    const m = votes.get(k) ?? new Map<Category, number>();
    m.set(cat, (m.get(cat) ?? 0) + (r.losses_total || 1));
    votes.set(k, m);
  }
  const out = new Map<string, Category>(Object.entries(ORYX_EXTRA));
  for (const [k, m] of votes) out.set(k, [...m.entries()].sort((a, b) => b[1] - a[1])[0]![0]);
  return out;
}

const gsBase = {
  claimant: 'General Staff of the Armed Forces of Ukraine',
  claimantSide: 'adversary' as const,
  subjectSide: 'russia',
  periodStart: '2022-02-24',
  sourceUrl: SOURCE_URL.generalStaff,
};
export const gsId = (date: string, category: string): string => `gs:${date}:${category}`;

type GsRow = Record<string, string | number | undefined>;

/** General Staff cumulative series (equipment and personnel): one claim per day and category. */
export function generalStaffClaims(files: DatasetFiles, which: 'equipment' | 'personnel', out: BuiltClaim[]): DatasetReport {
  const file = FILES[which];
  const report = newReport(`generalstaff-${which}`, file);
  const rows = JSON.parse(files.read(file)) as GsRow[];
  const last = new Map<Category, { date: string; value: number }>();
  let prevDate: string | null = null;
  for (const r of rows) {
    report.rows++;
    const date = String(r.date);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      skip(report, 'no date');
      continue;
    }
    if (prevDate && Date.parse(date) - Date.parse(prevDate) > 86_400_000) warn(report, `gap: no report between ${prevDate} and ${date}`);
    prevDate = date;
    const values = new Map<Category, { value: number; fields: string[] }>();
    for (const [field, raw] of Object.entries(r)) {
      if (GS_NOT_COUNTS.has(field)) continue;
      const cat = GS_FIELDS[field];
      if (!cat) {
        skip(report, `unknown field ${field}`);
        continue;
      }
      if (typeof raw !== 'number' || !Number.isFinite(raw)) {
        skip(report, `not a number: ${field}`);
        continue;
      }
      const v = values.get(cat) ?? { value: 0, fields: [] };
      v.value += raw;
      v.fields.push(field);
      values.set(cat, v);
    }
    const direction = typeof r['greatest losses direction'] === 'string' ? r['greatest losses direction'] : undefined;
    for (const [cat, v] of values) {
      const prev = last.get(cat);
      if (prev && v.value < prev.value) warn(report, `${cat} decreases ${prev.value} → ${v.value} on ${date} (see the correction file)`);
      last.set(cat, { date, value: v.value });
      const qualifier = cat === 'personnel' ? (r['personnel*'] === 'about' ? 'about' : r['personnel*'] === 'more' ? 'more-than' : undefined) : undefined;
      out.push({
        dataset: report.dataset,
        claim: {
          ...gsBase,
          id: gsId(date, cat),
          kind: gsKind(cat),
          category: cat,
          sourceCategory: v.fields.join(' + '),
          value: v.value,
          valueKind: 'cumulative',
          ...(qualifier ? { qualifier } : {}),
          periodEnd: date,
          publishedAt: date,
          ...(direction ? { place: { name: direction.slice(0, 200), precision: 'direction' as const } } : {}),
        },
      });
      report.claims++;
    }
  }
  return report;
}

/** The signed corrections: each a claim that `corrects` that day's cumulative claim of its category. */
export function correctionClaims(files: DatasetFiles, out: BuiltClaim[], known: ReadonlySet<string>): DatasetReport {
  const report = newReport('generalstaff-corrections', FILES.correction);
  for (const r of JSON.parse(files.read(FILES.correction)) as GsRow[]) {
    report.rows++;
    const date = String(r.date);
    for (const [field, raw] of Object.entries(r)) {
      if (GS_NOT_COUNTS.has(field)) continue;
      const cat = GS_FIELDS[field];
      if (!cat || typeof raw !== 'number') {
        skip(report, `unknown field ${field}`);
        continue;
      }
      if (raw === 0) continue;
      const target = gsId(date, cat);
      if (!known.has(target)) warn(report, `correction of ${cat} on ${date}: no claimed figure that day`);
      out.push({
        dataset: report.dataset,
        claim: {
          ...gsBase,
          id: `gs-correction:${date}:${cat}`,
          kind: gsKind(cat), // a correction of prisoners is of prisoners (it was filed as equipment)
          category: cat,
          sourceCategory: field,
          value: raw,
          valueKind: 'correction',
          periodEnd: date,
          publishedAt: date,
          ...(known.has(target) ? { corrects: target } : {}),
        },
      });
      report.claims++;
    }
  }
  return report;
}

const oryxBase = { claimant: 'Oryx', claimantSide: 'third-party' as const, sourceUrl: SOURCE_URL.oryx };
const side = (country: string): string => country.trim().toLowerCase();

/** Oryx daily cumulative counts by scrape date and totals by type: lower bounds (each item photographed). */
export function oryxCountClaims(files: DatasetFiles, which: 'daily' | 'totals', cats: Map<string, Category>, out: BuiltClaim[]): DatasetReport {
  const file = which === 'daily' ? FILES.oryxDaily : FILES.oryxTotals;
  const report = newReport(`oryx-${which}`, file);
  const seen = new Set<string>();
  for (const r of csvRecords(files.read(file))) {
    report.rows++;
    const type = (r.equipment_type ?? '').trim();
    if (isOryxSummary(type)) {
      skip(report, 'total over types');
      continue;
    }
    const cat = cats.get(normType(type));
    if (!cat) warn(report, `type "${type}" has no category in the cross-walk: counted as other`);
    const date = which === 'daily' ? (r.date_recorded ?? '') : '2025-07-19';
    const value = Number(r.type_total);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !Number.isFinite(value) || value < 0) {
      skip(report, 'bad date or total');
      continue;
    }
    const id = `oryx-${which}:${side(r.country ?? '')}:${normType(type)}:${date}`;
    if (seen.has(id)) {
      skip(report, 'duplicate row');
      continue;
    }
    seen.add(id);
    out.push({
      dataset: report.dataset,
      claim: {
        ...oryxBase,
        id,
        subjectSide: side(r.country ?? ''),
        kind: 'equipment',
        category: cat ?? 'other',
        sourceCategory: type,
        value,
        valueKind: 'lower-bound',
        // A row dated before the full-scale invasion (one is 2022-02-23) has no period after its start.
        ...(date >= ORYX_FROM ? { periodStart: ORYX_FROM } : {}),
        periodEnd: date,
        summary: `destroyed ${r.destroyed}, abandoned ${r.abandoned}, captured ${r.captured}, damaged ${r.damaged}`,
      },
    });
    report.claims++;
  }
  return report;
}

/** Oryx's per-item captured rows: one claim of 1 each, with its photograph as evidence (first seen = scrape date). */
export function oryxCapturedClaims(files: DatasetFiles, out: BuiltClaim[]): DatasetReport {
  const report = newReport('oryx-captured', FILES.oryxCaptured);
  for (const r of csvRecords(files.read(FILES.oryxCaptured))) {
    report.rows++;
    const date = r.date_recorded ?? '';
    const url = r.url ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^https?:\/\//.test(url) || !r.matID) {
      skip(report, 'no date, URL or item id');
      continue;
    }
    out.push({
      dataset: report.dataset,
      claim: {
        ...oryxBase,
        id: `oryx-captured:${side(r.country ?? '')}:${r.matID}`,
        subjectSide: side(r.country ?? ''),
        kind: 'equipment',
        category: 'other',
        sourceCategory: (r.system ?? '').slice(0, 200) || 'unknown',
        value: 1,
        valueKind: 'count',
        periodEnd: date,
        summary: `${r.status ?? 'captured'}; origin ${r.origin ?? 'unknown'}`,
      },
      evidence: { url, firstSeen: `${date}T00:00:00Z`, kind: 'photo' },
    });
    report.claims++;
  }
  return report;
}

/** Every shipped dataset, in dependency order (corrections after the series they correct). */
export function allDatasetClaims(files: DatasetFiles): { claims: BuiltClaim[]; reports: DatasetReport[] } {
  const claims: BuiltClaim[] = [];
  const reports = [generalStaffClaims(files, 'equipment', claims), generalStaffClaims(files, 'personnel', claims)];
  reports.push(correctionClaims(files, claims, new Set(claims.map((c) => c.claim.id))));
  const cats = oryxCategories(files.read(FILES.crosswalk));
  reports.push(oryxCountClaims(files, 'daily', cats, claims), oryxCountClaims(files, 'totals', cats, claims), oryxCapturedClaims(files, claims));
  return { claims, reports };
}
