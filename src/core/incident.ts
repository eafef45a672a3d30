// Mass-casualty incidents (issue 15). An incident is its own log in the same event store, written through the same
// door as casualties: its stream id is the `casualtyId` of its events (incident.declared / updated / cleared), and a
// casualty joins it with an `incident.linked` event on the casualty's own log. Everything here is a pure derivation:
// the incident's state, the picture a dispatcher needs (counts, who is where, the one 9-line) and the figures an
// accounting claim is compared with.
import type { CasualtyEvent, IncidentKind } from './events.ts';
import type { CasualtyState } from './fold.ts';
import { compareEvents } from './fold.ts';
import type { Position } from './geo.ts';
import type { NineLine } from './nine-line.ts';
import { NineLine as NineLineSchema } from './nine-line.ts';
import { natoEquivalent } from './codes.ts';
import { deviceAuthor } from './ids.ts';
import { sha256Bytes } from './sha256.ts';

export interface IncidentState {
  id: string;
  declared: boolean;
  kind: IncidentKind | null;
  name: string | null;
  position: Position | null;
  radiusM: number;
  unitId: string | null;
  hazards: string[];
  commander: string | null;
  status: 'open' | 'cleared';
  declaredAt: string | null;
  clearedAt: string | null;
  /**
   * The first declaration's tag key (SYNC-19): mixed into its tags' casualty ids so that only those who hold the
   * incident's log can compute them. Null for an incident declared without one (before session 17): public ids.
   */
  tagKey: string | null;
  /** Writers of the incident's log (usernames and `device:<id>`), for row scope like a casualty's. */
  authors: string[];
  lastSeq: number;
}

/** Fold an incident's own log. Order-independent like `fold`: de-duplicated by id, sorted by (time, id); voids apply. */
export function foldIncident(id: string, input: readonly (CasualtyEvent & { seq?: number })[]): IncidentState {
  const seen = new Set<string>();
  const events = input.filter((e) => e.casualtyId === id && !seen.has(e.id) && seen.add(e.id)).sort(compareEvents);
  const voided = new Set(events.flatMap((e) => (e.type === 'void' ? [e.payload.target] : [])));
  const s: IncidentState = {
    id, declared: false, kind: null, name: null, position: null, radiusM: 200, unitId: null, hazards: [], commander: null,
    status: 'open', declaredAt: null, clearedAt: null, tagKey: null, authors: [], lastSeq: 0,
  };
  const authors = new Set<string>();
  for (const e of events) {
    authors.add(e.author);
    authors.add(deviceAuthor(e.deviceId));
    s.lastSeq = Math.max(s.lastSeq, e.seq ?? 0);
    if (voided.has(e.id)) continue;
    if (e.type === 'incident.declared') {
      // Two phones declaring one incident id is one incident: the first declaration stands, later ones are updates.
      const p = e.payload;
      // Its tag key too: a later declaration never changes the ids of tags already triaged.
      if (!s.declared) Object.assign(s, { declared: true, declaredAt: e.at, kind: p.kind, position: p.position, radiusM: p.radiusM, unitId: p.unitId ?? null, tagKey: p.tagKey ?? null });
      if (p.name !== undefined) s.name = p.name;
      if (p.hazards.length) s.hazards = [...new Set([...s.hazards, ...p.hazards])];
      if (p.commander !== undefined) s.commander = p.commander;
    } else if (e.type === 'incident.updated') {
      const p = e.payload;
      if (p.kind !== undefined) s.kind = p.kind;
      if (p.position !== undefined) s.position = p.position;
      if (p.radiusM !== undefined) s.radiusM = p.radiusM;
      if (p.name !== undefined) s.name = p.name;
      if (p.hazards !== undefined) s.hazards = p.hazards;
      if (p.commander !== undefined) s.commander = p.commander;
    } else if (e.type === 'incident.cleared') {
      s.status = 'cleared';
      s.clearedAt ??= e.at;
    }
  }
  s.authors = [...authors].sort();
  return s;
}

/** A tag number as printed and as typed: upper case, no spaces or dashes ("a-12 7" is "A127"). */
export const normaliseTag = (tag: string): string => tag.toUpperCase().replace(/[\s-]+/g, '');

/** A new incident's tag key: 128 random bits as hex, drawn by the phone that declares it (SYNC-19). */
export function newTagKey(): string {
  const b = new Uint8Array(16);
  globalThis.crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * The casualty id of a pre-printed triage tag at an incident: a UUIDv8 from SHA-256 of the incident id, its tag key
 * and the tag. Two phones that triage the same tagged person write to the same casualty log, so they converge on one
 * casualty; someone who knows only the incident id (from a linked casualty's card) cannot compute it, so cannot
 * register a tag before the medics do (tag squatting). An incident declared without a key keeps the ids it had
 * (SHA-256 of the incident id and the tag): its phones must go on agreeing with each other.
 */
export function tagCasualtyId(incident: Pick<IncidentState, 'id' | 'tagKey'>, tag: string): string {
  const input = incident.tagKey === null
    ? `golden-hour incident tag\n${incident.id}\n${normaliseTag(tag)}`
    : `golden-hour incident tag v2\n${incident.id}\n${incident.tagKey}\n${normaliseTag(tag)}`;
  const b = sha256Bytes(input).slice(0, 16);
  b[6] = 0x80 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Triage categories as an incident counts them (SALT names; START and NATO map onto them). */
export const INCIDENT_CATEGORIES = ['immediate', 'delayed', 'minimal', 'expectant', 'dead'] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];
export type CategoryCounts = Record<IncidentCategory | 'untriaged', number>;
const NATO_TO_CATEGORY = { T1: 'immediate', T2: 'delayed', T3: 'minimal', T4: 'expectant', dead: 'dead' } as const;

/** The category a casualty counts in: killed in action counts as dead whatever the triage said. */
export function categoryOf(c: Pick<CasualtyState, 'triage' | 'outcome'>): IncidentCategory | 'untriaged' {
  if (c.outcome?.outcome === 'killed-in-action') return 'dead';
  return c.triage.value ? NATO_TO_CATEGORY[natoEquivalent(c.triage.value)] : 'untriaged';
}

const zero = (): CategoryCounts => ({ immediate: 0, delayed: 0, minimal: 0, expectant: 0, dead: 0, untriaged: 0 });

/** What the record says about an incident's people: the figures an accounting claim is set beside. */
export interface IncidentCounts {
  casualties: number;
  /** Killed at the scene: the outcome killed in action (statistics come from outcomes, as in accounting). */
  killedAtScene: number;
  diedOfWounds: number;
  /** Triaged dead with no outcome recorded yet: shown apart until someone records the death. */
  triagedDeadNoOutcome: number;
  /** The living, by their current triage category. */
  woundedByCategory: Omit<CategoryCounts, 'dead'>;
  /** No outcome yet and not dead at the scene. */
  stillOpen: number;
  /** Casualties whose triage is a visible conflict (two medics disagree). */
  conflicts: number;
}

export function incidentCounts(states: readonly CasualtyState[]): IncidentCounts {
  const wounded: Omit<CategoryCounts, 'dead'> = { immediate: 0, delayed: 0, minimal: 0, expectant: 0, untriaged: 0 };
  let killed = 0;
  let dow = 0;
  let triagedDead = 0;
  let open = 0;
  let conflicts = 0;
  for (const c of states) {
    if (c.triage.conflict) conflicts++;
    const cat = categoryOf(c);
    if (c.outcome?.outcome === 'died-of-wounds') dow++;
    else if (c.outcome?.outcome === 'killed-in-action') killed++;
    else if (cat === 'dead' && !c.outcome) triagedDead++;
    else {
      if (cat !== 'dead') wounded[cat]++;
      if (!c.outcome) open++;
    }
  }
  return { casualties: states.length, killedAtScene: killed, diedOfWounds: dow, triagedDeadNoOutcome: triagedDead, woundedByCategory: wounded, stillOpen: open, conflicts };
}

/** How an incident's living casualty is evacuated (9-line lines 3 and 5): urgency from triage, litter unless walking. */
const LINE3_OF = { immediate: 'A', delayed: 'C', minimal: 'D', expectant: 'D' } as const;

/**
 * The incident's one 9-line: every casualty still waiting at the site (not picked up, not dead), summed by
 * precedence (a precedence set on the card wins over the triage mapping) and by litter / ambulatory. Null when
 * nobody waits or the incident has no place.
 */
export function incidentNineLine(incident: IncidentState, states: readonly CasualtyState[]): NineLine | null {
  if (!incident.position) return null;
  const p3 = { A: 0, B: 0, C: 0, D: 0, E: 0 };
  const p5 = { L: 0, A: 0 };
  const LETTER = { urgent: 'A', 'urgent-surgical': 'B', priority: 'C', routine: 'D', convenience: 'E' } as const;
  for (const c of states) {
    const cat = categoryOf(c);
    if (cat === 'dead' || c.outcome || !WAITING.includes(c.stage)) continue;
    const letter = c.precedence.value ? LETTER[c.precedence.value] : LINE3_OF[cat === 'untriaged' ? 'immediate' : cat];
    p3[letter] = Math.min(99, p3[letter] + 1);
    if (cat === 'minimal') p5.A = Math.min(99, p5.A + 1);
    else p5.L = Math.min(99, p5.L + 1);
  }
  const r = NineLineSchema.safeParse({
    location: incident.position,
    callSign: (incident.name ?? `MCI ${incident.id.slice(-4).toUpperCase()}`).slice(0, 32),
    patientsByPrecedence: p3,
    specialEquipment: ['A'],
    patientsByType: p5,
    ...(incident.hazards.length ? { hazards: incident.hazards.join('; ').slice(0, 500) } : {}),
  });
  return r.success ? r.data : null;
}

const WAITING: readonly string[] = ['at-poi', 'requested', 'assigned'];

export interface IncidentPicture {
  incident: IncidentState;
  counts: IncidentCounts;
  byCategory: CategoryCounts;
  /** Counts by category after each triage decision, in time order (the dispatcher's chart). */
  timeline: { at: string; counts: CategoryCounts }[];
  onSite: string[];
  enRoute: { casualtyId: string; vehicleId: string | null; facilityId: string | null }[];
  /** Facilities receiving the incident's casualties: on the way (destined) and arrived. */
  receiving: { facilityId: string; incoming: number; arrived: number }[];
  nineLine: NineLine | null;
}

export function incidentPicture(incident: IncidentState, states: readonly CasualtyState[]): IncidentPicture {
  const byCategory = zero();
  const onSite: string[] = [];
  const enRoute: IncidentPicture['enRoute'] = [];
  const receiving = new Map<string, { incoming: number; arrived: number }>();
  const fac = (id: string) => receiving.get(id) ?? (receiving.set(id, { incoming: 0, arrived: 0 }), receiving.get(id)!);
  for (const c of states) {
    const cat = categoryOf(c);
    byCategory[cat]++;
    if (cat !== 'dead' && !c.outcome && WAITING.includes(c.stage)) onSite.push(c.id);
    if (c.stage === 'in-transit') enRoute.push({ casualtyId: c.id, vehicleId: c.vehicleId, facilityId: c.destination.value });
    if (c.facilityId) fac(c.facilityId).arrived++;
    else if (c.destination.value && !c.outcome) fac(c.destination.value).incoming++;
  }
  return {
    incident,
    counts: incidentCounts(states),
    byCategory,
    timeline: categoryTimeline(states),
    onSite: onSite.sort(),
    enRoute,
    receiving: [...receiving].map(([facilityId, n]) => ({ facilityId, ...n })).sort((a, b) => (a.facilityId < b.facilityId ? -1 : 1)),
    nineLine: incidentNineLine(incident, states),
  };
}

/** Counts by category over time: one point per triage decision (or kill), the latest decision of each casualty. */
export function categoryTimeline(states: readonly CasualtyState[], max = 200): IncidentPicture['timeline'] {
  const steps: { at: string; id: string; cat: IncidentCategory }[] = [];
  for (const c of states) {
    for (const h of c.triage.history) steps.push({ at: h.at, id: c.id, cat: NATO_TO_CATEGORY[natoEquivalent(h.value)] });
    if (c.outcome?.outcome === 'killed-in-action') steps.push({ at: c.outcome.at, id: c.id, cat: 'dead' });
  }
  steps.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
  const current = new Map<string, IncidentCategory>();
  const counts = zero();
  const out: IncidentPicture['timeline'] = [];
  for (const s of steps) {
    const was = current.get(s.id);
    if (was === s.cat) continue; // a dead casualty's kill after its triage, a repeated decision: no change to show
    if (was) counts[was]--;
    counts[s.cat]++;
    current.set(s.id, s.cat);
    out.push({ at: s.at, counts: { ...counts } });
  }
  return out.slice(-max);
}
