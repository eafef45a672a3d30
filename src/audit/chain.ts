// The one walk over a hash chain, shared by every verifier: the access audit (log.ts), the casualty log's write chain
// (casualty-log.ts) and the fact streams' (fact-streams.ts). Each entry must carry the next number, link to the entry
// before it and hash to what it says; the head row must match the last entry. Where the entries name what they wrote
// ([id, number, content hash]), every stored item must be named by an entry with the same number and hash: an item
// edited in place, moved, deleted or inserted behind the door is found. A page that cannot be read (a byte changed in
// a stored JSON column) is itself a problem, never a crash of the verification.

/** [item id, its number, SHA-256 of its content], as an entry recorded it or as it is stored now. */
export type Written = readonly [id: string, seq: number, hash: string];

export interface ChainEntry {
  seq: number;
  prevHash: string;
  hash: string;
  /** The entry's hash computed again from its stored content. */
  recomputed: string;
  /** What the entry wrote (absent for a chain that names no items, like the access audit). */
  items?: readonly Written[];
}

export interface ChainHead {
  seq: number;
  hash: string;
  /** Items numbered up to this predate the chain: not covered. */
  legacyThrough: number;
}

/** One chain as its verifier reads it, a page at a time in number order. */
export interface ChainPager {
  /** Words of the problems: e.g. { entry: 'log audit entry', head: 'log audit head', item: 'event', number: 'seq' }. */
  words: { entry: string; head: string; item: string; number: string };
  page: number;
  entries(after: number, limit: number): Promise<ChainEntry[]>;
  head(): Promise<ChainHead>;
  /** The items as stored now; absent when the entries name none. */
  items?(after: number, limit: number): Promise<Written[]>;
}

export interface ChainResult {
  ok: boolean;
  entries: number;
  items: number;
  head: ChainHead;
  problems: string[];
}

export const GENESIS = '0'.repeat(64);
const MAX_PROBLEMS = 50;

type Note = (m: string) => void;
type Named = Map<string, { seq: number; hash: string; entry: number }>;
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Read pages from `after` until a short one; a page that throws ends the walk as a problem. */
async function eachPage<T>(read: (after: number, limit: number) => Promise<T[]>, limit: number, seqOf: (x: T) => number, what: string, note: Note, visit: (x: T) => void): Promise<void> {
  for (let after = 0; ; ) {
    let page: T[];
    try {
      page = await read(after, limit);
    } catch (e) {
      return note(`${what} after ${after} cannot be read (${message(e)})`);
    }
    for (const x of page) {
      visit(x);
      after = Math.max(after, seqOf(x));
    }
    if (page.length < limit) return;
  }
}

/**
 * Walk the chain and, where it names items, the items. `expectHead` is a head recorded elsewhere earlier: it catches a
 * consistent rewrite or truncation of the whole chain and its head.
 */
export async function verifyChain(p: ChainPager, expectHead?: { seq: number; hash: string }): Promise<ChainResult> {
  const problems: string[] = [];
  const note: Note = (m) => void (problems.length < MAX_PROBLEMS && problems.push(m));
  const { entry, head: headWord } = p.words;
  const named: Named = new Map();
  let prev = GENESIS;
  let expectSeq = 1;
  let entries = 0;
  let seenExpected = expectHead === undefined || expectHead.seq === 0;
  await eachPage((a, l) => p.entries(a, l), p.page, (e) => e.seq, `${entry}s`, note, (e) => {
    entries++;
    if (e.seq !== expectSeq) note(`${entry} ${e.seq}: expected sequence ${expectSeq} (an entry was deleted or reordered)`);
    if (e.prevHash !== prev) note(`${entry} ${e.seq}: does not link to the entry before it (deleted, inserted or reordered)`);
    if (e.recomputed !== e.hash) note(`${entry} ${e.seq}: content does not match its hash (altered)`);
    if (expectHead && e.seq === expectHead.seq) {
      seenExpected = true;
      if (e.hash !== expectHead.hash) note(`${entry} ${e.seq}: differs from the head recorded earlier (history rewritten)`);
    }
    for (const [id, seq, hash] of e.items ?? []) named.set(id, { seq, hash, entry: e.seq });
    prev = e.hash;
    expectSeq = e.seq + 1;
  });
  let head: ChainHead = { seq: -1, hash: '', legacyThrough: 0 };
  try {
    head = await p.head();
  } catch (e) {
    note(`${headWord} cannot be read (${message(e)})`);
  }
  if (head.seq !== expectSeq - 1 || head.hash !== prev) note(`${headWord} (${head.seq}) does not match the last entry (${expectSeq - 1}): entries were removed or added`);
  if (!seenExpected) note(`the head recorded earlier (${entry} ${expectHead!.seq}) is gone (truncated)`);
  if (p.items) checkLegacyBoundary(p.words, named, head.legacyThrough, note);
  const items = p.items ? await checkItems(p, p.items, named, head.legacyThrough, note) : 0;
  return { ok: problems.length === 0, entries, items, head, problems };
}

/**
 * The boundary below which items predate the chain sits in the head row, outside the hashes: raising it would hide
 * items inserted behind the door. No entry can have written an item at or below it, so an entry naming one means the
 * boundary moved; a negative boundary is no boundary the migration ever wrote.
 */
function checkLegacyBoundary(words: ChainPager['words'], named: Named, legacyThrough: number, note: Note): void {
  if (!Number.isInteger(legacyThrough) || legacyThrough < 0) return note(`${words.head}: legacy boundary ${legacyThrough} is not a ${words.number} (altered)`);
  let first: { id: string; seq: number; entry: number } | undefined;
  for (const [id, n] of named) if (n.seq <= legacyThrough && (!first || n.seq < first.seq)) first = { id, seq: n.seq, entry: n.entry };
  if (first) note(`${words.head}: legacy boundary ${legacyThrough} covers ${words.item} ${first.id} (${words.number} ${first.seq}) written by entry ${first.entry}: the boundary was moved`);
}

/** Every stored item named by exactly one entry, with its number and content hash; every named item still stored. */
async function checkItems(p: ChainPager, read: NonNullable<ChainPager['items']>, named: Named, legacyThrough: number, note: Note): Promise<number> {
  const { item, number } = p.words;
  let count = 0;
  await eachPage(read, p.page, (x) => x[1], `${item}s`, note, ([id, seq, hash]) => {
    count++;
    const n = named.get(id);
    named.delete(id);
    if (!n) {
      if (seq > legacyThrough) note(`${item} ${id} (${number} ${seq}) is stored but no audit entry wrote it (inserted)`);
    } else if (n.hash !== hash) note(`${item} ${id} (${number} ${seq}) differs from what entry ${n.entry} recorded (edited)`);
    else if (n.seq !== seq) note(`${item} ${id}: stored as ${number} ${seq}, recorded as ${n.seq} (moved)`);
  });
  for (const [id, n] of named) note(`${item} ${id} (${number} ${n.seq}) written by entry ${n.entry} is gone (deleted)`);
  return count;
}
