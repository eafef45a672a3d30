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
import pg from 'pg';
import { PG_LIVE_CHANNEL } from './bus.ts';
import type { AppendMemory } from './postgres-append.ts';
import { forgetAll, forgetWritten } from './postgres-append.ts';

export interface OthersHeard {
  /** Start listening (once; later calls do nothing). */
  start(): void;
  /** Resolves once listening (for tests). */
  readonly listening: Promise<void>;
  close(): Promise<void>;
}

export function hearOthers(url: string, memory: AppendMemory): OthersHeard {
  let started = false;
  let closed = false;
  let client: pg.Client | null = null;
  let heard!: () => void;
  const listening = new Promise<void>((ok) => (heard = ok));
  const onMessage = (payload: string | undefined): void => {
    if (!payload) return;
    let m: { type?: string; head?: number; w?: string; c?: string[] | null };
    try {
      m = JSON.parse(payload) as typeof m;
    } catch {
      return;
    }
    // No writer: an older procedure, the locked path, or the bus — no names, and the guard covers it.
    if (m.type !== 'appended' || typeof m.w !== 'string' || m.w === memory.writer || typeof m.head !== 'number') return;
    forgetWritten(memory, Array.isArray(m.c) ? m.c : null, m.head);
  };
  const connect = async (): Promise<void> => {
    while (!closed) {
      const c = new pg.Client({ connectionString: url });
      try {
        await c.connect();
        c.on('notification', (n) => {
          if (n.channel === PG_LIVE_CHANNEL) onMessage(n.payload);
        });
        c.on('error', () => {
          if (client === c) client = null;
          void c.end().catch(() => undefined);
          if (!closed) setTimeout(() => void connect(), 200);
        });
        await c.query(`LISTEN ${PG_LIVE_CHANNEL}`);
        if (closed) {
          await c.end().catch(() => undefined);
          return;
        }
        client = c;
        forgetAll(memory); // whatever was written while nobody listened
        heard();
        return;
      } catch {
        await c.end().catch(() => undefined);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  };
  return {
    start() {
      if (started || closed) return;
      started = true;
      void connect();
    },
    listening,
    async close() {
      closed = true;
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
