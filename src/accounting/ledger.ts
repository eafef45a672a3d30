// The claims ledger over its own tables (migration 005). Every write is one transaction that changes the claim and
// appends its history entry (who, when, why); a claim's content is never updated, only its status and grade.
import { createHash, randomUUID } from 'node:crypto';
import type { Claim, ClaimHistoryEntry, ClaimStatus, Evidence, Grade, NewClaim, NewEvidence } from '../core/claims.ts';
import { evidenceFileDenial, statusDenial } from '../core/claims.ts';
import type { Db, Param } from './db.ts';
import { chainFacts, historyHash } from '../storage/fact-audit.ts';
import type { ChainItem } from '../storage/fact-audit.ts';

export class LedgerError extends Error {
  override name = 'LedgerError';
  readonly code: 'not_found' | 'conflict' | 'bad_request';
  constructor(code: LedgerError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

export const CLAIM_COLUMNS = `id, claimant, claimant_side, subject_side, kind, category, source_category, value, value_kind, low, high,
  qualifier, period_start, period_end, place_name, lat, lon, radius_m, place_precision, published_at, source_url, summary,
  supersedes, corrects, dataset, status, reliability, credibility, created_at, created_by, updated_at`;
const CLAIM_COLUMN_COUNT = CLAIM_COLUMNS.split(',').length;
export const CLAIM_PLACEHOLDERS = `(${Array.from({ length: CLAIM_COLUMN_COUNT }, () => '?').join(', ')})`;

type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function rowToClaim(r: Row): Claim {
  return {
    id: String(r.id),
    claimant: String(r.claimant),
    claimantSide: r.claimant_side as Claim['claimantSide'],
    subjectSide: String(r.subject_side),
    kind: r.kind as Claim['kind'],
    category: r.category as Claim['category'],
    sourceCategory: str(r.source_category),
    value: Number(r.value),
    valueKind: r.value_kind as Claim['valueKind'],
    low: num(r.low),
    high: num(r.high),
    qualifier: str(r.qualifier),
    periodStart: str(r.period_start),
    periodEnd: String(r.period_end),
    place: { name: str(r.place_name), lat: num(r.lat), lon: num(r.lon), radiusM: num(r.radius_m), precision: String(r.place_precision) },
    publishedAt: str(r.published_at),
    sourceUrl: str(r.source_url),
    summary: str(r.summary),
    supersedes: str(r.supersedes),
    corrects: str(r.corrects),
    dataset: str(r.dataset),
    status: r.status as ClaimStatus,
    reliability: str(r.reliability) as Claim['reliability'],
    credibility: num(r.credibility),
    createdAt: String(r.created_at),
    createdBy: String(r.created_by),
    updatedAt: String(r.updated_at),
  };
}

/** Column values of a new claim, in CLAIM_COLUMNS order. */
export function claimValues(c: NewClaim, id: string, by: string, now: string, dataset: string | null, status: ClaimStatus = 'claimed'): Param[] {
  return [
    id, c.claimant, c.claimantSide, c.subjectSide, c.kind, c.category, c.sourceCategory ?? null, c.value, c.valueKind,
    c.low ?? null, c.high ?? null, c.qualifier ?? null, c.periodStart ?? null, c.periodEnd, c.place?.name ?? null,
    c.place?.lat ?? null, c.place?.lon ?? null, c.place?.radiusM ?? null, c.place?.precision ?? 'unknown', c.publishedAt ?? null,
    c.sourceUrl ?? null, c.summary ?? null, c.supersedes ?? null, c.corrects ?? null, dataset, status, null, null, now, by, now,
  ];
}

/** Chain the history rows a transaction wrote onto the claims stream's audit (migration 009), in that transaction. */
export async function chainHistory(t: Db, rows: readonly { seq: number | string; claim_id: string; at: string; actor: string; action: string; reason: string | null; detail: unknown }[], action: string, now: string): Promise<void> {
  const items = rows.map((r): ChainItem => {
    const detail = typeof r.detail === 'string' ? (JSON.parse(r.detail) as unknown) : r.detail;
    return [String(r.seq), Number(r.seq), historyHash({ claimId: r.claim_id, at: r.at, actor: r.actor, action: r.action, reason: r.reason, detail })];
  });
  await chainFacts(t, 'claims', items, { actor: rows[0]?.actor ?? 'unknown', deviceId: null, action }, now);
}

export const HISTORY_COLUMNS = 'seq, claim_id, at, actor, action, reason, detail';

/**
 * Take the claims chain's head before numbering history entries (PostgreSQL: row lock until COMMIT), so history
 * numbers are given in commit order and a reader paging by number (replication) never skips one committed late.
 */
export async function lockHistory(t: Db): Promise<void> {
  if (t.kind === 'postgres') await t.all("SELECT seq FROM fact_audit_head WHERE stream = 'claims' FOR UPDATE");
}

/** Append one history entry and its audit entry (same transaction: the caller's). */
export async function history(db: Db, claimId: string, actor: string, now: string, action: ClaimHistoryEntry['action'], reason: string | null, detail: object): Promise<void> {
  await lockHistory(db);
  const rows = await db.all<{ seq: number; claim_id: string; at: string; actor: string; action: string; reason: string | null; detail: unknown }>(
    `INSERT INTO claim_history (id, claim_id, at, actor, action, reason, detail) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ${HISTORY_COLUMNS}`,
    [randomUUID(), claimId, now, actor, action, reason, JSON.stringify(detail)],
  );
  await chainHistory(db, rows, `claim ${action}`, now);
}

/** Lock and read one claim inside a transaction (PostgreSQL: FOR UPDATE; SQLite's writer lock is already held). */
async function lockClaim(db: Db, id: string): Promise<Claim> {
  const [r] = await db.all<Row>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE id = ?${db.kind === 'postgres' ? ' FOR UPDATE' : ''}`, [id]);
  if (!r) throw new LedgerError('not_found', `unknown claim ${id}`);
  return rowToClaim(r);
}

export async function createClaim(db: Db, c: NewClaim, actor: string, now: string): Promise<{ claim: Claim; created: boolean }> {
  return db.tx(async (t) => {
    const id = c.id ?? randomUUID();
    const [old] = await t.all<Row>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE id = ?`, [id]);
    if (old) return { claim: rowToClaim(old), created: false }; // a repeated submission of the same id is a no-op
    for (const ref of [c.supersedes, c.corrects]) {
      if (ref === undefined) continue;
      const [x] = await t.all<Row>('SELECT id FROM claims WHERE id = ?', [ref]);
      if (!x) throw new LedgerError('bad_request', `claim ${ref} (supersedes/corrects) does not exist`);
    }
    await t.run(`INSERT INTO claims (${CLAIM_COLUMNS}) VALUES ${CLAIM_PLACEHOLDERS}`, claimValues(c, id, actor, now, null));
    await history(t, id, actor, now, 'created', null, { status: 'claimed' });
    if (c.supersedes !== undefined) {
      const prev = await lockClaim(t, c.supersedes);
      if (prev.status !== 'superseded' && prev.status !== 'retracted') {
        await t.run('UPDATE claims SET status = ?, updated_at = ? WHERE id = ?', ['superseded', now, prev.id]);
        await history(t, prev.id, actor, now, 'status', `superseded by ${id}`, { from: prev.status, to: 'superseded', by: id });
      }
    }
    return { claim: await lockClaim(t, id), created: true };
  });
}

export async function getClaim(db: Db, id: string): Promise<Claim | null> {
  const [r] = await db.all<Row>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE id = ?`, [id]);
  return r ? rowToClaim(r) : null;
}

export interface ClaimFilter {
  kind?: string | undefined;
  category?: string | undefined;
  status?: string | undefined;
  dataset?: string | undefined;
  /** true: only claims entered by hand (no dataset); false: only imported ones. */
  manual?: boolean | undefined;
  limit: number;
}

export async function listClaims(db: Db, f: ClaimFilter): Promise<Claim[]> {
  const where: string[] = [];
  const params: Param[] = [];
  for (const [col, v] of [['kind', f.kind], ['category', f.category], ['status', f.status], ['dataset', f.dataset]] as const)
    if (v !== undefined) {
      where.push(`${col} = ?`);
      params.push(v);
    }
  if (f.manual === true) where.push('dataset IS NULL');
  if (f.manual === false) where.push('dataset IS NOT NULL');
  const rows = await db.all<Row>(
    `SELECT ${CLAIM_COLUMNS} FROM claims ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY period_end DESC, id LIMIT ?`,
    [...params, f.limit],
  );
  return rows.map(rowToClaim);
}

export async function claimHistory(db: Db, id: string): Promise<ClaimHistoryEntry[]> {
  const rows = await db.all<Row>('SELECT seq, id, origin, claim_id, at, actor, action, reason, detail FROM claim_history WHERE claim_id = ? ORDER BY seq', [id]);
  return rows.map((r) => ({
    seq: Number(r.seq),
    id: str(r.id),
    origin: str(r.origin),
    claimId: String(r.claim_id),
    at: String(r.at),
    actor: String(r.actor),
    action: r.action as ClaimHistoryEntry['action'],
    reason: str(r.reason),
    detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as Record<string, unknown>,
  }));
}

export async function changeStatus(db: Db, id: string, to: ClaimStatus, reason: string, actor: string, now: string): Promise<Claim> {
  return db.tx(async (t) => {
    const c = await lockClaim(t, id);
    const [ev] = await t.all<{ n: number }>('SELECT count(*) AS n FROM claim_evidence WHERE claim_id = ?', [id]);
    const why = statusDenial(c.status, to, { evidenceCount: Number(ev?.n ?? 0), actor, createdBy: c.createdBy });
    if (why) throw new LedgerError('conflict', why);
    await t.run('UPDATE claims SET status = ?, updated_at = ? WHERE id = ?', [to, now, id]);
    await history(t, id, actor, now, 'status', reason, { from: c.status, to });
    return lockClaim(t, id);
  });
}

export async function gradeClaim(db: Db, id: string, g: Grade, reason: string, actor: string, now: string): Promise<Claim> {
  return db.tx(async (t) => {
    const c = await lockClaim(t, id);
    await t.run('UPDATE claims SET reliability = ?, credibility = ?, updated_at = ? WHERE id = ?', [g.reliability, g.credibility, now, id]);
    await history(t, id, actor, now, 'grade', reason, { from: c.reliability ? `${c.reliability}${c.credibility}` : null, to: `${g.reliability}${g.credibility}` });
    return lockClaim(t, id);
  });
}

const EVIDENCE_COLUMNS = 'id, claim_id, url, sha256, archive IS NOT NULL AS has_archive, media_type, file_name, first_seen, kind, note, reliability, credibility, added_by, added_at';
const rowToEvidence = (r: Row): Evidence => ({
  id: String(r.id),
  claimId: String(r.claim_id),
  url: str(r.url),
  sha256: str(r.sha256),
  hasArchive: Boolean(Number(r.has_archive) || r.has_archive === true),
  mediaType: str(r.media_type),
  fileName: str(r.file_name),
  firstSeen: String(r.first_seen),
  kind: String(r.kind),
  note: str(r.note),
  reliability: str(r.reliability) as Evidence['reliability'],
  credibility: num(r.credibility),
  addedBy: String(r.added_by),
  addedAt: String(r.added_at),
});

/** `extra`: more of what the history entry records (a kept comparison's data: `{ comparison }`). */
export async function addEvidence(db: Db, claimId: string, e: NewEvidence, actor: string, now: string, extra: object = {}): Promise<Evidence> {
  const archive = e.archiveBase64 !== undefined ? Buffer.from(e.archiveBase64, 'base64') : null;
  const sha = archive ? createHash('sha256').update(archive).digest('hex') : (e.sha256 ?? null);
  if (archive && e.sha256 && e.sha256 !== sha) throw new LedgerError('bad_request', `sha256 does not match the archived copy (${sha})`);
  // The same size and type rules as the web screen applies before sending, here on the bytes themselves.
  const refused = archive ? evidenceFileDenial(archive, e.mediaType ?? '') : null;
  if (refused) throw new LedgerError('bad_request', refused);
  return db.tx(async (t) => {
    await lockClaim(t, claimId);
    const id = randomUUID();
    await t.run(
      `INSERT INTO claim_evidence (id, claim_id, url, sha256, archive, media_type, file_name, first_seen, kind, note, reliability, credibility, added_by, added_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, claimId, e.url ?? null, sha, archive, archive ? e.mediaType ?? null : null, archive ? e.fileName ?? null : null, e.firstSeen, e.kind, e.note ?? null, e.grade?.reliability ?? null, e.grade?.credibility ?? null, actor, now],
    );
    await history(t, claimId, actor, now, 'evidence', e.note ?? null, { evidence: id, kind: e.kind, url: e.url ?? null, sha256: sha, ...(archive ? { bytes: archive.length, mediaType: e.mediaType, fileName: e.fileName ?? null } : {}), ...extra });
    const [r] = await t.all<Row>(`SELECT ${EVIDENCE_COLUMNS} FROM claim_evidence WHERE id = ?`, [id]);
    return rowToEvidence(r!);
  });
}

export async function evidenceOf(db: Db, claimId: string): Promise<Evidence[]> {
  return (await db.all<Row>(`SELECT ${EVIDENCE_COLUMNS} FROM claim_evidence WHERE claim_id = ? ORDER BY added_at, id`, [claimId])).map(rowToEvidence);
}

export async function archiveOf(db: Db, evidenceId: string): Promise<Uint8Array | null> {
  const [r] = await db.all<{ archive: Uint8Array | null }>('SELECT archive FROM claim_evidence WHERE id = ?', [evidenceId]);
  return r?.archive ?? null;
}

/** Link recorded casualties to a claim (the caller has checked it may see them). Already linked ones are skipped. */
export async function linkCasualties(db: Db, claimId: string, casualtyIds: readonly string[], reason: string, actor: string, now: string): Promise<string[]> {
  return db.tx(async (t) => {
    await lockClaim(t, claimId);
    const added: string[] = [];
    for (const cid of new Set(casualtyIds)) {
      const n = await t.run(
        'INSERT INTO claim_casualties (claim_id, casualty_id, linked_by, linked_at) VALUES (?, ?, ?, ?) ON CONFLICT (claim_id, casualty_id) DO NOTHING',
        [claimId, cid, actor, now],
      );
      if (n > 0) added.push(cid);
    }
    if (added.length) await history(t, claimId, actor, now, 'link', reason, { casualties: added });
    return added;
  });
}

export async function linkedCasualties(db: Db, claimId: string): Promise<string[]> {
  return (await db.all<{ casualty_id: string }>('SELECT casualty_id FROM claim_casualties WHERE claim_id = ? ORDER BY casualty_id', [claimId])).map(
    (r) => r.casualty_id,
  );
}
