// Another process's appends, heard (issue 16). Each process folds an append from its memory of the projections it
// last wrote (postgres-append.ts); a casualty another process has written since makes that memory stale, which the
// guard of the append's CALL finds only by refusing it — a round trip that takes the head lock, then the door's
// decision taken again and the append sent once more. Migration 031's wake-up names its writer and the casualties it
// wrote, so this process drops just those rows from its memory when it hears them, and its next door read of them
// goes to the database (a read by primary key, no lock). Only a hint: the guard still decides, so a notification
// lost or late costs at most the old refusal.
//
// The connection is opened only once this process has seen another one append (the memory's `sharedUntil`): a lone
// process listens to nothing. While it is down (not yet up, or the database restarting), nothing is heard, so on
// every (re)connect it catches up: one read of the remembered rows' last_seq and, once the appends and reads then in
// flight are done, the rows that moved are forgotten (forgetMoved); the others stay memory. A write to a row another process wrote before that read is in the read; one
// after it is heard. The read failing forgets the whole memory.
import type { AppendMemory } from './postgres-append.ts';
import { forgetAll, forgetMoved, forgetWritten } from './postgres-append.ts';
import { sharedListener } from './pg-listener.ts';
import type { SharedListener } from './pg-listener.ts';

/** The catch-ups run when the LISTEN came up, in this process, and the remembered rows they kept and forgot (tests). */
export const catchUps = { done: 0, kept: 0, forgotten: 0 };

export interface OthersHeard {
  /** Start listening (once; later calls do nothing). */
  start(): void;
  /** Resolves once listening (for tests). */
  readonly listening: Promise<void>;
  close(): Promise<void>;
}

/** Where the catch-up reads (the store's pool). */
export interface CatchUpReader {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[] }>;
}

/** The remembered rows that moved while nobody listened are forgotten; a failed read forgets them all. */
export async function catchUp(db: CatchUpReader, memory: AppendMemory): Promise<void> {
  const asked = [...memory.projections.keys()];
  let stored = new Map<string, number>();
  try {
    if (asked.length) {
      const r = await db.query('SELECT id, last_seq FROM casualties WHERE id = ANY($1::text[])', [asked]);
      stored = new Map((r.rows as { id: string; last_seq: string }[]).map((row) => [row.id, Number(row.last_seq)]));
    }
    // An own commit the read saw may not have answered yet: compared before it is remembered, its row would look moved.
    await Promise.allSettled([...memory.busy]);
  } catch {
    catchUps.forgotten += memory.projections.size;
    forgetAll(memory);
    return;
  }
  const { kept, forgotten } = forgetMoved(memory, asked, stored);
  catchUps.kept += kept;
  catchUps.forgotten += forgotten;
}

/** On this process's one LISTEN connection (pg-listener.ts), shared with the live bus; `db` for the catch-up. */
export function hearOthers(url: string, memory: AppendMemory, db: CatchUpReader): OthersHeard {
  let closed = false;
  let held: { listener: SharedListener; stop: () => Promise<void> } | null = null;
  let heard!: () => void;
  const listening = new Promise<void>((ok) => (heard = ok));
  const onMessage = (message: unknown): void => {
    const m = message as { type?: string; head?: number; w?: string; c?: string[] | null } | null;
    // No writer: an older procedure, the locked path, or the bus — no names, and the guard covers it. This process's
    // second batch in flight writes as `${writer}.2` (postgres.ts).
    if (!m || m.type !== 'appended' || typeof m.w !== 'string' || m.w.startsWith(memory.writer) || typeof m.head !== 'number') return;
    forgetWritten(memory, Array.isArray(m.c) ? m.c : null, m.head);
  };
  return {
    start() {
      if (held || closed) return;
      const listener = sharedListener(url);
      const stop = listener.listen({
        message: onMessage,
        listening() {
          // Whatever was written while nobody listened (first LISTEN, or after a reconnect).
          void catchUp(db, memory).finally(() => {
            catchUps.done++;
            heard();
          });
        },
      });
      held = { listener, stop };
    },
    listening,
    async close() {
      closed = true;
      const h = held;
      held = null;
      if (!h) return;
      await h.stop();
      await h.listener.release();
    },
  };
}
