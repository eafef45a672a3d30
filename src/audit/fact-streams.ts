// Verification of the fact streams' audit chains (migration 009: the workforce log, the claims ledger's history),
// the same check as the casualty log's (casualty-log.ts): the chain links and hashes hold, and every stored fact is
// named by exactly one entry with the same number and content hash. Finds a fact edited in place, deleted, or
// inserted behind the door; facts numbered up to `legacyThrough` predate the chain and are not covered.
import type { Store } from '../storage/port.ts';
import type { FactAuditHead, FactStream } from '../storage/fact-audit.ts';
import { factAudit, factAuditHash, factAuditHead, historyHash } from '../storage/fact-audit.ts';
import { workforceFactHash } from '../storage/workforce.ts';

export interface StreamVerifyResult {
  stream: FactStream;
  ok: boolean;
  entries: number;
  facts: number;
  head: FactAuditHead;
  problems: string[];
}

const GENESIS = '0'.repeat(64);
const PAGE = 5000;

/** Every stored fact of a stream as [id, number, content hash], page by page in number order. */
type Pager = (after: number) => Promise<[string, number, string][]>;

function pagerOf(store: Store, stream: FactStream): Pager {
  if (stream === 'workforce')
    return async (after) => (await store.workforce.factsAfter(after, PAGE)).map((f) => [f.id, f.seq, workforceFactHash(f)]);
  return async (after) => {
    const rows = await store.sql.all<{ seq: number; claim_id: string; at: string; actor: string; action: string; reason: string | null; detail: unknown }>(
      'SELECT seq, claim_id, at, actor, action, reason, detail FROM claim_history WHERE seq > ? ORDER BY seq LIMIT ?', [after, PAGE],
    );
    return rows.map((r) => {
      const detail = typeof r.detail === 'string' ? (JSON.parse(r.detail) as unknown) : r.detail;
      return [String(r.seq), Number(r.seq), historyHash({ claimId: r.claim_id, at: r.at, actor: r.actor, action: r.action, reason: r.reason, detail })];
    });
  };
}

export async function verifyFactStream(store: Store, stream: FactStream): Promise<StreamVerifyResult> {
  const problems: string[] = [];
  const note = (m: string) => void (problems.length < 50 && problems.push(m));
  const named = new Map<string, { seq: number; hash: string; entry: number }>();
  let prev = GENESIS;
  let expectSeq = 1;
  let entries = 0;
  for (let after = 0; ; ) {
    const page = await factAudit(store.sql, stream, after, PAGE);
    for (const e of page) {
      entries++;
      if (e.seq !== expectSeq) note(`${stream} audit entry ${e.seq}: expected ${expectSeq} (an entry was deleted or reordered)`);
      if (e.prevHash !== prev) note(`${stream} audit entry ${e.seq}: does not link to the entry before it`);
      if (factAuditHash(e.prevHash, e) !== e.hash) note(`${stream} audit entry ${e.seq}: content does not match its hash (altered)`);
      for (const [id, seq, hash] of e.items) named.set(id, { seq, hash, entry: e.seq });
      prev = e.hash;
      expectSeq = e.seq + 1;
      after = e.seq;
    }
    if (page.length < PAGE) break;
  }
  const head = await factAuditHead(store.sql, stream);
  if (head.seq !== expectSeq - 1 || head.hash !== prev) note(`${stream} audit head (${head.seq}) does not match the last entry (${expectSeq - 1})`);
  const pager = pagerOf(store, stream);
  let facts = 0;
  for (let after = 0; ; ) {
    const page = await pager(after);
    for (const [id, seq, hash] of page) {
      facts++;
      after = seq;
      const n = named.get(id);
      named.delete(id);
      if (!n) {
        if (seq > head.legacyThrough) note(`${stream} fact ${id} (number ${seq}) is stored but no audit entry wrote it (inserted)`);
      } else if (n.hash !== hash) note(`${stream} fact ${id} (number ${seq}) differs from what entry ${n.entry} recorded (edited)`);
      else if (n.seq !== seq) note(`${stream} fact ${id}: stored as number ${seq}, recorded as ${n.seq} (moved)`);
    }
    if (page.length < PAGE) break;
  }
  for (const [id, n] of named) note(`${stream} fact ${id} (number ${n.seq}) written by entry ${n.entry} is gone (deleted)`);
  return { stream, ok: problems.length === 0, entries, facts, head, problems };
}
