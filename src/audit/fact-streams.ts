// Verification of the fact streams' audit chains (migration 009: the workforce log, the claims ledger's history),
// the same check as the casualty log's (casualty-log.ts, both through chain.ts): the chain links and hashes hold, and
// every stored fact is named by exactly one entry with the same number and content hash. Finds a fact edited in
// place, deleted, or inserted behind the door; facts numbered up to `legacyThrough` predate the chain and are not
// covered.
import type { Store } from '../storage/port.ts';
import type { FactAuditHead, FactStream } from '../storage/fact-audit.ts';
import { factAudit, factAuditHash, factAuditHead, historyHash } from '../storage/fact-audit.ts';
import { workforceFactHash } from '../storage/workforce.ts';
import { verifyChain } from './chain.ts';
import type { Written } from './chain.ts';

export interface StreamVerifyResult {
  stream: FactStream;
  ok: boolean;
  entries: number;
  facts: number;
  head: FactAuditHead;
  problems: string[];
}

const PAGE = 5000;

/** Every stored fact of a stream as [id, number, content hash], page by page in number order. */
function factsOf(store: Store, stream: Exclude<FactStream, 'entities'>): (after: number, limit: number) => Promise<Written[]> {
  if (stream === 'workforce')
    return async (after, limit) => (await store.workforce.factsAfter(after, limit)).map((f) => [f.id, f.seq, workforceFactHash(f)] as const);
  return async (after, limit) => {
    const rows = await store.sql.all<{ seq: number; claim_id: string; at: string; actor: string; action: string; reason: string | null; detail: unknown }>(
      'SELECT seq, claim_id, at, actor, action, reason, detail FROM claim_history WHERE seq > ? ORDER BY seq LIMIT ?', [after, limit],
    );
    return rows.map((r) => {
      const detail = typeof r.detail === 'string' ? (JSON.parse(r.detail) as unknown) : r.detail;
      return [String(r.seq), Number(r.seq), historyHash({ claimId: r.claim_id, at: r.at, actor: r.actor, action: r.action, reason: r.reason, detail })] as const;
    });
  };
}

export async function verifyFactStream(store: Store, stream: FactStream): Promise<StreamVerifyResult> {
  // Entities are current values (migration 030): their chain is checked, not the rows against it.
  const items = stream === 'entities' ? {} : { items: factsOf(store, stream) };
  const r = await verifyChain({
    words: { entry: `${stream} audit entry`, head: `${stream} audit head`, item: `${stream} fact`, number: 'number' },
    page: PAGE,
    entries: async (after, limit) =>
      (await factAudit(store.sql, stream, after, limit)).map((e) => ({ seq: e.seq, prevHash: e.prevHash, hash: e.hash, recomputed: factAuditHash(e.prevHash, e), items: e.items })),
    head: () => factAuditHead(store.sql, stream),
    ...items,
  });
  return { stream, ok: r.ok, entries: r.entries, facts: r.items, head: r.head, problems: r.problems };
}
