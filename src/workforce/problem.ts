// The assignment problem: which movable clinicians to send to which open positions, as data both solvers read.
// Slots of one role at one site are ordered positions with falling weights (the first surgeon of an R2 is worth
// far more than the fourth), so a linear objective over single positions already prefers closing red flags.
import type { ClinicianRecord, Move, Position, Slot, StaffingSite, StaffingTemplate } from '../core/index.ts';
import type { Registry } from './registry.ts';
import type { Fit, SlotInstance } from './gaps.ts';
import { haversineKm as km } from '../core/index.ts';
import { availableThrough, bySite, expandSlots, fillSlots, fits, loadFactor, onDuty } from './gaps.ts';
import { ANAESTHESIA, SCRUB, SURGEONS } from './templates.ts';

export interface ProblemSlot {
  key: string;
  siteId: string;
  role: string;
  weight: number;
  /** The first position of a critical role: empty = a red flag. */
  redFlag: boolean;
  /** Current occupant (on duty), or null when open. */
  occupant: string | null;
}

export interface Option {
  slot: number;
  travelMin: number;
  fit: Fit;
  /** Objective gain of filling `slot` with this clinician. */
  value: number;
}

/** Which member of a surgical team a clinician is, by primary profession (as `completeTeams` counts them). */
export type TeamPart = 0 | 1 | 2;

export interface Mover {
  clinicianId: string;
  from: string | null;
  /** 0 surgeon, 1 anaesthesia provider, 2 OR nurse or surgical technologist; undefined: none of them. */
  team?: TeamPart;
  /** Index of the slot the clinician holds now (staying there is not a move), or -1. */
  holds: number;
  options: Option[];
}

/**
 * A surgical site whose facility has tables: its k-th table runs only with a complete team (surgeon, anaesthesia
 * provider, scrub) on duty, and is worth `worth[k-1]` — the casualty load it takes, falling with k. Headcount weights
 * alone cannot see that a lone surgeon makes no table; these terms are what the replayed survivors depend on.
 */
export interface TeamSite {
  siteId: string;
  /** On duty there now: surgeons, anaesthesia providers, scrubs. */
  base: [number, number, number];
  worth: number[];
}

export interface Problem {
  slots: ProblemSlot[];
  movers: Mover[];
  teams: TeamSite[];
  /** Headcount floors: `now` on duty there, never below `min` after moves. */
  floors: { siteId: string; now: number; min: number }[];
  maxMoves: number;
}

export interface ProblemOptions {
  now: string;
  /**
   * When the moves take effect and until when they must hold (default: now, a point). Who is on duty at a site is
   * taken at `startsAt`; a clinician moves only if available over the whole of [startsAt, endsAt].
   */
  startsAt?: string;
  endsAt?: string;
  maxMoves: number;
  maxTravelMin: number;
  load?: ReadonlyMap<string, number>;
  tables?: ReadonlyMap<string, number>;
  /** Road speed for travel times (km/h); straight line × tortuosity 1.35. */
  speedKmh?: number;
  /**
   * Candidates kept per group of open positions (one role at one site) beyond the number of positions: the best by
   * worth, then nearest. Bounds the model on large registries; unset = every candidate (exact on the whole problem).
   */
  candidatesPerSlot?: number;
}

const TEAM_ROLES = new Set(['surgeon', 'anaesthesia', 'or-nurse', 'surgical-tech']);
const SCRUB_ROLES = new Set(['or-nurse', 'surgical-tech']);
/** Substitutes fill a position at this share of its worth. */
export const SUBSTITUTE_SHARE = 0.7;
/** Civilian hospitals weigh less than the front: relieving them is the point of a backfill chain. */
const CIVILIAN_SHARE = 0.5;
/** Worth of a site's first running table at the mean casualty load: two red flags (the k-th table: 1/k of it). */
export const TABLE_WORTH = 2000;

export function teamPart(c: ClinicianRecord): TeamPart | undefined {
  return SURGEONS.includes(c.profession) ? 0 : ANAESTHESIA.includes(c.profession) ? 1 : SCRUB.includes(c.profession) ? 2 : undefined;
}

/** Worth of the k-th position of a slot at a site (before substitution). */
export function slotWeight(s: SlotInstance, template: StaffingTemplate, site: StaffingSite, lf: number, tables: number): number {
  let w: number;
  // A red flag outweighs any headcount (critical gaps close first); so does the first scrub of a surgical site,
  // without whom the surgeon and anaesthesia provider still make no table.
  if (s.k === 1 && (s.slot.critical || (template.surgical && SCRUB_ROLES.has(s.slot.role)))) w = 1000;
  else if (template.surgical && TEAM_ROLES.has(s.slot.role) && s.k <= Math.max(1, tables)) w = 40 / s.k;
  else if (s.slot.critical) w = 20 / s.k;
  else w = 5 / s.k;
  return w * lf * (site.kind === 'civilian-hospital' ? CIVILIAN_SHARE : 1);
}

/** Where a clinician is now: their site, else home. */
function whereIs(c: ClinicianRecord, siteId: string | null, reg: Registry): Position | null {
  return (siteId !== null ? reg.sites.get(siteId)?.position : undefined) ?? c.home ?? null;
}

export function buildProblem(reg: Registry, o: ProblemOptions): Problem {
  const groups = bySite(reg);
  const speed = o.speedKmh ?? 50;
  const loads = [...reg.sites.values()].map((s) => o.load?.get(s.facilityId ?? s.id) ?? 0);
  const meanLoad = loads.length ? loads.reduce((a, b) => a + b, 0) / loads.length : 0;
  const slots: ProblemSlot[] = [];
  const instances: SlotInstance[] = [];
  const movable = new Map<string, { from: string | null; holds: number }>();
  const floors: Problem['floors'] = [];
  const teams: TeamSite[] = [];
  const start = o.startsAt ?? o.now;
  const end = o.endsAt ?? start;
  const free = (c: ClinicianRecord) => availableThrough(c, start, end);
  for (const site of reg.sites.values()) {
    const t = reg.templates.get(site.templateId);
    if (!t || t.retired) continue; // no open positions at a site whose template is retired
    const here = (groups.get(site.id) ?? []).map((c) => c.record).filter((c) => onDuty(c, start));
    const inst = expandSlots(site, t);
    const filled = fillSlots(inst, here, o.now);
    const lf = site.kind === 'civilian-hospital' ? 1 : loadFactor(o.load?.get(site.facilityId ?? site.id) ?? 0, meanLoad);
    const tables = site.facilityId !== undefined ? (o.tables?.get(site.facilityId) ?? 1) : 1;
    if (t.surgical && site.facilityId !== undefined && tables > 0 && o.tables?.has(site.facilityId)) {
      const base: [number, number, number] = [0, 0, 0];
      for (const c of here) {
        const part = teamPart(c);
        if (part !== undefined) base[part]++;
      }
      const share = (meanLoad > 0 ? (o.load?.get(site.facilityId) ?? 0) / meanLoad : 1) * (site.kind === 'civilian-hospital' ? CIVILIAN_SHARE : 1);
      if (share > 0) teams.push({ siteId: site.id, base, worth: Array.from({ length: tables }, (_, k) => (TABLE_WORTH * share) / (k + 1)) });
    }
    const holding = new Set<string>();
    for (const s of inst) {
      const occ = filled.get(s.key)?.clinicianId ?? null;
      const idx = slots.length;
      slots.push({ key: s.key, siteId: site.id, role: s.slot.role, weight: slotWeight(s, t, site, lf, tables), redFlag: s.slot.critical && s.k === 1, occupant: occ });
      instances.push(s);
      if (occ) {
        holding.add(occ);
        // Occupants of a civilian hospital may be freed by a backfill; front-line occupants stay where they are.
        if (site.kind === 'civilian-hospital' && free(reg.clinicians.get(occ)!.record)) movable.set(occ, { from: site.id, holds: idx });
      }
    }
    // Surplus on duty (in no position here) may move at no loss.
    for (const c of here) if (!holding.has(c.id) && free(c)) movable.set(c.id, { from: site.id, holds: -1 });
    // Moves never take a site below its minimum (one already below it is not made worse).
    if (site.minimumStaff > 0) floors.push({ siteId: site.id, now: here.length, min: Math.min(site.minimumStaff, here.length) });
  }
  for (const c of reg.clinicians.values()) if (c.siteId === null && free(c.record)) movable.set(c.record.id, { from: null, holds: -1 });

  // Open positions grouped by (site, slot definition): fit, language and travel are the same within a group.
  const open = new Map<string, { siteId: string; slot: Slot; idx: number[] }>();
  instances.forEach((s, i) => {
    if (slots[i]!.occupant !== null && !movable.has(slots[i]!.occupant!)) return; // held by someone who stays
    const key = `${s.siteId}\u0000${s.slot.role}`;
    const g = open.get(key);
    if (g) g.idx.push(i);
    else open.set(key, { siteId: s.siteId, slot: s.slot, idx: [i] });
  });
  const list = [...movable].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, m]) => {
    const c = reg.clinicians.get(id)!.record;
    return { id, ...m, c, at: whereIs(c, m.from, reg) };
  });
  // Templates share slot objects: a fit is computed once per (clinician, slot definition).
  const fitLists = new Map<Slot, { mi: number; fit: Fit }[]>();
  const fitList = (slot: Slot) => {
    let l = fitLists.get(slot);
    if (!l) {
      l = [];
      for (let mi = 0; mi < list.length; mi++) {
        const fit = fits(list[mi]!.c, slot, o.now);
        if (fit) l.push({ mi, fit });
      }
      fitLists.set(slot, l);
    }
    return l;
  };
  // Languages as bit masks: the candidate scan below runs millions of times on a large registry.
  const bit = new Map<string, number>();
  const mask = (langs: readonly string[]) => langs.reduce((m, l) => (bit.has(l) || bit.set(l, 1 << Math.min(bit.size, 30)), m | bit.get(l)!), 0);
  const speaksMask = list.map((m) => mask(m.c.languages.length ? m.c.languages : ['uk']));
  const options: Option[][] = list.map(() => []);
  const extra = o.candidatesPerSlot ?? Infinity;
  for (const g of open.values()) {
    const site = reg.sites.get(g.siteId)!;
    const siteMask = site.languages.length ? mask(site.languages) : -1;
    const keep = g.idx.length + extra;
    // The best few candidates per group (outright before substitutes, then nearest) keep the model small.
    // One candidate from any one site, so groups do not all draw on the same nearest hospital.
    const top: { mi: number; fit: Fit; travelMin: number; rank: number }[] = [];
    const perOrigin = new Map<string, number>();
    const cands: { mi: number; fit: Fit; travelMin: number; rank: number }[] = [];
    for (const { mi, fit } of fitList(g.slot)) {
      const m = list[mi]!;
      if (m.from === g.siteId || (speaksMask[mi]! & siteMask) === 0) continue; // moving within one's own site is not a move
      const travelMin = m.at ? (km(m.at, site.position) * 1.35 * 60) / speed : 0;
      if (travelMin > o.maxTravelMin) continue;
      cands.push({ mi, fit, travelMin, rank: (fit === 'substitute' ? 1e9 : 0) + travelMin });
    }
    if (cands.length > keep) cands.sort((a, b) => a.rank - b.rank || a.mi - b.mi);
    // Two quotas: the nearest free clinicians, and the nearest who hold a post elsewhere (a chain's first link).
    // A red flag (or a missing first scrub) draws on more hospitals: closing it is worth a chain.
    const heldQuota = g.idx.some((i) => slots[i]!.weight >= 1000) ? 4 * keep : keep;
    let free = 0;
    let held = 0;
    for (const c of cands) {
      if (free >= keep && held >= heldQuota) break;
      const from = list[c.mi]!.from;
      if (from === null) {
        if (free >= keep) continue;
        free++;
      } else {
        const n = perOrigin.get(from) ?? 0;
        if (held >= heldQuota || n >= 1) continue;
        perOrigin.set(from, n + 1);
        held++;
      }
      top.push(c);
    }
    for (const [rank, c] of top.entries())
      for (const i of g.idx) {
        if (i === list[c.mi]!.holds) continue;
        if (rank >= keep && slots[i]!.weight < 1000) continue; // the extra hospitals are drawn on for the first post only
        const value = slots[i]!.weight * (c.fit === 'substitute' ? SUBSTITUTE_SHARE : 1) - c.travelMin / 10_000;
        options[c.mi]!.push({ slot: i, travelMin: Math.round(c.travelMin), fit: c.fit, value });
      }
  }
  const movers: Mover[] = [];
  list.forEach((m, mi) => {
    const opts = options[mi]!.sort((a, b) => b.value - a.value || a.slot - b.slot);
    const part = teamPart(m.c);
    if (opts.length || m.holds >= 0) movers.push({ clinicianId: m.id, from: m.from, holds: m.holds, options: opts, ...(part !== undefined ? { team: part } : {}) });
  });
  return { slots, movers, teams, floors, maxMoves: o.maxMoves };
}

/** A solution: for each mover the option index taken, or -1 (stays where they are). */
export type Choice = number[];

/** Worth of the tables that complete teams run under a choice (who arrives and who leaves each team site). */
export function tableWorth(p: Problem, choice: Choice): number {
  const count = new Map(p.teams.map((t) => [t.siteId, [...t.base]]));
  p.movers.forEach((m, i) => {
    const o = m.options[choice[i]!];
    if (!o || m.team === undefined) return;
    const to = count.get(p.slots[o.slot]!.siteId);
    if (to) to[m.team]!++;
    const from = m.from !== null ? count.get(m.from) : undefined;
    if (from) from[m.team]!--;
  });
  return p.teams.reduce((sum, t) => {
    const running = Math.min(...count.get(t.siteId)!);
    return sum + t.worth.slice(0, Math.max(0, running)).reduce((a, b) => a + b, 0);
  }, 0);
}

/** Objective of a choice: the worth of every filled position (occupants who stay keep theirs) and of running tables. */
export function objective(p: Problem, choice: Choice): number {
  const filled = new Map<number, number>();
  const leaving = new Set<number>();
  p.movers.forEach((m, i) => {
    if (choice[i]! >= 0 && m.holds >= 0) leaving.add(m.holds);
  });
  p.slots.forEach((s, i) => {
    if (s.occupant !== null && !leaving.has(i)) filled.set(i, s.weight);
  });
  p.movers.forEach((m, i) => {
    const o = m.options[choice[i]!];
    if (o) filled.set(o.slot, o.value);
  });
  return [...filled.values()].reduce((a, b) => a + b, 0) + tableWorth(p, choice);
}

/** Whether a choice respects every constraint (one clinician per slot, moves, floors). */
export function feasible(p: Problem, choice: Choice): boolean {
  const taken = new Set<number>();
  const leaving = new Set<number>();
  let moves = 0;
  const delta = new Map<string, number>();
  p.movers.forEach((m, i) => {
    const o = m.options[choice[i]!];
    if (!o) return;
    moves++;
    if (m.holds >= 0) leaving.add(m.holds);
    if (m.from !== null) delta.set(m.from, (delta.get(m.from) ?? 0) - 1);
    const to = p.slots[o.slot]!.siteId;
    delta.set(to, (delta.get(to) ?? 0) + 1);
  });
  if (moves > p.maxMoves) return false;
  for (let i = 0; i < p.movers.length; i++) {
    const o = p.movers[i]!.options[choice[i]!];
    if (!o) continue;
    if (taken.has(o.slot)) return false;
    const s = p.slots[o.slot]!;
    if (s.occupant !== null && !leaving.has(o.slot)) return false; // held by someone who does not leave
    taken.add(o.slot);
  }
  return p.floors.every((f) => f.now + (delta.get(f.siteId) ?? 0) >= f.min);
}

/** Critical positions (first of a critical role) filled under a choice. */
export function redFlagsFilled(p: Problem, choice: Choice): number {
  const leaving = new Set<number>();
  const arriving = new Set<number>();
  p.movers.forEach((m, i) => {
    const o = m.options[choice[i]!];
    if (!o) return;
    if (m.holds >= 0) leaving.add(m.holds);
    arriving.add(o.slot);
  });
  return p.slots.filter((s, i) => s.redFlag && (arriving.has(i) || (s.occupant !== null && !leaving.has(i)))).length;
}

export function movesOf(p: Problem, choice: Choice): Move[] {
  const out: Move[] = [];
  p.movers.forEach((m, i) => {
    const o = m.options[choice[i]!];
    if (!o) return;
    const s = p.slots[o.slot]!;
    out.push({ clinicianId: m.clinicianId, from: m.from, to: s.siteId, role: s.role, travelMin: o.travelMin });
  });
  return out;
}

/**
 * Greedy baseline, what a planner does by hand: the most important open position first, filled by the nearest
 * free clinician who fits. No backfill chains (nobody is taken from a hospital), no look-ahead.
 */
export function solveGreedy(p: Problem): Choice {
  const choice: Choice = p.movers.map(() => -1);
  const open = p.slots.map((s, i) => i).filter((i) => p.slots[i]!.occupant === null).sort((a, b) => p.slots[b]!.weight - p.slots[a]!.weight || a - b);
  const bySlot = new Map<number, { mover: number; option: number }[]>();
  p.movers.forEach((m, i) => {
    if (m.holds >= 0) return;
    m.options.forEach((o, oi) => {
      const list = bySlot.get(o.slot);
      if (list) list.push({ mover: i, option: oi });
      else bySlot.set(o.slot, [{ mover: i, option: oi }]);
    });
  });
  let moves = 0;
  for (const slot of open) {
    if (moves >= p.maxMoves) break;
    let best = -1;
    let bestOpt = -1;
    let bestTravel = Infinity;
    for (const { mover, option } of bySlot.get(slot) ?? []) {
      const t = p.movers[mover]!.options[option]!.travelMin;
      if (choice[mover]! < 0 && t < bestTravel) {
        best = mover;
        bestOpt = option;
        bestTravel = t;
      }
    }
    if (best < 0) continue;
    choice[best] = bestOpt;
    if (!feasible(p, choice)) {
      choice[best] = -1;
      continue;
    }
    moves++;
  }
  return choice;
}
