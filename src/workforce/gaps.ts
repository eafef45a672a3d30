// Who fills which slot, the gaps left, the hard red flags and the surgical tables staffing allows. Pure.
import type { ClinicianRecord, GapRow, Profession, RedFlag, SiteGaps, Slot, StaffingSite, StaffingTemplate } from '../core/index.ts';
import { ANAESTHESIA, SCRUB, SURGEONS } from './templates.ts';
import type { Clinician, Registry } from './registry.ts';

export type Fit = 'primary' | 'substitute';

/** A slot of a site expanded to one position (the k-th of its role, 1-based). */
export interface SlotInstance {
  key: string;
  siteId: string;
  slot: Slot;
  k: number;
}

export function expandSlots(site: StaffingSite, template: StaffingTemplate): SlotInstance[] {
  const out: SlotInstance[] = [];
  for (const slot of template.slots) {
    const n = slot.perPlatoon ? slot.count * site.platoons : slot.count;
    for (let k = 1; k <= n; k++) out.push({ key: `${site.id}/${slot.role}/${k}`, siteId: site.id, slot, k });
  }
  return out;
}

/** Strongest verification level (1 best) of an unexpired credential for one of these professions; 4 without one. */
export function bestLevel(c: ClinicianRecord, professions: readonly Profession[], today: string): number {
  let best = 4;
  for (const cr of c.credentials) {
    if (!professions.includes(cr.profession)) continue;
    if (cr.expires !== undefined && cr.expires < today) continue;
    best = Math.min(best, cr.level);
  }
  return best;
}

const has = (c: ClinicianRecord, ps: readonly Profession[]): boolean => ps.includes(c.profession) || c.specialties.some((s) => ps.includes(s));

/** Whether a clinician may fill a slot, outright or as a substitute (credential, training, practice included). */
export function fits(c: ClinicianRecord, slot: Slot, now: string): Fit | null {
  const kind: Fit | null = has(c, slot.accepts) ? 'primary' : has(c, slot.substitutes) ? 'substitute' : null;
  if (!kind) return null;
  const profs = kind === 'primary' ? slot.accepts : slot.substitutes;
  if (bestLevel(c, profs, now.slice(0, 10)) > slot.maxLevel) return null;
  const weeks = c.training.reduce((m, t) => Math.max(m, t.weeks), 0);
  if (weeks < slot.minTrainingWeeks) return null;
  if (c.casesLast12Months < slot.minCasesLast12Months) return null;
  return kind;
}

/** Available now: no windows means always; otherwise inside one. */
export function onDuty(c: ClinicianRecord, now: string): boolean {
  if (c.availability.length === 0) return true;
  const t = Date.parse(now);
  return c.availability.some((w) => Date.parse(w.from) <= t && t < Date.parse(w.to));
}

/**
 * Available over the whole of [from, to] (a move's first day to its last): no windows means always; otherwise the
 * windows, joined where they touch, cover it. A clinician on leave next week is not available for a move then.
 */
export function availableThrough(c: ClinicianRecord, from: string, to: string): boolean {
  if (c.availability.length === 0) return true;
  let t = Date.parse(from);
  const end = Date.parse(to);
  const ws = c.availability.map((w) => [Date.parse(w.from), Date.parse(w.to)] as const).sort((a, b) => a[0] - b[0]);
  for (const [a, b] of ws) {
    if (a > t) break;
    if (b > t) t = b;
    if (t > end) return true;
  }
  return t > end;
}

/** A clinician works in one of the site's languages (no languages recorded: Ukrainian assumed). */
export function speaks(c: ClinicianRecord, site: StaffingSite): boolean {
  const langs = c.languages.length ? c.languages : ['uk'];
  return site.languages.length === 0 || langs.some((l) => site.languages.includes(l));
}

/**
 * Fill a site's slots from the clinicians given (those assigned there). Critical slots first, then the others;
 * within each pass outright matches before substitutes, and the most constrained clinicians (fewest fitting
 * slots) first so a surgeon is not spent on a physician's slot another could fill.
 */
export function fillSlots(instances: readonly SlotInstance[], clinicians: readonly ClinicianRecord[], now: string): Map<string, { clinicianId: string; fit: Fit }> {
  const filled = new Map<string, { clinicianId: string; fit: Fit }>();
  const used = new Set<string>();
  const flex = new Map(clinicians.map((c) => [c.id, instances.filter((s) => fits(c, s.slot, now) !== null).length]));
  const byFlex = [...clinicians].sort((a, b) => flex.get(a.id)! - flex.get(b.id)! || (a.id < b.id ? -1 : 1));
  for (const critical of [true, false])
    for (const want of ['primary', 'substitute'] as const)
      for (const s of instances) {
        if (s.slot.critical !== critical || filled.has(s.key)) continue;
        const c = byFlex.find((x) => !used.has(x.id) && fits(x, s.slot, now) === want);
        if (!c) continue;
        used.add(c.id);
        filled.set(s.key, { clinicianId: c.id, fit: want });
      }
  return filled;
}

/** Surgical tables staffing allows: complete teams of surgeon + anaesthesia provider + OR nurse or technologist. */
export function completeTeams(onDutyHere: readonly ClinicianRecord[]): number {
  let surgeons = 0;
  let anaes = 0;
  let scrub = 0;
  // Each person counts once, by primary profession: one surgeon cannot be both surgeon and scrub.
  for (const c of onDutyHere) {
    if (SURGEONS.includes(c.profession)) surgeons++;
    else if (ANAESTHESIA.includes(c.profession)) anaes++;
    else if (SCRUB.includes(c.profession)) scrub++;
  }
  return Math.min(surgeons, anaes, scrub);
}

const FLAG_OF_ROLE: Record<string, RedFlag> = { surgeon: 'no-surgeon', anaesthesia: 'no-anaesthesia', physician: 'no-physician', medic: 'no-medic' };

export interface GapOptions {
  now: string;
  /** Casualties received per site in the load window. */
  load?: ReadonlyMap<string, number>;
  /** Surgical tables of the facility entity each site stands for. */
  tables?: ReadonlyMap<string, number>;
}

/** Weight of a missing position: critical first, then by the casualty load the site received. */
export function loadFactor(load: number, meanLoad: number): number {
  return 1 + (meanLoad > 0 ? load / meanLoad : 0);
}

export function siteGaps(site: StaffingSite, template: StaffingTemplate, assigned: readonly ClinicianRecord[], opts: GapOptions, meanLoad = 0): SiteGaps {
  const instances = expandSlots(site, template);
  const present = assigned.filter((c) => onDuty(c, opts.now));
  const all = fillSlots(instances, assigned, opts.now);
  const duty = fillSlots(instances, present, opts.now);
  const rows: GapRow[] = [];
  for (const slot of template.slots) {
    const mine = instances.filter((s) => s.slot === slot);
    rows.push({
      siteId: site.id,
      role: slot.role,
      required: mine.length,
      assigned: mine.filter((s) => all.has(s.key)).length,
      onDuty: mine.filter((s) => duty.has(s.key)).length,
      substituted: mine.filter((s) => duty.get(s.key)?.fit === 'substitute').length,
      critical: slot.critical,
    });
  }
  const flags = new Set<RedFlag>();
  for (const r of rows) if (r.critical && r.required > 0 && r.onDuty === 0) flags.add(FLAG_OF_ROLE[r.role] ?? 'no-medic');
  if (template.surgical && (flags.has('no-surgeon') || flags.has('no-anaesthesia'))) flags.add('cannot-operate');
  const load = opts.load?.get(site.facilityId ?? site.id) ?? opts.load?.get(site.id) ?? 0;
  const lf = loadFactor(load, meanLoad);
  const weightedGap = rows.reduce((s, r) => s + (r.required - r.onDuty) * (r.critical ? 10 : 1) * lf, 0);
  const tables = site.facilityId !== undefined ? opts.tables?.get(site.facilityId) : undefined;
  const out: SiteGaps = { siteId: site.id, name: site.name, kind: site.kind, templateId: site.templateId, rows, redFlags: [...flags].sort(), load, weightedGap };
  if (template.surgical && tables !== undefined) {
    out.tables = tables;
    out.usableTables = Math.min(tables, completeTeams(present));
  }
  return out;
}

/** Clinicians assigned to each site. */
export function bySite(reg: Registry): Map<string, Clinician[]> {
  const m = new Map<string, Clinician[]>();
  for (const c of reg.clinicians.values()) {
    if (c.siteId === null) continue;
    const list = m.get(c.siteId);
    if (list) list.push(c);
    else m.set(c.siteId, [c]);
  }
  return m;
}

export function allGaps(reg: Registry, opts: GapOptions): SiteGaps[] {
  const groups = bySite(reg);
  const loads = [...reg.sites.keys()].map((id) => { const s = reg.sites.get(id)!; return opts.load?.get(s.facilityId ?? id) ?? 0; });
  const meanLoad = loads.length ? loads.reduce((a, b) => a + b, 0) / loads.length : 0;
  const out: SiteGaps[] = [];
  for (const site of reg.sites.values()) {
    const t = reg.templates.get(site.templateId);
    if (!t || t.retired) continue; // a retired template asks for nobody
    out.push(siteGaps(site, t, (groups.get(site.id) ?? []).map((c) => c.record), opts, meanLoad));
  }
  // Red flags first, then the largest weighted gap.
  return out.sort((a, b) => b.redFlags.length - a.redFlags.length || b.weightedGap - a.weightedGap || (a.siteId < b.siteId ? -1 : 1));
}

/**
 * Usable surgical tables per facility entity, from staffing: only facilities a staffing site stands for are
 * limited (a facility whose staff is not in the registry keeps its tables — unknown is not zero).
 */
export function usableTables(reg: Registry, tables: ReadonlyMap<string, number>, now: string): Map<string, number> {
  const groups = bySite(reg);
  const out = new Map<string, number>();
  for (const site of reg.sites.values()) {
    if (site.facilityId === undefined) continue;
    const t = tables.get(site.facilityId);
    if (t === undefined) continue;
    const present = (groups.get(site.id) ?? []).map((c) => c.record).filter((c) => onDuty(c, now));
    out.set(site.facilityId, Math.min(t, completeTeams(present)) + (out.get(site.facilityId) ?? 0));
  }
  for (const [id, n] of out) out.set(id, Math.min(n, tables.get(id)!));
  return out;
}
