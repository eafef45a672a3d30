// Verification of the casualty log's own audit chain (written by every append, in the same transaction: see
// src/storage, migration 002). Each entry commits to the content hash of every event it stored, so besides a broken
// chain this finds an event edited in place (hash differs), deleted (named, not found) or inserted behind the log's
// back (found, named by no entry). Events stored before migration 002 (up to `legacyThrough`) are not covered.
import type { Store } from '../storage/port.ts';
import { eventHash, logAuditHash } from '../storage/common.ts';
import { verifyChain } from './chain.ts';

export interface LogVerifyResult {
  ok: boolean;
  entries: number;
  events: number;
  head: { seq: number; hash: string };
  legacyThrough: number;
  problems: string[];
}

const PAGE = 2000;

export async function verifyCasualtyLog(store: Store, expectHead?: { seq: number; hash: string }): Promise<LogVerifyResult> {
  const r = await verifyChain({
    words: { entry: 'log audit entry', head: 'log audit head', item: 'event', number: 'seq' },
    page: PAGE,
    entries: async (after, limit) =>
      (await store.logAudit(after, limit)).map((e) => ({ seq: e.seq, prevHash: e.prevHash, hash: e.hash, recomputed: logAuditHash(e.prevHash, e), items: e.events })),
    head: () => store.logAuditHead(),
    items: async (after, limit) => (await store.eventsAfter(after, limit)).map((e) => [e.id, e.seq, eventHash(e)] as const),
  }, expectHead);
  return { ok: r.ok, entries: r.entries, events: r.items, head: { seq: r.head.seq, hash: r.head.hash }, legacyThrough: r.head.legacyThrough, problems: r.problems };
}
