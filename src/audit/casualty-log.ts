// Verification of the casualty log's own audit chain (written by every append, in the same transaction: see
// src/storage, migration 002). Each entry commits to the content hash of every event it stored, so besides a broken
// chain this finds an event edited in place (hash differs), deleted (named, not found) or inserted behind the log's
// back (found, named by no entry). Events stored before migration 002 (up to `legacyThrough`) are not covered.
import type { Store } from '../storage/port.ts';
import { eventHash, logAuditHash } from '../storage/common.ts';

export interface LogVerifyResult {
  ok: boolean;
  entries: number;
  events: number;
  head: { seq: number; hash: string };
  legacyThrough: number;
  problems: string[];
}

const GENESIS = '0'.repeat(64);
const PAGE = 2000;

export async function verifyCasualtyLog(store: Store, expectHead?: { seq: number; hash: string }): Promise<LogVerifyResult> {
  const problems: string[] = [];
  const note = (m: string) => void (problems.length < 50 && problems.push(m));
  const named = new Map<string, { seq: number; hash: string; entry: number }>();
  let prev = GENESIS;
  let expectSeq = 1;
  let entries = 0;
  for (let after = 0; ; ) {
    const page = await store.logAudit(after, PAGE);
    for (const e of page) {
      entries++;
      if (e.seq !== expectSeq) note(`log audit entry ${e.seq}: expected ${expectSeq} (an entry was deleted or reordered)`);
      if (e.prevHash !== prev) note(`log audit entry ${e.seq}: does not link to the entry before it`);
      if (logAuditHash(e.prevHash, e) !== e.hash) note(`log audit entry ${e.seq}: content does not match its hash (altered)`);
      if (expectHead && e.seq === expectHead.seq && e.hash !== expectHead.hash) note(`log audit entry ${e.seq}: differs from the head recorded earlier`);
      for (const [id, seq, hash] of e.events) named.set(id, { seq, hash, entry: e.seq });
      prev = e.hash;
      expectSeq = e.seq + 1;
      after = e.seq;
    }
    if (page.length < PAGE) break;
  }
  const head = await store.logAuditHead();
  if (head.seq !== expectSeq - 1 || head.hash !== prev) note(`log audit head (${head.seq}) does not match the last entry (${expectSeq - 1})`);
  let events = 0;
  for (let after = 0; ; ) {
    const page = await store.eventsAfter(after, PAGE);
    for (const e of page) {
      events++;
      after = e.seq;
      const n = named.get(e.id);
      named.delete(e.id);
      if (!n) {
        if (e.seq > head.legacyThrough) note(`event ${e.id} (seq ${e.seq}) is in the log but no audit entry wrote it (inserted)`);
      } else if (n.hash !== eventHash(e)) note(`event ${e.id} (seq ${e.seq}) differs from what entry ${n.entry} recorded (edited)`);
      else if (n.seq !== e.seq) note(`event ${e.id}: stored at seq ${e.seq}, recorded at ${n.seq} (moved)`);
    }
    if (page.length < PAGE) break;
  }
  for (const [id, n] of named) note(`event ${id} (seq ${n.seq}) written by entry ${n.entry} is gone (deleted)`);
  return { ok: problems.length === 0, entries, events, head: { seq: head.seq, hash: head.hash }, legacyThrough: head.legacyThrough, problems };
}
