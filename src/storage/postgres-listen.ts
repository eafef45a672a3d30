// Another process's appends, heard (issue 16). Each process folds an append from its memory of the projections it
// last wrote (postgres-append.ts); a casualty another process has written since makes that memory stale, which the
// guard of the append's CALL finds only by refusing it — a round trip that takes the head lock, then the door's
// decision taken again and the append sent once more. Migration 031's wake-up names its writer and the casualties it
// wrote, so this process drops just those rows from its memory when it hears them, and its next door read of them
// goes to the database (a read by primary key, no lock). Only a hint: the guard still decides, so a notification
// lost or late costs at most the old refusal.
//
// The connection is opened only once this process has seen another one append (the memory's `sharedUntil`): a lone
// process listens to nothing. While it is down (the database restarting), nothing is heard, so on every (re)connect
// the whole memory is forgotten.
import type { AppendMemory } from './postgres-append.ts';
import { forgetAll, forgetWritten } from './postgres-append.ts';
import { sharedListener } from './pg-listener.ts';
import type { SharedListener } from './pg-listener.ts';

export interface OthersHeard {
  /** Start listening (once; later calls do nothing). */
  start(): void;
  /** Resolves once listening (for tests). */
  readonly listening: Promise<void>;
  close(): Promise<void>;
}

/** On this process's one LISTEN connection (pg-listener.ts), shared with the live bus. */
export function hearOthers(url: string, memory: AppendMemory): OthersHeard {
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
          forgetAll(memory); // whatever was written while nobody listened (first LISTEN, or after a reconnect)
          heard();
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
