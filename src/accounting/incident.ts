// What Golden Hour recorded at a place during a time window: the figures a claim about an incident ("60 died in the
// school strike") is set beside. An incident is either a place, a radius and a window over casualty positions and
// injury times, or a mass-casualty incident record (issue 15) whose linked casualties are counted
// (`recordedAtIncidentRecord`; a claim links them with `POST /api/claims/:id/links {incidentId}`).
import type { Db, Param } from './db.ts';
import type { CasualtySummary } from '../core/index.ts';
import { foldIncident, incidentCounts } from '../core/index.ts';
import type { EventRow } from '../storage/common.ts';
import { EVENT_COLUMNS, rowToEvent } from '../storage/common.ts';
import { hourCtes, hourSeqs, refoldedAsOf, summariesAsOf } from './snapshot.ts';
import type { IncidentCounts, IncidentState } from '../core/index.ts';

export interface PlaceWindow {
  lat: number;
  lon: number;
  radiusM: number;
  /** ISO instants, inclusive. */
  from: string;
  to: string;
}

export interface RecordedAtIncident {
  casualties: number;
  killedInAction: number;
  diedOfWounds: number;
  /** Not killed in action and not died of wounds: wounded survivors so far (including the still open). */
  wounded: number;
  /** No outcome yet. */
  stillOpen: number;
  ids: string[];
}

const EARTH_M = 6_371_000;
const rad = (d: number): number => (d * Math.PI) / 180;
export function metresBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

interface FactRow {
  id: string;
  lat: number;
  lon: number;
  outcome: string | null;
  outcome_ms: number | null;
}

/**
 * Rows as of an instant (epoch ms): injured before it, and an outcome only if it came before it. Those who see no
 * casualty are answered as of the start of the UTC day (`dayStart`): a live answer, polled, timed each record and
 * outcome within the day that coarse answers withhold. SQL keeps the injury bound; the outcome is read here.
 */
const asOf = (rows: FactRow[], ms: number | undefined): FactRow[] =>
  ms === undefined ? rows : rows.map((r) => (r.outcome_ms !== null && Number(r.outcome_ms) < ms ? r : { ...r, outcome: null }));

function tally(rows: readonly Pick<FactRow, 'id' | 'outcome'>[]): RecordedAtIncident {
  const n = (o: string) => rows.filter((r) => r.outcome === o).length;
  const kia = n('killed-in-action');
  const dow = n('died-of-wounds');
  return {
    casualties: rows.length,
    killedInAction: kia,
    diedOfWounds: dow,
    wounded: rows.length - kia - dow,
    stillOpen: rows.filter((r) => r.outcome === null).length,
    ids: rows.map((r) => r.id).sort(),
  };
}

/**
 * What a caller who sees no casualty (an editor, an analyst) may learn from a place: casualties counted by the cell of
 * a 0.01° grid they fell in (about 1.1 × 0.7 km here) and by UTC day, never by their own position and time. Snapping
 * the query alone would not do: claims of every centre and radius, differenced, find a boundary to the metre
 * (test/attack, editor-locate). The circle asked for grows to hold the claimed one (nothing claimed is left out).
 */
export const COARSE_DEG = 0.01;
const DAY_MS = 86_400_000;
/** The start of the UTC day of an instant (epoch ms). */
export const dayStart = (iso: string): number => Math.floor(Date.parse(iso) / DAY_MS) * DAY_MS;
const HALF_DIAGONAL_M = 790;
const snap = (x: number): number => Number((Math.round(x / COARSE_DEG) * COARSE_DEG).toFixed(2));
export const cellOf = (p: { lat: number; lon: number }): { lat: number; lon: number } => ({ lat: snap(p.lat), lon: snap(p.lon) });
export function coarseWindow(w: PlaceWindow): PlaceWindow {
  const c = cellOf(w);
  const from = Math.floor(Date.parse(w.from) / DAY_MS) * DAY_MS;
  const to = (Math.floor(Date.parse(w.to) / DAY_MS) + 1) * DAY_MS - 1;
  // Whole kilometres: every casualty in the claimed circle has its cell's centre within the claimed radius, plus the
  // shift of the centre, plus half a cell's diagonal (at most 787 m, at the equator) of the new one.
  const radiusM = Math.ceil((w.radiusM + metresBetween(w, c) + HALF_DIAGONAL_M) / 1000) * 1000;
  return { ...c, radiusM, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/**
 * Casualties injured within `radiusM` of the place during the window (a bounding box in SQL, the circle here); with
 * `coarse`, each at its cell's centre (the window is then a `coarseWindow`: whole days, so the day alone decides).
 */
export async function recordedAtPlace(db: Db, w: PlaceWindow, scopeUnits?: readonly string[], coarse = false, asOfMs?: number): Promise<RecordedAtIncident> {
  const dLat = w.radiusM / 111_320 + (coarse ? COARSE_DEG : 0);
  const dLon = w.radiusM / (111_320 * Math.max(0.01, Math.cos(rad(w.lat)))) + (coarse ? COARSE_DEG : 0);
  const params: Param[] = [w.lat - dLat, w.lat + dLat, w.lon - dLon, w.lon + dLon, Date.parse(w.from), Date.parse(w.to)];
  let scope = '';
  if (scopeUnits) {
    scope = scopeUnits.length ? ` AND unit_id IN (${scopeUnits.map(() => '?').join(', ')})` : ' AND 1 = 0';
    params.push(...scopeUnits);
  }
  if (asOfMs !== undefined) params.push(asOfMs);
  const rows = await db.all<FactRow>(
    `SELECT id, lat, lon, outcome, outcome_ms FROM casualty_facts
     WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? AND injured_ms BETWEEN ? AND ?${scope}${asOfMs !== undefined ? ' AND injured_ms < ?' : ''}`,
    params,
  );
  const at = (r: FactRow): { lat: number; lon: number } => (coarse ? cellOf : (x: { lat: number; lon: number }) => x)({ lat: Number(r.lat), lon: Number(r.lon) });
  return tally(asOf(rows, asOfMs).filter((r) => metresBetween(w, at(r)) <= w.radiusM));
}

/**
 * The same figures over an explicit list of casualties (those linked to a claim or, later, to an incident), within
 * `scopeUnits` when given (as `recordedAtPlace`: a unit's commander counts a claim's linked casualties of their units).
 */
export async function recordedForCasualties(db: Db, ids: readonly string[], scopeUnits?: readonly string[], asOfMs?: number): Promise<RecordedAtIncident> {
  if (ids.length === 0 || scopeUnits?.length === 0) return tally([]);
  const scope = `${scopeUnits ? ` AND unit_id IN (${scopeUnits.map(() => '?').join(', ')})` : ''}${asOfMs !== undefined ? ' AND injured_ms < ?' : ''}`;
  const params = [...ids, ...(scopeUnits ?? []), ...(asOfMs !== undefined ? [asOfMs] : [])];
  const rows = await db.all<FactRow>(`SELECT id, lat, lon, outcome, outcome_ms FROM casualty_facts WHERE id IN (${ids.map(() => '?').join(', ')})${scope}`, params);
  return tally(asOf(rows, asOfMs));
}

/**
 * What these figures read of the log: the door's reader (src/log/read.ts `CasualtyReader`), handed in by the server —
 * accounting never reads casualties from the store itself.
 */
export interface IncidentReads {
  casualties(filter: { incidentId: string }): Promise<CasualtySummary[]>;
  /** A declared incident's state, or null. */
  incident(id: string): Promise<{ state: IncidentState } | null>;
}

/** The casualties linked to an incident record, within `scopeUnits` when given (as `recordedAtPlace`). */
export async function incidentCasualtyIds(reads: IncidentReads, incidentId: string, scopeUnits?: readonly string[]): Promise<string[]> {
  const linked = await reads.casualties({ incidentId });
  return linked.filter((c) => !scopeUnits || (c.unitId !== null && scopeUnits.includes(c.unitId))).map((c) => c.id).sort();
}

/**
 * What the record says about an incident record: killed at the scene, died of wounds, wounded by category, still
 * open — and the place and window it covers, so a claim's own place-and-window count can be set beside it.
 */
export async function recordedAtIncidentRecord(reads: IncidentReads, incidentId: string, now: string, scopeUnits?: readonly string[]): Promise<{ incident: IncidentState; counts: IncidentCounts; window: PlaceWindow | null } | null> {
  const found = await reads.incident(incidentId);
  if (!found) return null;
  const incident = found.state;
  const ids = new Set(await incidentCasualtyIds(reads, incidentId, scopeUnits));
  const states = (await reads.casualties({ incidentId })).filter((c) => ids.has(c.id)).map((c) => c.state);
  const p = incident.position;
  const window = p && incident.declaredAt ? { lat: p.lat, lon: p.lon, radiusM: incident.radiusM, from: incident.declaredAt, to: incident.clearedAt ?? now } : null;
  return { incident, counts: incidentCounts(states), window };
}

/**
 * The casualties linked to an incident before `asOf` that are not among its casualties now (linked elsewhere or the
 * link voided since), as they were at `asOf`: without them an analyst's counts as of the hour moved at the relink.
 * Only casualties written since `asOf` that had a link before it are refolded.
 */
async function linkedElsewhereSince(db: Db, asOf: string, now: readonly CasualtySummary[]): Promise<(CasualtySummary | null)[]> {
  // The casualties recorded before the hour and written since (`old`: by the projection's last_seq and a narrow band of
  // receipts, not a scan of the log from the hour's start), of them those linked to an incident before it.
  const h = hourCtes(await hourSeqs(db, asOf));
  const current = new Set(now.map((c) => c.id));
  const rows = await db.all<{ id: string }>(`WITH ${h.sql} SELECT DISTINCT casualty_id AS id FROM events WHERE type = 'incident.linked' AND received_at < ? AND casualty_id IN (SELECT id FROM old)`, [...h.params, asOf]);
  return [...(await refoldedAsOf(db, asOf, rows.map((r) => r.id).filter((id) => !current.has(id)))).values()];
}

/**
 * The same as of an instant (the analyst's hour: src/accounting/snapshot.ts): the incident folded from its events
 * received before `asOf` (null: not declared yet), its casualties as they were then — linked then, in the state then.
 */
export async function recordedAtIncidentRecordAsOf(reads: IncidentReads, db: Db, incidentId: string, asOf: string, scopeUnits?: readonly string[]): Promise<{ incident: IncidentState; counts: IncidentCounts; window: PlaceWindow | null } | null> {
  const log = (await db.all<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE casualty_id = ? AND received_at < ? ORDER BY seq`, [incidentId, asOf])).map(rowToEvent);
  if (!log.some((e) => e.type === 'incident.declared')) return null;
  const incident = foldIncident(incidentId, log);
  const inScope = (c: CasualtySummary) => !scopeUnits || (c.unitId !== null && scopeUnits.includes(c.unitId));
  const now = (await reads.casualties({ incidentId })).filter(inScope);
  const then = await summariesAsOf(db, asOf, now.map((c) => c.id));
  const states = [...now.map((c) => (then.has(c.id) ? then.get(c.id) : c)), ...(await linkedElsewhereSince(db, asOf, now))]
    .filter((c): c is CasualtySummary => !!c && inScope(c) && c.state.incident?.id === incidentId).map((c) => c.state);
  const p = incident.position;
  const window = p && incident.declaredAt ? { lat: p.lat, lon: p.lon, radiusM: incident.radiusM, from: incident.declaredAt, to: incident.clearedAt ?? asOf } : null;
  return { incident, counts: incidentCounts(states), window };
}
