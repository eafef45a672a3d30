// The workforce service: the registry folded from the store's workforce log (cached by head), CSV import, and the
// inputs a proposal replays (facilities, vehicles, recent casualty load). Writes go through the door (src/log/workforce.ts).
import type { Facility, Move, Vehicle, WorkforceFact } from '../core/index.ts';
import { WORKFORCE_IMPORT_ISSUES, contentId, toMs } from '../core/index.ts';
import { estimateRpm } from '../dispatch/live.ts';
import type { Store } from '../storage/port.ts';
import type { CasualtyReader } from '../log/read.ts';
import type { Registry } from '../workforce/registry.ts';
import { foldRegistry } from '../workforce/registry.ts';
import { usableTables } from '../workforce/gaps.ts';
import type { RowIssue } from '../workforce/csv.ts';
import { IssueList, readRegistryCsv, toCsv } from '../workforce/csv.ts';
import type { LoadCasualty } from '../workforce/replay.ts';
import type { WorkforceDoor } from '../log/workforce.ts';

const cache = new WeakMap<Store, { head: number; reg: Registry }>();

/** The registry as of the store's current head (refolded only when the log grew). */
export async function loadRegistry(store: Store): Promise<Registry> {
  const head = await store.workforce.factsHead();
  const hit = cache.get(store);
  if (hit && hit.head === head) return hit.reg;
  const facts = [];
  for (let after = 0; ; ) {
    const page = await store.workforce.factsAfter(after, 20_000);
    facts.push(...page);
    if (page.length < 20_000) break;
    after = page[page.length - 1]!.seq;
  }
  const reg = foldRegistry(facts);
  cache.set(store, { head, reg });
  return reg;
}

/**
 * The registry as read by one caller (the workforce door's read side): every clinician whose personal data a read
 * returns is reported to `onRead`, which the server names in the request's audit entry — whatever the answer's
 * shape (JSON or CSV). Figures that show no person (gaps, aggregates, proposals) use `loadRegistry` instead.
 */
export class RegistryReader {
  readonly #store: Store;
  readonly #onRead: (ids: string[]) => void;
  constructor(store: Store, onRead: (ids: string[]) => void) {
    this.#store = store;
    this.#onRead = onRead;
  }

  #seen<T extends { id: string }>(xs: T[]): T[] {
    if (xs.length) this.#onRead(xs.map((x) => x.id));
    return xs;
  }

  /** Every clinician's record and current site. */
  async clinicians() {
    const reg = await loadRegistry(this.#store);
    return this.#seen([...reg.clinicians.values()].map((c) => ({ ...c.record, siteId: c.siteId })));
  }

  /** One clinician with assignment history and every fact, or null. */
  async clinician(id: string) {
    const c = (await loadRegistry(this.#store)).clinicians.get(id);
    if (!c) return null;
    this.#seen([{ id }]);
    return { clinician: { ...c.record, siteId: c.siteId, assignments: c.assignments }, history: await this.#store.workforce.factsOf(id) };
  }

  /** The registry as CSV (one clinician per row). */
  async csv(): Promise<string> {
    const rows = [...(await loadRegistry(this.#store)).clinicians.values()];
    this.#seen(rows.map((c) => ({ id: c.record.id })));
    return toCsv(rows.map((c) => ({ record: c.record, site: c.siteId })));
  }
}

export interface ImportOptions {
  now: string;
  author: string;
  /** Store the valid rows even when some are invalid (default: any invalid row → nothing stored). */
  keepValid?: boolean;
  onProgress?: (phase: 'validate' | 'store', done: number, total: number) => void;
}

/** A turn for the server's other requests between slices of rows checked (a whole file held it 24 s). */
const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface ImportReport {
  lines: number;
  valid: number;
  accepted: number;
  duplicates: number;
  /** The first WORKFORCE_IMPORT_ISSUES problems by line. */
  issues: RowIssue[];
  issuesTotal: number;
  stored: boolean;
  /** Refused whole: more than WORKFORCE_CSV_ROWS rows. */
  tooManyRows?: true;
}

/** Import a registry CSV: every row checked (line and field reported), then one transaction or nothing. */
export async function importCsv(store: Store, door: WorkforceDoor, text: string, o: ImportOptions): Promise<ImportReport> {
  const report = await readRegistryCsv(text, { onProgress: (d, t) => o.onProgress?.('validate', d, t), pause: yieldTurn });
  const reg = await loadRegistry(store);
  // Unknown sites kept apart, as capped as the rows' problems: the first ones of both, by line, are the first ones.
  const unknown = new IssueList();
  const rows = report.rows.filter((r) => {
    if (r.site === null || reg.sites.has(r.site)) return true;
    unknown.add({ line: r.line, field: 'site', message: `unknown site ${r.site}` });
    return false;
  });
  const issues = [...report.issues, ...unknown.shown].sort((a, b) => a.line - b.line).slice(0, WORKFORCE_IMPORT_ISSUES);
  const issuesTotal = report.issuesTotal + unknown.total;
  const base = { lines: report.lines, valid: rows.length, issues, issuesTotal, ...(report.tooManyRows ? { tooManyRows: true as const } : {}) };
  if (report.tooManyRows || (issuesTotal && !o.keepValid)) return { ...base, accepted: 0, duplicates: 0, stored: false };
  const facts: WorkforceFact[] = [];
  for (const [i, r] of rows.entries()) {
    // Each fact's id is a hash of its content (2 s for 100,000 rows): other requests get their turn as in the check.
    if (i % 500 === 499) await yieldTurn();
    // Same row, same fact id: a re-import is a no-op; a changed row is a new statement that supersedes.
    const id = contentId(`clinician.recorded|${JSON.stringify(r.record)}`);
    facts.push({ id, at: o.now, author: o.author, type: 'clinician.recorded', payload: r.record });
    const current = reg.clinicians.get(r.record.id)?.siteId ?? null;
    if (r.site !== null && r.site !== current)
      facts.push({ id: contentId(`clinician.assigned|${id}|${r.site}`), at: o.now, author: o.author, type: 'clinician.assigned', payload: { clinicianId: r.record.id, siteId: r.site, reason: 'import' } });
  }
  o.onProgress?.('store', 0, facts.length);
  const res = facts.length ? await door.record(facts) : { accepted: 0, duplicates: 0 };
  o.onProgress?.('store', facts.length, facts.length);
  return { ...base, accepted: res.accepted, duplicates: res.duplicates, stored: true };
}

/** Facts for an accepted or declined proposal: the decision, and on acceptance one assignment per move. */
export function decisionFacts(proposalId: string, decision: 'accepted' | 'declined', moves: readonly Move[], now: string, author: string, note?: string, proposed?: { moves: readonly Move[]; computedAt: string }): WorkforceFact[] {
  const facts: WorkforceFact[] = [
    // The same decision posted twice is one fact; a later decision on the rest of the proposal is another.
    { id: contentId(`proposal.decided|${proposalId}|${decision}|${moves.map((m) => `${m.clinicianId}>${m.to}/${m.role}`).sort().join(',')}`), at: now, author, type: 'proposal.decided', payload: { proposalId, decision, moves: [...moves], ...(note ? { note } : {}), ...(proposed ? { proposed: [...proposed.moves], computedAt: proposed.computedAt } : {}) } },
  ];
  if (decision === 'accepted')
    for (const m of moves)
      facts.push({ id: contentId(`clinician.assigned|${proposalId}|${m.clinicianId}`), at: now, author, type: 'clinician.assigned', payload: { clinicianId: m.clinicianId, siteId: m.to, reason: `proposal: ${m.role}`, proposalId } });
  return facts;
}

export interface ReplayContext {
  facilities: Facility[];
  vehicles: Vehicle[];
  load: LoadCasualty[];
  received: Map<string, number>;
}

/** The casualty load of the last `days` days (position and RPM estimated from each card), and who received it. */
export async function replayContext(store: Store, reader: CasualtyReader, now: string, days: number): Promise<ReplayContext> {
  const [all, facilities, vehicles] = await Promise.all([reader.casualties({}), store.listEntities('facility'), store.listEntities('vehicle')]);
  const from = toMs(now) - days * 86_400_000;
  const load: LoadCasualty[] = [];
  const received = new Map<string, number>();
  for (const c of all) {
    const s = c.state;
    if (!s.injuredAt || toMs(s.injuredAt) < from || toMs(s.injuredAt) > toMs(now)) continue;
    const where = c.facilityId ?? c.destinationId ?? c.unitId;
    if (where) received.set(where, (received.get(where) ?? 0) + 1);
    if (!s.position) continue;
    load.push({ id: c.id, atMin: Math.max(0, Math.round((toMs(s.injuredAt) - from) / 60_000)), pos: s.position, rpm: estimateRpm(s).rpm, litter: true });
  }
  load.sort((a, b) => a.atMin - b.atMin || (a.id < b.id ? -1 : 1));
  return { facilities, vehicles, load, received };
}

/**
 * Usable surgical tables per facility for the live plan: limited by the complete surgical teams on duty. Only
 * facilities a staffing site stands for are listed (the others keep their own tables: unknown staff is not zero).
 */
export async function staffedTables(store: Store, facilities: readonly Facility[], now: string): Promise<Record<string, number>> {
  if ((await store.workforce.factsHead()) === 0) return {};
  const reg = await loadRegistry(store);
  return Object.fromEntries(usableTables(reg, new Map(facilities.map((f) => [f.id, f.surgicalTables])), now));
}
