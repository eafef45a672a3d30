// The PostgreSQL append path (issue 16 item 1): group commit, everything prepared before the lock, the lock held
// for one round trip.
//
// Sequence numbers are the sync cursor, so seq order must be commit order (a reader paging by `seq > cursor` must
// never pass an event that commits later with a lower seq). Every append therefore locks the single `event_head`
// row (with the audit head) and holds it to COMMIT. What makes that cheap:
//  1. group commit: the appends queued in this process while a commit is in flight share the next transaction;
//  2. before the lock: the batch's ids and the touched projections are read, duplicates and conflicts decided,
//     and every projection folded forward (src/core/fold-forward.ts) with provisional sequence numbers;
//  3. round trip 1, `BEGIN; lock both heads; re-read what step 2 depends on` — if another process changed it in
//     between, roll back and prepare again (the third try prepares under the lock);
//  4. round trip 2, the numbered events, the head, one audit entry per append, the projections and COMMIT in one
//     simple-protocol query (values as escaped literals): the lock is held for this one round trip and the fsync.
// The guarded path does better, with any number of processes: it prepares from this process's memory of the
// projections it last wrote (or a read of those it does not remember) and sends guard + write as ONE statement with
// bound parameters, an implicit transaction that does not name the log's head (migration 025 `gh_append_batch`,
// whose plans PostgreSQL keeps per connection; it calls 021's `gh_append_at_head`: takes the head locks first,
// refuses if a touched casualty's last_seq moved or an id is stored, chains the audit entries from the locked audit
// head; the events and projections are numbered from the locked head). One round trip, no lock held across Node, and
// another process writing other casualties refuses nothing. Since migration 026 it is `CALL gh_append_durable`: the
// append commits without waiting for the WAL flush (the head lock goes with its commit record), a mark of this
// writer commits waiting for it (the answer waits for that), and the wake-up follows; a refusal because a casualty
// moved answers its rows, learnt here so the next try needs no read. After three refusals, or an id already stored,
// the touched projections are read again (twice), then steps 2–4.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Pool } from 'pg';
import type { CasualtyEvent, CasualtySummary, FoldCursor, Projection, StoredEvent } from '../core/index.ts';
import { canonical, forward, isIncidentStreamType, project, stamped } from '../core/index.ts';
import type { AppendResult, WriterRead } from './port.ts';
import type { EventRow, SummaryRow } from './common.ts';
import {
  EVENT_COLUMNS, EventConflictError, StaleReadError, LOG_AUDIT_COLUMNS, SUMMARY_COLUMNS, eventHash, isIncidentLog, projectionRow, logAuditValues, nextLogAudit, rowToEvent, rowToSummary,
  sameContent,
} from './common.ts';
import type { QueuedAppend } from './group-commit.ts';
import { PG_LIVE_CHANNEL } from './bus.ts';

type Query = (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }>;

interface Snapshot {
  head: number;
  known: Map<string, StoredEvent>;
  /** Touched casualties: the stored projection (null: none or from before the cursor) and its last_seq (-1: no row). */
  projections: Map<string, Projection | null>;
  lastSeq: Map<string, number>;
  logs: Map<string, StoredEvent[]>;
  /** The memory's `since` (AppendMemory): what the door's reads from memory are checked against. */
  since: ReadonlyMap<string, number>;
}

async function snapshot(q: Query, batch: QueuedAppend[], parallel: boolean, since: ReadonlyMap<string, number>): Promise<Snapshot> {
  const ids = [...new Set(batch.flatMap((b) => b.events.map((e) => e.id)))];
  const cids = [...new Set(batch.flatMap((b) => b.events.map((e) => e.casualtyId)))];
  const reads = [
    () => q('SELECT seq FROM event_head WHERE one'),
    () => q(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = ANY($1::text[])`, [ids]),
    () => q(`SELECT ${SUMMARY_COLUMNS}, fold FROM casualties WHERE id = ANY($1::text[])`, [cids]),
  ];
  const [h, ev, cs] = parallel ? await Promise.all(reads.map((r) => r())) : [await reads[0]!(), await reads[1]!(), await reads[2]!()];
  const known = new Map((ev!.rows as EventRow[]).map((r) => [r.id, rowToEvent(r)] as const));
  const projections = new Map<string, Projection | null>(cids.map((c) => [c, null]));
  const lastSeq = new Map<string, number>(cids.map((c) => [c, -1]));
  for (const r of cs!.rows as (SummaryRow & { fold: FoldCursor | string | null })[]) {
    lastSeq.set(r.id, Number(r.last_seq));
    const cursor = typeof r.fold === 'string' ? (JSON.parse(r.fold) as FoldCursor) : r.fold;
    if (cursor) projections.set(r.id, { summary: rowToSummary(r), cursor });
  }
  return { head: Number((h!.rows[0] as { seq: string }).seq), known, projections, lastSeq, logs: new Map(), since };
}

/** One append's share of the batch: results with provisional sequence numbers (`offset` into the batch's new events). */
interface Planned {
  item: QueuedAppend;
  results: { id: string; seq: number; offset: boolean; duplicate: boolean }[];
  fresh: { e: CasualtyEvent; offset: number }[];
  summaries: Map<string, Projection>;
}

/** Decide duplicates, conflicts and projections for a batch; the casualties whose whole log is needed, if any. */
function plan(batch: QueuedAppend[], snap: Snapshot): { planned: (Planned | Error)[]; rows: Map<string, Projection>; need: string[] } {
  const seen = new Map<string, { e: CasualtyEvent; seq: number; offset: boolean }>();
  for (const [id, e] of snap.known) seen.set(id, { e, seq: e.seq, offset: false });
  const rows = new Map<string, Projection>();
  const need = new Set<string>();
  const logOf = new Map(snap.logs);
  let next = 0;
  const planned = batch.map((item): Planned | Error => {
    const stale = staleRead(item, snap);
    if (stale) return stale;
    const results: Planned['results'] = [];
    const fresh: Planned['fresh'] = [];
    const mine = new Map<string, { e: CasualtyEvent; seq: number; offset: boolean }>();
    for (const e of item.events) {
      const old = mine.get(e.id) ?? seen.get(e.id);
      if (old) {
        if (!sameContent(old.e, e)) return new EventConflictError(e.id);
        results.push({ id: e.id, seq: old.seq, offset: old.offset, duplicate: true });
        continue;
      }
      const x = { e, seq: next + fresh.length, offset: true };
      mine.set(e.id, x);
      fresh.push({ e, offset: x.seq });
      results.push({ id: e.id, seq: x.seq, offset: true, duplicate: false });
    }
    for (const [id, x] of mine) seen.set(id, x);
    next += fresh.length;
    const summaries = new Map<string, Projection>();
    const groups = new Map<string, StoredEvent[]>();
    // Provisional seq 0: the fold does not read it; lastSeq is set once the numbers are allocated.
    for (const { e } of fresh) groups.set(e.casualtyId, [...(groups.get(e.casualtyId) ?? []), stamped(e, 0, item.now)]);
    for (const [cid, evs] of groups) {
      const prev = rows.get(cid) ?? snap.projections.get(cid) ?? null;
      let p = prev && !evs.some((e) => isIncidentStreamType(e.type)) ? forward(prev, evs, item.now) : null;
      if (!p) {
        const log = logOf.get(cid);
        if (!log) {
          need.add(cid);
          continue;
        }
        logOf.set(cid, [...log, ...evs]);
        if (isIncidentLog(logOf.get(cid)!)) continue; // an incident's own log has no casualty projection (issue 15)
        p = project(cid, logOf.get(cid)!, item.now);
      } else if (logOf.has(cid)) logOf.set(cid, [...logOf.get(cid)!, ...evs]);
      rows.set(cid, p);
      summaries.set(cid, p);
    }
    return { item, results, fresh, summaries };
  });
  return { planned, rows, need: [...need] };
}

/**
 * The first casualty the door read from memory that the memory no longer vouches for: its read is older than the
 * start of the run of last_seqs this process has seen unbroken (`since`), so another process may have written it
 * before the read. Without a `since` (forgotten), only a read equal to the committed row passes.
 */
function staleRead(item: QueuedAppend, snap: Snapshot): StaleReadError | null {
  for (const c of item.checks ?? []) {
    const since = snap.since.get(c.casualtyId) ?? snap.lastSeq.get(c.casualtyId) ?? -1;
    if (c.lastSeq < since) {
      appendCounters.staleReads++;
      return new StaleReadError(c.casualtyId);
    }
  }
  return null;
}

async function prepare(q: Query, batch: QueuedAppend[], parallel: boolean, since: ReadonlyMap<string, number>) {
  const snap = await snapshot(q, batch, parallel, since);
  let p = plan(batch, snap);
  if (p.need.length) {
    const r = await q(`SELECT ${EVENT_COLUMNS} FROM events WHERE casualty_id = ANY($1::text[]) ORDER BY seq`, [p.need]);
    for (const cid of p.need) snap.logs.set(cid, []);
    for (const row of r.rows as EventRow[]) snap.logs.get(row.casualty_id)!.push(rowToEvent(row));
    p = plan(batch, snap);
  }
  return { snap, ...p };
}

const lit = (v: string | number | null): string => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : pg.escapeLiteral(v));
const inList = (xs: string[]): string => (xs.length ? xs.map(lit).join(', ') : 'NULL');
const tuple = (vs: (string | number | null)[]): string => `(${vs.map(lit).join(', ')})`;

/** What this process learnt from its own commits: a guess the guard checks, never trusted unchecked. */
export interface AppendMemory {
  /** The projections this process last wrote, with their last_seq. */
  projections: Map<string, Projection>;
  /**
   * Per remembered casualty, the last_seq from which every later one is known to be this process's own commit (each
   * checked by the guard against the one before): set to the database's value whenever the memory learns a
   * last_seq from a read rather than from its own commit. A door read from memory at a last_seq below it may have
   * missed another process's write (StaleReadError).
   */
  since: Map<string, number>;
  /** Commits by path: guarded (one round trip), refused by the guard, through the lock. */
  counts: { guarded: number; refused: number; locked: number };
  /** This process's row of `append_durable` (migration 026): the mark it raises once its appends are flushed. */
  writer: string;
  /** The head this process's last guarded append left (-1: none yet): a locked head past it means another wrote. */
  lastHead: number;
  /** Until when (ms) appends are split (026): another process appended shortly before. */
  sharedUntil: number;
  /**
   * Until when (ms) appends are split although no other process appends (PostgresOptions.pipelineAlone, off by
   * default): this process's own writers are concurrent, so the head lock is released before the flush and its next
   * batch is written while this one's flush runs. Appends made one at a time never set it.
   */
  pipelinedUntil: number;
  /** Appends this process has sent in guarded CALLs not answered yet (its batches in flight number past its head). */
  sending: number;
  /** The appends and door reads from the database in flight: the LISTEN's catch-up waits for those it saw. */
  busy: Set<Promise<unknown>>;
}

/** How long after another process's append is seen this process keeps releasing the head lock before the flush. */
export const SHARED_MS = 2000;

/**
 * A guarded write refused because a touched casualty moved comes back with the rows that moved (learnt: the next
 * try folds from them, and a door read older than them is StaleReadError); this many tries, then the re-read and
 * the lock.
 */
const GUARDED_TRIES = 3;

/** Projections remembered at most (a few KB each); past it the memory starts again. */
const REMEMBERED = 4096;

export const appendMemory = (): AppendMemory => ({ projections: new Map(), since: new Map(), counts: { guarded: 0, refused: 0, locked: 0 }, writer: randomUUID(), lastHead: -1, sharedUntil: 0, pipelinedUntil: 0, sending: 0, busy: new Set() });

function forgetAllIfFull(memory: AppendMemory, adding: number): void {
  if (Math.max(memory.projections.size, memory.since.size) + adding <= REMEMBERED) return;
  memory.projections.clear();
  memory.since.clear();
}

/** Forget every remembered projection (and its `since`): the next door read of each goes to the database. */
export function forgetAll(memory: AppendMemory): void {
  memory.projections.clear();
  memory.since.clear();
}

/**
 * Another process appended to `cids` (null: it did not name them), the last at `head` (031's wake-up,
 * postgres-listen.ts): those rows of this memory are stale unless this process has written them since, so they are
 * forgotten, `since` with them — a door read of one from memory before this is then refused as stale (StaleReadError,
 * decided again) rather than checked against a row read afresh.
 */
export function forgetWritten(memory: AppendMemory, cids: readonly string[] | null, head: number): void {
  if (!cids) {
    appendCounters.forgotten += memory.projections.size;
    forgetAll(memory);
    return;
  }
  for (const c of cids) {
    if ((memory.projections.get(c)?.summary.lastSeq ?? -1) >= head) continue; // written here after that batch
    if (memory.projections.delete(c)) appendCounters.forgotten++;
    memory.since.delete(c);
  }
}

/**
 * The LISTEN's catch-up (postgres-listen.ts): `stored` holds the database's last_seq of the rows `asked` (those
 * remembered when it asked), read once the LISTEN was in effect, so another process's later write is heard; called
 * once the appends and reads in flight at its answer are done (an own commit the read saw is then remembered). A row
 * stays when the memory holds that last_seq or a later one (every write moves last_seq, so nobody wrote it between
 * the memory's row and the read, and a later write is heard); one that moved or is not stored is forgotten, with its
 * `since`. So is a row remembered since the question was asked (it may come from a read older than the LISTEN), and
 * a `since` with no row.
 */
export function forgetMoved(memory: AppendMemory, asked: readonly string[], stored: ReadonlyMap<string, number>): { kept: number; forgotten: number } {
  const vouched = new Set<string>();
  for (const c of asked) {
    const mine = memory.projections.get(c)?.summary.lastSeq;
    const theirs = stored.get(c);
    if (mine !== undefined && theirs !== undefined && mine >= theirs) vouched.add(c);
  }
  let forgotten = 0;
  for (const c of [...memory.projections.keys()]) if (!vouched.has(c)) {
    memory.projections.delete(c);
    forgotten++;
  }
  for (const c of [...memory.since.keys()]) if (!memory.projections.has(c)) memory.since.delete(c);
  return { kept: memory.projections.size, forgotten };
}

/** A projection read from the database (no lock): `since` restarts unless the memory held exactly this last_seq. */
function learn(memory: AppendMemory, cid: string, p: Projection | null, lastSeq: number): void {
  if (memory.projections.get(cid)?.summary.lastSeq !== lastSeq || !memory.since.has(cid)) memory.since.set(cid, lastSeq);
  if (p) memory.projections.set(cid, p);
  else memory.projections.delete(cid);
}

/** After a commit: the rows written, and `before`, the last_seqs the commit was checked against (guard or lock). */
function remember(memory: AppendMemory, rows: Map<string, Projection>, before: ReadonlyMap<string, number>): void {
  forgetAllIfFull(memory, rows.size);
  for (const [cid, p] of rows) {
    const b = before.get(cid) ?? -1;
    if (memory.projections.get(cid)?.summary.lastSeq !== b || !memory.since.has(cid)) memory.since.set(cid, b);
    memory.projections.set(cid, p);
  }
}

/**
 * The door's read of a casualty before an append (Store.casualtyToWrite): from memory when this process wrote or
 * read it last (checked at the append), else from the database, learnt for the append that follows.
 */
export async function writerRead(pool: Pool, memory: AppendMemory, id: string): Promise<{ summary: CasualtySummary | null; check: WriterRead | null }> {
  const known = memory.projections.get(id);
  if (known) {
    appendCounters.doorMemory++;
    return { summary: known.summary, check: { casualtyId: id, lastSeq: known.summary.lastSeq } };
  }
  appendCounters.doorReads++;
  return busy(memory, readAndLearn(pool, memory, id));
}

/** Counted in the memory's work in flight until it settles (what it learns is in the memory by then). */
async function busy<T>(memory: AppendMemory, work: Promise<T>): Promise<T> {
  memory.busy.add(work);
  try {
    return await work;
  } finally {
    memory.busy.delete(work);
  }
}

async function readAndLearn(pool: Pool, memory: AppendMemory, id: string): Promise<{ summary: CasualtySummary | null; check: null }> {
  const r = await pool.query(`SELECT ${SUMMARY_COLUMNS}, fold FROM casualties WHERE id = $1`, [id]);
  const row = r.rows[0] as (SummaryRow & { fold: FoldCursor | string | null }) | undefined;
  if (!row) return { summary: null, check: null };
  const summary = rowToSummary(row);
  const cursor = typeof row.fold === 'string' ? (JSON.parse(row.fold) as FoldCursor) : row.fold;
  // Only a row newer than the memory's is learnt: an own commit may have landed while this read was on the wire.
  if ((memory.projections.get(id)?.summary.lastSeq ?? -1) < summary.lastSeq) {
    forgetAllIfFull(memory, 1);
    learn(memory, id, cursor ? { summary, cursor } : null, summary.lastSeq);
  }
  return { summary, check: null };
}

const GUARD_REFUSED = 'GH001';

/**
 * What this process's append path did, counted since it started (the scale bench's server processes print them):
 * batches and appends committed, guarded writes refused (and of those, how many appends the door had read from a
 * memory that the refusal proved stale), re-reads of projections after a refusal, batches through the lock and its
 * retries, the door's reads of a casualty from memory or from the database, and rows forgotten because another
 * process wrote them (postgres-listen.ts).
 */
export const appendCounters = { batches: 0, appends: 0, guarded: 0, refused: 0, staleReads: 0, refreshes: 0, locked: 0, lockedRetries: 0, doorMemory: 0, doorReads: 0, split: 0, forgotten: 0 };

/** A projection row as the database holds it (SUMMARY_COLUMNS and fold), as a select or 026's refusal answers it. */
type ProjectionRow = SummaryRow & { fold: FoldCursor | string | null };
const rowProjection = (row: ProjectionRow): { summary: CasualtySummary; cursor: FoldCursor | null } => ({
  summary: rowToSummary(row),
  cursor: typeof row.fold === 'string' ? (JSON.parse(row.fold) as FoldCursor) : row.fold,
});

/**
 * The one-round-trip append, prepared from this process's memory of the touched projections (and a read of those it
 * does not remember), numbered by the database from the head it locks (migration 026 gh_append_durable: the lock is
 * released before the flush, the answer waits for it). `moved`: refused because a touched casualty moved; its rows
 * came back with the refusal and are learnt, so the next try folds from them. null when it cannot be used (a
 * casualty needing a refold it cannot read, an incident's log, nothing new) or an id is stored (GH001). Another
 * process writing OTHER casualties refuses nothing: the head is not guessed.
 */
async function guardedAppend(pool: Pool, batch: QueuedAppend[], memory: AppendMemory): Promise<(AppendResult | Error)[] | 'moved' | null> {
  if (batch.some((b) => b.events.some((e) => isIncidentStreamType(e.type)))) return null;
  const ids = [...new Set(batch.flatMap((b) => b.events.map((e) => e.id)))];
  const cids = [...new Set(batch.flatMap((b) => b.events.map((e) => e.casualtyId)))];
  const snap: Snapshot = { head: 0, known: new Map(), projections: new Map(), lastSeq: new Map(cids.map((c) => [c, -1])), logs: new Map(), since: memory.since };
  const unknown = cids.filter((c) => !memory.projections.has(c));
  for (const c of cids) {
    const p = memory.projections.get(c);
    if (p) {
      snap.projections.set(c, p);
      snap.lastSeq.set(c, p.summary.lastSeq);
    }
  }
  if (unknown.length) {
    const r = await pool.query(`SELECT ${SUMMARY_COLUMNS}, fold FROM casualties WHERE id = ANY($1::text[])`, [unknown]);
    for (const row of r.rows as ProjectionRow[]) {
      const { summary, cursor } = rowProjection(row);
      if (cursor) snap.projections.set(row.id, { summary, cursor });
      snap.lastSeq.set(row.id, summary.lastSeq);
    }
  }
  let { planned, rows, need } = plan(batch, snap);
  if (need.length) {
    // A late event, a correction or a new casualty refolds its log: read it without a lock — the guard's last_seq
    // check proves no event of that casualty was added since (every one moves its last_seq).
    const r = await pool.query(`SELECT ${EVENT_COLUMNS} FROM events WHERE casualty_id = ANY($1::text[]) ORDER BY seq`, [need]);
    for (const c of need) snap.logs.set(c, []);
    for (const row of r.rows as EventRow[]) snap.logs.get(row.casualty_id)!.push(rowToEvent(row));
    if (need.some((c) => snap.lastSeq.get(c) === -1 && snap.logs.get(c)!.length)) return null; // an incident's own log
    ({ planned, rows, need } = plan(batch, snap));
    if (need.length) return null;
  }
  // Every append refused before the write (a door read the memory proved stale): nothing to send.
  if (planned.every((x) => x instanceof Error)) return planned as Error[];
  const split = Date.now() < Math.max(memory.sharedUntil, memory.pipelinedUntil);
  if (split) appendCounters.split++;
  const sql = relativeWrite(planned, rows, { cids, lastSeqs: cids.map((c) => snap.lastSeq.get(c)!), ids }, memory.writer, split);
  if (!sql) return null;
  let answer: pg.QueryResult;
  try {
    // Named: each connection parses the CALL once and then only binds it (an unnamed statement was parsed again on
    // every append). A pooler in transaction mode must keep prepared statements per server connection (PgBouncer
    // 1.21+ max_prepared_statements).
    memory.sending += sql.total;
    answer = await pool.query({ name: 'gh_append_durable', text: sql.text, values: sql.values }).finally(() => (memory.sending -= sql.total));
  } catch (err) {
    if ((err as { code?: string }).code !== GUARD_REFUSED) throw err;
    for (const c of cids) memory.projections.delete(c);
    return null;
  }
  const at = answer.rows[0] as { head: string | null; moved: ProjectionRow[] | null };
  if (at.moved) {
    memory.sharedUntil = Date.now() + SHARED_MS; // another process wrote these casualties
    memory.counts.refused++;
    appendCounters.refused++;
    forgetAllIfFull(memory, at.moved.length);
    for (const row of at.moved) {
      const { summary, cursor } = rowProjection(row);
      learn(memory, row.id, cursor ? { summary, cursor } : null, summary.lastSeq);
    }
    return 'moved';
  }
  const head = Number(at.head);
  // Numbered past this process's last head: another process appended in between (its appends share the flushes).
  // With batches of its own in flight, a later one may be answered first: its own numbers in flight do not count.
  if (memory.lastHead >= 0 && head > memory.lastHead + memory.sending) memory.sharedUntil = Date.now() + SHARED_MS;
  memory.lastHead = Math.max(memory.lastHead, head + sql.total);
  sql.settle(head);
  memory.counts.guarded++;
  appendCounters.guarded++;
  remember(memory, rows, snap.lastSeq);
  return finish(planned, head, head + sql.total);
}

/** Append a batch of queued appends in one transaction; one result or error per append. */
export function appendBatch(pool: Pool, batch: QueuedAppend[], memory: AppendMemory = appendMemory()): Promise<(AppendResult | Error)[]> {
  return busy(memory, appendNow(pool, batch, memory));
}

async function appendNow(pool: Pool, batch: QueuedAppend[], memory: AppendMemory): Promise<(AppendResult | Error)[]> {
  appendCounters.batches++;
  appendCounters.appends += batch.length;
  // Refused because a casualty moved (another process wrote it since this one did): the refusal brought its row, so
  // the next try needs no read. An append whose door read that row from memory before it moved is StaleReadError.
  for (let tries = 0; tries < GUARDED_TRIES; tries++) {
    const done = await guardedAppend(pool, batch, memory);
    if (done === null) break;
    if (done !== 'moved') return done;
  }
  // Not usable yet, an id already stored, or refused again and again: read the touched projections afresh, without
  // a lock, and try again — twice, then through the lock. A batch holding a stored id goes to the lock (it answers
  // duplicates from what it reads there).
  for (let retry = 0; retry < 2; retry++) {
    if (!(await refresh(pool, batch, memory))) break;
    const again = await guardedAppend(pool, batch, memory);
    if (again !== null && again !== 'moved') return again;
  }
  return lockedAppend(pool, batch, memory);
}

/** One round trip: the touched projections and whether any id is stored. False: the lock is needed. */
async function refresh(pool: Pool, batch: QueuedAppend[], memory: AppendMemory): Promise<boolean> {
  appendCounters.refreshes++;
  const ids = [...new Set(batch.flatMap((b) => b.events.map((e) => e.id)))];
  const cids = [...new Set(batch.flatMap((b) => b.events.map((e) => e.casualtyId)))];
  const r = (await pool.query(
    `SELECT ${SUMMARY_COLUMNS}, fold FROM casualties WHERE id IN (${inList(cids)});
     SELECT id FROM events WHERE id IN (${inList(ids)}) LIMIT 1`,
  )) as unknown as pg.QueryResult[];
  const found = new Set<string>();
  forgetAllIfFull(memory, cids.length);
  for (const row of r[0]!.rows as ProjectionRow[]) {
    const { summary, cursor } = rowProjection(row);
    learn(memory, row.id, cursor ? { summary, cursor } : null, summary.lastSeq);
    found.add(row.id);
  }
  for (const c of cids) if (!found.has(c)) learn(memory, c, null, -1);
  return r[1]!.rows.length === 0;
}

/** Steps 2–4: prepare, lock and check, write; the memory is refreshed from what the lock showed. */
async function lockedAppend(pool: Pool, batch: QueuedAppend[], memory: AppendMemory): Promise<(AppendResult | Error)[]> {
  const poolQuery: Query = (sql, params) => pool.query(sql, params);
  for (let attempt = 1; ; attempt++) {
    const underLock = attempt >= 3;
    let prepared = underLock ? null : await prepare(poolQuery, batch, true, memory.since);
    const total = prepared ? prepared.planned.reduce((n, x) => n + (x instanceof Error ? 0 : x.fresh.length), 0) : 1;
    if (prepared && total === 0) return finish(prepared.planned, prepared.snap.head, null);
    const c = await pool.connect();
    let open = false;
    try {
      const ids = [...new Set(batch.flatMap((b) => b.events.map((e) => e.id)))];
      const cids = [...new Set(batch.flatMap((b) => b.events.map((e) => e.casualtyId)))];
      open = true;
      const locked = (await c.query(
        `BEGIN; SELECT e.seq, a.seq AS aseq, a.hash AS ahash FROM event_head e, log_audit_head a WHERE e.one FOR UPDATE OF e, a;
         SELECT id, last_seq FROM casualties WHERE id IN (${inList(cids)});
         SELECT id FROM events WHERE id IN (${inList(ids)})`,
      )) as unknown as pg.QueryResult[];
      const heads = locked[1]!.rows[0] as { seq: string; aseq: string; ahash: string };
      if (underLock) prepared = await prepare((sql, params) => c.query(sql, params), batch, false, memory.since);
      else if (!unchanged(prepared!.snap, locked[2]!.rows as { id: string; last_seq: string }[], locked[3]!.rows as { id: string }[])) {
        await c.query('ROLLBACK');
        open = false;
        appendCounters.lockedRetries++;
        continue; // another process wrote to these casualties in between: prepare again
      }
      const { planned, rows } = prepared!;
      const head = Number(heads.seq);
      const auditHead = { seq: Number(heads.aseq), hash: heads.ahash };
      const sql = writeSql(planned, rows, head, auditHead);
      if (!sql) {
        await c.query('ROLLBACK');
        open = false;
        return finish(planned, head, null);
      }
      await c.query(`${sql.text};\n  ${announce(String(sql.newHead))};\n  COMMIT`);
      open = false;
      memory.counts.locked++;
      appendCounters.locked++;
      remember(memory, rows, prepared!.snap.lastSeq);
      return finish(planned, head, sql.newHead);
    } catch (err) {
      if (open) await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  }
}

function unchanged(snap: Snapshot, rows: { id: string; last_seq: string }[], ids: { id: string }[]): boolean {
  const now = new Map(rows.map((r) => [r.id, Number(r.last_seq)]));
  for (const [cid, seq] of snap.lastSeq) if ((now.get(cid) ?? -1) !== seq) return false;
  return ids.every((r) => snap.known.has(r.id));
}

/** The write as one simple-protocol query (no COMMIT: the caller ends it); null when nothing is new. */
function writeSql(planned: (Planned | Error)[], rows: Map<string, Projection>, head: number, auditHead: { seq: number; hash: string }) {
  const events: string[] = [];
  const audits: string[] = [];
  const lastSeq = new Map<string, number>();
  let ahead = auditHead;
  for (const x of planned) {
    if (x instanceof Error || x.fresh.length === 0) continue;
    const stored = x.fresh.map(({ e, offset }) => ({ e, seq: head + 1 + offset }));
    for (const { e, seq } of stored) {
      events.push(tuple([seq, e.id, e.casualtyId, e.type, e.at, e.recordedAt, e.deviceId, e.author, e.hlc ?? null, JSON.stringify(e.payload), x.item.now, e.clock ? JSON.stringify(e.clock) : null]));
      lastSeq.set(e.casualtyId, seq); // seq grows through the batch
    }
    const entry = nextLogAudit(ahead, stored, x.item.audit, x.item.now);
    audits.push(tuple(logAuditValues(entry)));
    ahead = { seq: entry.seq, hash: entry.hash };
    // Each append answers its casualties as they were after it (numbers now known).
    for (const [cid, p] of x.summaries) p.summary = { ...p.summary, lastSeq: lastSeq.get(cid) ?? p.summary.lastSeq };
  }
  if (!events.length) return null;
  for (const [cid, p] of rows) p.summary = { ...p.summary, lastSeq: Math.max(p.summary.lastSeq, lastSeq.get(cid) ?? 0) };
  const casualties = [...rows.values()].map((p) => {
    const { values, keys } = projectionRow(p.summary);
    return tuple([...values, JSON.stringify(p.cursor), keys.derived, keys.plan]);
  });
  const newHead = head + events.length;
  // An incident's own log writes events but no projection row.
  const projections = projectionUpsert(casualties, 'ls', '');
  const text = `INSERT INTO events (seq, id, casualty_id, type, at, recorded_at, device_id, author, hlc, payload, received_at, clock)
    SELECT s, i, c, t, a, r, d, au, h, p::json, rc, k::json FROM (VALUES ${events.join(', ')}) AS x(s, i, c, t, a, r, d, au, h, p, rc, k);
  UPDATE event_head SET seq = ${newHead} WHERE one;
  INSERT INTO log_audit (${LOG_AUDIT_COLUMNS}) VALUES ${audits.join(', ')};
  UPDATE log_audit_head SET seq = ${ahead.seq}, hash = ${lit(ahead.hash)} WHERE one;
${casualties.length ? projections : ''}`;
  return { text: text.trimEnd().replace(/;$/, ''), newHead, auditHead: ahead };
}

/** The live bus's wake-up, sent in the append's transaction: delivered at COMMIT, with no round trip of its own. */
const announce = (head: string): string => `SELECT pg_notify(${lit(PG_LIVE_CHANNEL)}, json_build_object('type', 'appended', 'head', ${head})::text)`;

/**
 * The projection rows' upsert; `lastSeq` is the SQL of each row's last_seq from its value `ls` (with `from` joined:
 * the locked head, on the head-relative path).
 */
function projectionUpsert(casualties: string[], lastSeq: string, from: string): string {
  return `  INSERT INTO casualties (${SUMMARY_COLUMNS}, fold, derived_key, plan_key)
    SELECT i, st, p, t, u, f, d, v, au::json, inj, ${lastSeq}, up, sj::json, ii, fo::json, dk, pk
    FROM (VALUES ${casualties.join(', ')}) AS x(i, st, p, t, u, f, d, v, au, inj, ls, up, sj, ii, fo, dk, pk)${from}
    ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, precedence = excluded.precedence, triage = excluded.triage,
      unit_id = excluded.unit_id, facility_id = excluded.facility_id, destination_id = excluded.destination_id,
      vehicle_id = excluded.vehicle_id, authors = excluded.authors, injured_at = excluded.injured_at,
      last_seq = excluded.last_seq, updated_at = excluded.updated_at, state = excluded.state, incident_id = excluded.incident_id,
      fold = excluded.fold, derived_key = excluded.derived_key, plan_key = excluded.plan_key;`;
}


/**
 * The canonical body of an append's audit entry (as `logAuditHash` hashes it) cut where the sequence numbers go:
 * `pre`, then per event `[before, offset, after]` (its seq is head + offset), then `],"seq":<audit seq>}`.
 * The database fills in the numbers under the lock (gh_append_at_head); the cut is property-tested against
 * `nextLogAudit`.
 */
export function auditTemplate(stored: { e: CasualtyEvent; offset: number }[], audit: QueuedAppend['audit'], now: string) {
  const fields = { action: audit?.action ?? 'append', actor: audit?.actor ?? 'unknown', at: now, detail: audit?.detail ?? {}, deviceId: audit?.deviceId ?? null };
  const pre = `{${Object.entries(fields).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')},"events":[`;
  const ev = stored.map(({ e, offset }): [string, number, string] => [`[${JSON.stringify(e.id)},`, offset, `,${JSON.stringify(eventHash(e))}]`]);
  return { pre, ev, row: { at: now, actor: fields.actor, device: fields.deviceId, action: fields.action, detail: JSON.stringify(fields.detail) } };
}

/**
 * One row for json_to_recordset: keys and values. The JSON columns (`raw`: their values are JSON text already) are
 * embedded as JSON, not as a string holding JSON (migration 026): PostgreSQL keeps a json-typed field's text as
 * written instead of unescaping a ~3 KB string and parsing it again, and Node does not escape it a second time. Its
 * parser refuses a \u0000 escape there, so a value holding one goes as a string under `<key>t` (as 025 sent all).
 */
const jsonRow = (keys: readonly string[], values: readonly (string | number | null)[], raw: ReadonlySet<string>): string =>
  `{${keys
    .map((k, i) => {
      const v = values[i] ?? null;
      if (!raw.has(k) || v === null) return `"${k}":${JSON.stringify(v)}`;
      return String(v).includes('\\u0000') ? `"${k}t":${JSON.stringify(v)}` : `"${k}":${v}`;
    })
    .join(',')}}`;
const EVENT_KEYS = ['o', 'i', 'c', 't', 'a', 'r', 'd', 'au', 'hl', 'p', 'rc', 'k'];
const EVENT_JSON = new Set(['p', 'k']);
const ROW_KEYS = ['i', 'st', 'p', 't', 'u', 'f', 'd', 'v', 'au', 'inj', 'ls', 'up', 'sj', 'ii', 'fo', 'dk', 'pk'];
const ROW_JSON = new Set(['au', 'sj', 'fo']);

/**
 * The head-relative write (no head guessed) as one statement with bound parameters (migration 025
 * gh_append_batch): gh_append_at_head locks the heads, refuses if a touched casualty's last_seq moved or an id is
 * stored, writes the audit entries; the events and projections are numbered from the locked head in the same
 * implicit transaction. `settle(head)` gives the summaries their numbers once it answers.
 */
function relativeWrite(planned: (Planned | Error)[], rows: Map<string, Projection>, guard: { cids: string[]; lastSeqs: number[]; ids: string[] }, writer: string, split: boolean) {
  const events: string[] = [];
  const audits: ReturnType<typeof auditTemplate>[] = [];
  const lastOffset = new Map<string, number>();
  for (const x of planned) {
    if (x instanceof Error || x.fresh.length === 0) continue;
    const stored = x.fresh.map(({ e, offset }) => ({ e, offset: offset + 1 }));
    for (const { e, offset } of stored) {
      events.push(jsonRow(EVENT_KEYS, [offset, e.id, e.casualtyId, e.type, e.at, e.recordedAt, e.deviceId, e.author, e.hlc ?? null, JSON.stringify(e.payload), x.item.now, e.clock ? JSON.stringify(e.clock) : null], EVENT_JSON));
      lastOffset.set(e.casualtyId, offset);
    }
    audits.push(auditTemplate(stored, x.item.audit, x.item.now));
  }
  if (!events.length) return null;
  const casualties = [...rows].map(([cid, p]) => {
    const { values, keys } = projectionRow({ ...p.summary, lastSeq: lastOffset.get(cid) ?? 0 });
    return jsonRow(ROW_KEYS, [...values, JSON.stringify(p.cursor), keys.derived, keys.plan], ROW_JSON);
  });
  const text = 'CALL gh_append_durable($1, $2, $3::text[], $4::bigint[], $5::text[], $6::json, $7::json, $8::json, $9)';
  const values = [writer, split, guard.cids, guard.lastSeqs, guard.ids, JSON.stringify(audits), `[${events.join(',')}]`, `[${casualties.join(',')}]`, PG_LIVE_CHANNEL];
  const settle = (head: number) => {
    // Each append answers its casualties as they were after it; the remembered rows as they are after the batch.
    const upTo = new Map<string, number>();
    for (const x of planned) {
      if (x instanceof Error) continue;
      for (const { e, offset } of x.fresh) upTo.set(e.casualtyId, head + 1 + offset);
      for (const [cid, p] of x.summaries) p.summary = { ...p.summary, lastSeq: upTo.get(cid) ?? p.summary.lastSeq };
    }
    for (const [cid, p] of rows) p.summary = { ...p.summary, lastSeq: Math.max(p.summary.lastSeq, upTo.get(cid) ?? 0) };
  };
  return { text, values, total: events.length, settle };
}

function finish(planned: (Planned | Error)[], head: number, newHead: number | null): (AppendResult | Error)[] {
  let seen = head;
  return planned.map((x) => {
    if (x instanceof Error) return x;
    const results = x.results.map((r) => ({ id: r.id, seq: r.offset ? head + 1 + r.seq : r.seq, duplicate: r.duplicate }));
    const accepted = x.fresh.length;
    if (accepted) seen = Math.max(seen, ...results.filter((r) => !r.duplicate).map((r) => r.seq));
    const summaries: CasualtySummary[] = [...x.summaries.values()].map((p) => p.summary);
    return { results, accepted, duplicates: x.item.events.length - accepted, head: newHead === null ? head : seen, summaries };
  });
}
