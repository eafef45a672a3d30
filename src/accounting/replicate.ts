// The claims ledger replicated between servers (a field box and its rear), the way the casualty log is: each server
// pages its own history by its own numbers (cursors, never clocks), every entry keeps the id it was given where it was
// written (a re-sent or echoed entry is a duplicate), and what is here is never overwritten. Rules, in docs/accounting.md:
// - a claim is created once; the same id with other content is a conflict, kept beside the claim, never applied;
// - a status or grade entry moves the claim only from the value it moved it from where it was written (or agrees
//   with where it already is); otherwise it is a conflict, kept for a person, and the claim stays as it is here;
// - a move to `verified` passes the same rule here as where it was made (evidence held here, four eyes), so a claim
//   is never verified on a server that does not hold the evidence for it;
// - evidence and linked casualties accumulate (the casualties are ids only: each server counts what it recorded);
// - claims imported from the shipped datasets are not sent (each server imports them itself, ids from the source rows);
//   changes made to them are, and wait as set aside where that claim is not imported yet.
import { createHash } from 'node:crypto';
import { canonical } from '../core/index.ts';
import { KeptWhy, keptWhyText, statusDenialWhy } from '../core/claims.ts';
import type { Claim, ClaimsPullPage, ClaimsPushAck, NewClaim, ReplicatedEntry, ReplicatedEvidence, SyncConflict, SyncOutcome } from '../core/claims.ts';
import type { Db, Param } from './db.ts';
import { CLAIM_COLUMNS, CLAIM_PLACEHOLDERS, HISTORY_COLUMNS, LedgerError, chainHistory, claimValues, history, lockHistory, rowToClaim } from './ledger.ts';

type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const json = (v: unknown): Record<string, unknown> => (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>;
/** At most this many archive bytes per page (an archive is up to 1 MiB): pages stay well under the body limit. */
const PAGE_ARCHIVE_BYTES = 6 * 1024 * 1024;

/** A stored claim as it was entered: what its `created` entry carries. */
export function claimContent(c: Claim): NewClaim {
  const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
  const place = c.place.name !== null || c.place.lat !== null || c.place.lon !== null || c.place.radiusM !== null || c.place.precision !== 'unknown'
    ? { name: opt(c.place.name), lat: opt(c.place.lat), lon: opt(c.place.lon), radiusM: opt(c.place.radiusM), precision: c.place.precision as NonNullable<NewClaim['place']>['precision'] }
    : undefined;
  const out: Record<string, unknown> = {
    id: c.id, claimant: c.claimant, claimantSide: c.claimantSide, subjectSide: c.subjectSide, kind: c.kind, category: c.category,
    sourceCategory: opt(c.sourceCategory), value: c.value, valueKind: c.valueKind, low: opt(c.low), high: opt(c.high),
    qualifier: opt(c.qualifier), periodStart: opt(c.periodStart), periodEnd: c.periodEnd, place, publishedAt: opt(c.publishedAt),
    sourceUrl: opt(c.sourceUrl), summary: opt(c.summary), supersedes: opt(c.supersedes), corrects: opt(c.corrects),
  };
  // Drop what is absent (and the place's absent fields) so two servers' copies compare equal as canonical JSON.
  const clean = (o: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => [k, v && typeof v === 'object' ? clean(v as Record<string, unknown>) : v]));
  return clean(out) as NewClaim;
}

const sameContent = (a: NewClaim, b: NewClaim): boolean => canonical(claimContent(asClaim(a))) === canonical(claimContent(asClaim(b)));
/** A claim's content as the row it would be stored as (so both sides normalise the same way). */
const asClaim = (c: NewClaim): Claim => {
  const cols = CLAIM_COLUMNS.split(',').map((s) => s.trim());
  const vals = claimValues(c, c.id ?? '', '', '', null);
  return rowToClaim(Object.fromEntries(cols.map((k, i) => [k, vals[i]])));
};

async function evidenceRow(db: Db, id: string): Promise<ReplicatedEvidence | null> {
  const [r] = await db.all<Row>(
    'SELECT id, url, sha256, archive, media_type, file_name, first_seen, kind, note, reliability, credibility, added_by, added_at FROM claim_evidence WHERE id = ?', [id],
  );
  if (!r) return null;
  const archive = r.archive as Uint8Array | null;
  return {
    id: String(r.id), url: str(r.url), sha256: str(r.sha256), archiveBase64: archive ? Buffer.from(archive).toString('base64') : null,
    mediaType: str(r.media_type), fileName: str(r.file_name), firstSeen: String(r.first_seen), kind: String(r.kind), note: str(r.note),
    reliability: str(r.reliability) as ReplicatedEvidence['reliability'], credibility: r.credibility === null ? null : Number(r.credibility),
    addedBy: String(r.added_by), addedAt: String(r.added_at),
  };
}

/** One page of this server's history after `after` (its own numbers), each entry with what another server needs to apply it. */
export async function entriesAfter(db: Db, after: number, limit: number): Promise<ClaimsPullPage> {
  const rows = await db.all<Row>(
    `SELECT h.seq, h.id, h.claim_id, h.at, h.actor, h.action, h.reason, h.detail, c.dataset FROM claim_history h
     LEFT JOIN claims c ON c.id = h.claim_id WHERE h.seq > ? ORDER BY h.seq LIMIT ?`, [after, limit],
  );
  const [head] = await db.all<{ n: number | null }>('SELECT max(seq) AS n FROM claim_history');
  const entries: ReplicatedEntry[] = [];
  let next = after;
  let bytes = 0;
  for (const r of rows) {
    const detail = json(r.detail);
    const base = { id: str(r.id) ?? `seq-${String(r.seq)}`, claimId: String(r.claim_id), at: String(r.at), actor: String(r.actor), action: r.action as ReplicatedEntry['action'], reason: str(r.reason), detail };
    if (base.action === 'created') {
      if (r.dataset === null || r.dataset === undefined) {
        const [c] = await db.all<Row>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE id = ?`, [base.claimId]);
        if (c) entries.push({ ...base, claim: claimContent(rowToClaim(c)) });
      }
    } else if (base.action === 'evidence' && typeof detail.evidence === 'string') {
      const evidence = await evidenceRow(db, detail.evidence);
      const size = evidence?.archiveBase64?.length ?? 0;
      if (entries.length && bytes + size > PAGE_ARCHIVE_BYTES) break; // the rest on the next page
      bytes += size;
      entries.push(evidence ? { ...base, evidence } : base);
    } else entries.push(base);
    next = Number(r.seq);
  }
  return { after, entries, next, head: Number(head?.n ?? 0) };
}

type Outcome = { id: string; outcome: SyncOutcome; reason?: string };
interface Applied {
  claimId: string;
  row: { seq: number; claim_id: string; at: string; actor: string; action: string; reason: string | null; detail: unknown };
}

/** Keep an entry that is not applied as it stands (duplicate, conflict, set aside), so it is seen once and shown. */
async function keepEntry(t: Db, e: ReplicatedEntry, peer: string, now: string, outcome: Exclude<SyncOutcome, 'applied'>, why: KeptWhy, order = 0): Promise<Outcome> {
  const reason = keptWhyText(why);
  const { evidence, ...rest } = e;
  // The archived bytes stay out of a kept conflict or duplicate (its hash is in the detail); an entry set aside keeps
  // them, to be applied whole when it is retried.
  const entry = evidence && outcome !== 'set-aside' ? { ...rest, evidence: { ...evidence, archiveBase64: null } } : e;
  await t.run('INSERT INTO claim_sync_seen (entry_id, claim_id, peer, outcome, reason, entry, at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (entry_id) DO NOTHING',
    // keptOrder: the entry's place in the batch it came in (the writer's order), for a retry of entries of one instant.
    [e.id, e.claimId, peer, outcome, reason, JSON.stringify({ ...entry, keptOrder: order, keptWhy: why }), now]);
  return { id: e.id, outcome, reason };
}

/** Record a replicated entry in this server's history under its own id (numbered here, chained by the caller). */
async function record(t: Db, e: ReplicatedEntry, peer: string, applied: Applied[]): Promise<Outcome> {
  await lockHistory(t);
  const [row] = await t.all<Applied['row']>(
    `INSERT INTO claim_history (id, claim_id, at, actor, action, reason, detail, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${HISTORY_COLUMNS}`,
    [e.id, e.claimId, e.at, e.actor, e.action, e.reason, JSON.stringify(e.detail), peer],
  );
  applied.push({ claimId: e.claimId, row: row! });
  return { id: e.id, outcome: 'applied' };
}

const gradeOf = (r: Row): string | null => (r.reliability ? `${String(r.reliability)}${String(r.credibility)}` : null);

async function applyOne(t: Db, e: ReplicatedEntry, peer: string, now: string, applied: Applied[], order = 0): Promise<Outcome> {
  const keep = (tt: Db, x: ReplicatedEntry, p: string, n: string, outcome: Exclude<SyncOutcome, 'applied'>, code: KeptWhy['code'], values: Record<string, string> = {}) =>
    keepEntry(tt, x, p, n, outcome, { code, values }, order);
  const [seen] = await t.all<{ x: number }>('SELECT 1 AS x FROM claim_history WHERE id = ? UNION ALL SELECT 1 AS x FROM claim_sync_seen WHERE entry_id = ?', [e.id, e.id]);
  if (seen) return { id: e.id, outcome: 'duplicate' };
  const [local] = await t.all<Row>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE id = ?${t.kind === 'postgres' ? ' FOR UPDATE' : ''}`, [e.claimId]);
  if (e.action === 'created') {
    if (!e.claim || (e.claim.id ?? e.claimId) !== e.claimId) return keep(t, e, peer, now, 'set-aside', 'created-without-claim');
    if (local) {
      return sameContent(claimContent(rowToClaim(local)), e.claim)
        ? keep(t, e, peer, now, 'duplicate', 'same-claim')
        : keep(t, e, peer, now, 'conflict', 'other-content', { claim: e.claimId });
    }
    await t.run(`INSERT INTO claims (${CLAIM_COLUMNS}) VALUES ${CLAIM_PLACEHOLDERS}`, claimValues(e.claim, e.claimId, e.actor, e.at, null));
    return record(t, e, peer, applied);
  }
  if (!local) return keep(t, e, peer, now, 'set-aside', 'not-held', { claim: e.claimId });
  const from = str(e.detail.from);
  const to = str(e.detail.to);
  if (e.action === 'status') {
    const here = String(local.status);
    if (here === to) return record(t, e, peer, applied); // the same move was made here too: agreed
    const [ev] = await t.all<{ n: number }>('SELECT count(*) AS n FROM claim_evidence WHERE claim_id = ?', [e.claimId]);
    const why: KeptWhy | null = here !== from
      ? { code: 'status-moved', values: { here, from: from ?? '', to: to ?? '' } }
      : statusDenialWhy(here as Claim['status'], to as Claim['status'], { evidenceCount: Number(ev?.n ?? 0), actor: e.actor, createdBy: String(local.created_by) });
    if (why) return keep(t, e, peer, now, 'conflict', why.code, why.values);
    await t.run('UPDATE claims SET status = ?, updated_at = ? WHERE id = ?', [to, e.at, e.claimId]);
    return record(t, e, peer, applied);
  }
  if (e.action === 'grade') {
    const here = gradeOf(local);
    if (here === to) return record(t, e, peer, applied);
    if (here !== from || !to || !/^[A-F][1-6]$/.test(to)) return keep(t, e, peer, now, 'conflict', 'grade-moved', { here: here ?? '', from: from ?? '', to: to ?? '' });
    await t.run('UPDATE claims SET reliability = ?, credibility = ?, updated_at = ? WHERE id = ?', [to[0]!, Number(to[1]), e.at, e.claimId]);
    return record(t, e, peer, applied);
  }
  if (e.action === 'evidence') {
    const v = e.evidence;
    if (!v) return keep(t, e, peer, now, 'set-aside', 'evidence-missing');
    const bytes = v.archiveBase64 !== null ? Buffer.from(v.archiveBase64, 'base64') : null;
    if (bytes && createHash('sha256').update(bytes).digest('hex') !== v.sha256)
      return keep(t, e, peer, now, 'conflict', 'evidence-hash');
    await t.run(
      `INSERT INTO claim_evidence (id, claim_id, url, sha256, archive, media_type, file_name, first_seen, kind, note, reliability, credibility, added_by, added_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      [v.id, e.claimId, v.url, v.sha256, bytes, v.mediaType, v.fileName, v.firstSeen, v.kind, v.note, v.reliability, v.credibility, v.addedBy, v.addedAt] as Param[],
    );
    return record(t, e, peer, applied);
  }
  if (e.action === 'settled') {
    // A conflict settled where it was kept; where the same entry is kept here too, it is settled here as well.
    if (typeof e.detail.entry === 'string')
      await t.run('UPDATE claim_sync_seen SET settled_by = ?, settled_at = ?, settled_reason = ? WHERE entry_id = ? AND claim_id = ? AND settled_by IS NULL',
        [e.actor, e.at, e.reason ?? '', e.detail.entry, e.claimId]);
    return record(t, e, peer, applied);
  }
  // link: casualty ids only (each server counts what it recorded itself).
  const ids = Array.isArray(e.detail.casualties) ? e.detail.casualties.filter((x): x is string => typeof x === 'string') : [];
  for (const cid of ids)
    await t.run('INSERT INTO claim_casualties (claim_id, casualty_id, linked_by, linked_at) VALUES (?, ?, ?, ?) ON CONFLICT (claim_id, casualty_id) DO NOTHING', [e.claimId, cid, e.actor, e.at]);
  return record(t, e, peer, applied);
}

/**
 * Apply entries received from `peer`, in their order, in one transaction with one entry of the claims audit chain
 * for everything applied. Idempotent by entry id. Returns each entry's outcome and the claims that changed.
 */
export async function applyEntries(db: Db, entries: readonly ReplicatedEntry[], peer: string, now: string): Promise<{ results: Outcome[]; changed: string[] }> {
  return db.tx(async (t) => {
    const applied: Applied[] = [];
    const results: Outcome[] = [];
    for (const [i, e] of entries.entries()) results.push(await applyOne(t, e, peer, now, applied, i));
    if (applied.length) await chainHistory(t, applied.map((a) => a.row), `claims replicated from ${peer}`.slice(0, 200), now);
    return { results, changed: [...new Set(applied.map((a) => a.claimId))] };
  });
}

const SEEN_COLUMNS = 'entry_id, peer, outcome, reason, at, entry, settled_by, settled_at, settled_reason';
function seenToConflict(r: Row): SyncConflict {
  const e = json(r.entry);
  return {
    entryId: String(r.entry_id), peer: String(r.peer), outcome: String(r.outcome), reason: str(r.reason), at: String(r.at), action: String(e.action), actor: String(e.actor),
    why: KeptWhy.safeParse(e.keptWhy).data ?? null,
    settled: r.settled_by === null || r.settled_by === undefined ? null : { by: String(r.settled_by), at: String(r.settled_at), reason: String(r.settled_reason ?? '') },
  };
}

/** Replicated entries of a claim that were not applied here (conflicts, set aside), for a person to see. */
export async function syncConflicts(db: Db, claimId: string): Promise<SyncConflict[]> {
  const rows = await db.all<Row>(`SELECT ${SEEN_COLUMNS} FROM claim_sync_seen WHERE claim_id = ? AND outcome <> 'duplicate' ORDER BY at, entry_id`, [claimId]);
  return rows.map(seenToConflict);
}

/**
 * Mark a kept conflict settled: who, when and why on the kept entry, and a 'settled' entry in the claim's history in
 * the same transaction (chained in the claims audit, and replicated to the other servers like any entry).
 */
export async function settleConflict(db: Db, claimId: string, entryId: string, reason: string, actor: string, now: string): Promise<SyncConflict> {
  return db.tx(async (t) => {
    const [r] = await t.all<Row>(`SELECT ${SEEN_COLUMNS} FROM claim_sync_seen WHERE entry_id = ? AND claim_id = ?${t.kind === 'postgres' ? ' FOR UPDATE' : ''}`, [entryId, claimId]);
    if (!r || r.outcome !== 'conflict') throw new LedgerError('not_found', `no kept conflict ${entryId} on claim ${claimId}`);
    if (r.settled_by !== null && r.settled_by !== undefined) throw new LedgerError('conflict', `conflict ${entryId} was settled by ${String(r.settled_by)} at ${String(r.settled_at)}`);
    await t.run('UPDATE claim_sync_seen SET settled_by = ?, settled_at = ?, settled_reason = ? WHERE entry_id = ?', [actor, now, reason, entryId]);
    await history(t, claimId, actor, now, 'settled', reason, { entry: entryId, peer: String(r.peer), action: String(json(r.entry).action) });
    return seenToConflict({ ...r, settled_by: actor, settled_at: now, settled_reason: reason });
  });
}

/**
 * Entries set aside because their claim was not held here, whose claim is held now (created by a later entry, or
 * imported since): applied again, in the order they were written, in one transaction. Returns the outcomes.
 */
export async function retrySetAside(db: Db, now: string): Promise<{ results: Outcome[]; changed: string[] }> {
  // A created entry without its claim, or evidence without its evidence, would only be set aside again: not read.
  const never = [keptWhyText({ code: 'created-without-claim', values: {} }), keptWhyText({ code: 'evidence-missing', values: {} })];
  const rows = await db.all<Row>(
    `SELECT s.entry_id, s.peer, s.entry, s.at FROM claim_sync_seen s JOIN claims c ON c.id = s.claim_id
     WHERE s.outcome = 'set-aside' AND s.reason NOT IN (?, ?)`, never,
  );
  const cmp = (x: string | number, y: string | number): number => (x < y ? -1 : x > y ? 1 : 0);
  const waiting = rows
    .map((r) => {
      const { keptOrder, keptWhy: _why, ...entry } = json(r.entry);
      return { peer: String(r.peer), kept: String(r.at), order: Number(keptOrder ?? 0), entry: entry as unknown as ReplicatedEntry };
    })
    // The writer's order: its time, then when and where in its batch each was kept here.
    .sort((a, b) => cmp(a.entry.at, b.entry.at) || cmp(a.kept, b.kept) || cmp(a.order, b.order));
  if (!waiting.length) return { results: [], changed: [] };
  return db.tx(async (t) => {
    const applied: Applied[] = [];
    const results: Outcome[] = [];
    for (const { peer, entry } of waiting) {
      await t.run("DELETE FROM claim_sync_seen WHERE entry_id = ? AND outcome = 'set-aside'", [entry.id]);
      results.push(await applyOne(t, entry, peer, now, applied));
    }
    if (applied.length) await chainHistory(t, applied.map((a) => a.row), 'claims set aside, retried', now);
    return { results, changed: [...new Set(applied.map((a) => a.claimId))] };
  });
}

// ---------------------------------------------------------------- the other side, over HTTP

export interface ClaimsRemote {
  readonly id: string;
  pull(after: number, limit: number): Promise<ClaimsPullPage>;
  push(entries: ReplicatedEntry[]): Promise<ClaimsPushAck>;
}

/** Cursors per peer (the trust database's sync_peers in production; the casualty log's cursors use other keys). */
export interface ClaimsCursors {
  load(peer: string): Promise<{ pushed: number; pulled: number }>;
  save(peer: string, c: { pushed: number; pulled: number }): Promise<void>;
}

export function httpClaimsRemote(baseUrl: string, token: string | undefined, timeoutMs = 30_000): ClaimsRemote {
  const base = baseUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const call = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    if (res.status !== 200) throw Object.assign(new Error(`${path} at ${base}: HTTP ${res.status} ${text.slice(0, 300)}`), { status: res.status });
    return JSON.parse(text) as T;
  };
  return {
    id: base,
    pull: (after, limit) => call<ClaimsPullPage>(`/api/sync/claims/pull?after=${after}&limit=${limit}`),
    push: (entries) => call<ClaimsPushAck>('/api/sync/claims/push', { entries }),
  };
}

export interface ClaimsSyncReport {
  sent: number;
  received: number;
  applied: number;
  conflicts: number;
  /** Entries set aside in an earlier round, applied in this one (their claim is held now). */
  retried: number;
  changed: string[];
}

/**
 * One round with a peer: push our history after our push cursor (moved only over what the peer acknowledged), then
 * pull theirs after our pull cursor (moved only when the answer continues from where we are).
 */
export async function syncClaims(db: Db, remote: ClaimsRemote, cursors: ClaimsCursors, now: () => string, batch = 100): Promise<ClaimsSyncReport> {
  const key = `claims ${remote.id}`;
  let cur = await cursors.load(key);
  const report: ClaimsSyncReport = { sent: 0, received: 0, applied: 0, conflicts: 0, retried: 0, changed: [] };
  for (;;) {
    const page = await entriesAfter(db, cur.pushed, batch);
    if (page.entries.length) {
      const ack = await remote.push(page.entries);
      const acked = new Set(ack.results.map((r) => r.id));
      if (!page.entries.every((e) => acked.has(e.id))) throw new Error(`${remote.id} did not acknowledge the whole batch`);
      report.sent += page.entries.length;
    }
    if (page.next <= cur.pushed) break;
    cur = { ...cur, pushed: page.next };
    await cursors.save(key, cur);
    if (page.next >= page.head) break;
  }
  for (;;) {
    const page = await remote.pull(cur.pulled, batch);
    if (page.entries.length) {
      const r = await applyEntries(db, page.entries, remote.id, now());
      report.received += page.entries.length;
      report.applied += r.results.filter((x) => x.outcome === 'applied').length;
      report.conflicts += r.results.filter((x) => x.outcome === 'conflict').length;
      report.changed.push(...r.changed);
    }
    if (page.after !== cur.pulled || page.next <= cur.pulled) break;
    cur = { ...cur, pulled: page.next };
    await cursors.save(key, cur);
    if (page.next >= page.head) break;
  }
  // What waited for its claim: the claim may have arrived in this pull, or been imported here since the last round.
  const retry = await retrySetAside(db, now());
  report.retried = retry.results.filter((x) => x.outcome === 'applied').length;
  report.conflicts += retry.results.filter((x) => x.outcome === 'conflict').length;
  report.changed.push(...retry.changed.filter((c) => !report.changed.includes(c)));
  return report;
}

/**
 * One replication round with an upstream server, returning a line worth logging; `serve` runs it every interval beside
 * the casualty log's loop (the timing is the sync layer's `everyRound`).
 */
export function claimsRound(opts: {
  db: Db; url: string; token: string | undefined; cursors: ClaimsCursors; announce: (claimId: string) => void;
}): () => Promise<string | undefined> {
  const remote = httpClaimsRemote(opts.url, opts.token, 20_000);
  return async () => {
    const r = await syncClaims(opts.db, remote, opts.cursors, () => new Date().toISOString());
    r.changed.forEach(opts.announce);
    if (r.sent || r.applied || r.conflicts || r.retried)
      return `${r.sent} sent, ${r.applied} applied${r.retried ? `, ${r.retried} set aside applied` : ''}${r.conflicts ? `, ${r.conflicts} conflicts kept` : ''}`;
    return undefined;
  };
}
