// The outbox. Every event is written to IndexedDB first and only then sent; a send carries the event's client id,
// so a resend after a lost answer is a no-op on the server. Events from other devices are merged in as 'sent'.
import { parseEvent, uuidv7, fold } from '../../src/core/index.ts';
import type { CasualtyEvent, CasualtyState, EventType, PayloadOf } from '../../src/core/index.ts';
import { ApiError, getCasualty, postEvents } from './api.ts';
import { author, deviceId } from './device.ts';

export type Status = 'pending' | 'sent' | 'rejected';
export interface Row {
  id: string;
  casualtyId: string;
  event: CasualtyEvent;
  status: Status;
  error?: string;
  seq?: number;
}

const DB = 'golden-hour';
let dbp: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  dbp ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      const s = db.createObjectStore('events', { keyPath: 'id' });
      s.createIndex('casualtyId', 'casualtyId');
      s.createIndex('status', 'status');
    };
    req.onsuccess = () => {
      const db = req.result;
      // iOS may drop the connection while suspended: forget it and reopen on next use.
      db.onclose = () => (dbp = null);
      db.onversionchange = () => {
        db.close();
        dbp = null;
      };
      resolve(db);
    };
    req.onerror = () => {
      dbp = null;
      reject(req.error ?? new Error('indexedDB open failed'));
    };
  });
  return dbp;
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('indexedDB request failed'));
  });
}

async function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T> | Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      const db = await open();
      const t = db.transaction('events', mode);
      const complete = new Promise<void>((resolve, reject) => {
        t.oncomplete = () => resolve();
        t.onerror = () => reject(t.error ?? new Error('transaction failed'));
        t.onabort = () => reject(t.error ?? new Error('transaction aborted'));
      });
      const store = t.objectStore('events');
      const r = fn(store);
      const value = r instanceof IDBRequest ? await done(r) : await r;
      await complete;
      return value;
    } catch (e) {
      if (attempt === 0 && e instanceof DOMException && e.name === 'InvalidStateError') {
        dbp = null; // a dropped connection: reopen once
        continue;
      }
      throw e;
    }
  }
}

const listeners = new Set<() => void>();
export const onChange = (f: () => void): (() => void) => {
  listeners.add(f);
  return () => listeners.delete(f);
};
const emit = (): void => listeners.forEach((f) => f());

export const allRows = (): Promise<Row[]> => tx('readonly', (s) => s.getAll() as IDBRequest<Row[]>);
export const rowsOf = (casualtyId: string): Promise<Row[]> =>
  tx('readonly', (s) => s.index('casualtyId').getAll(casualtyId) as IDBRequest<Row[]>);
export const rowsWith = (status: Status): Promise<Row[]> =>
  tx('readonly', (s) => s.index('status').getAll(status) as IDBRequest<Row[]>);

export async function counts(): Promise<{ pending: number; rejected: number }> {
  const [pending, rejected] = await Promise.all([
    tx('readonly', (s) => s.index('status').count('pending')),
    tx('readonly', (s) => s.index('status').count('rejected')),
  ]);
  return { pending, rejected };
}

/** Build, validate and store one event (pending). Throws on an invalid payload: nothing is stored. */
export async function record<T extends EventType>(casualtyId: string, type: T, payload: PayloadOf<T>, at?: string): Promise<CasualtyEvent> {
  const now = new Date().toISOString();
  const raw = { id: uuidv7(), casualtyId, at: at ?? now, recordedAt: now, deviceId: deviceId(), author: author(), type, payload };
  const parsed = parseEvent(raw);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const row: Row = { id: raw.id, casualtyId, event: parsed.data, status: 'pending' };
  await tx('readwrite', (s) => s.put(row));
  emit();
  scheduleFlush(0);
  return parsed.data;
}

export async function casualtyState(casualtyId: string): Promise<{ state: CasualtyState; rows: Row[] }> {
  const rows = await rowsOf(casualtyId);
  return { state: fold(casualtyId, rows.map((r) => r.event), new Date().toISOString()), rows };
}

/** Casualties known on this device: the ids with a registered event, newest first. */
export async function localCasualties(): Promise<{ id: string; state: CasualtyState; pending: number }[]> {
  const rows = await allRows();
  const by = new Map<string, Row[]>();
  for (const r of rows) by.set(r.casualtyId, [...(by.get(r.casualtyId) ?? []), r]);
  const now = new Date().toISOString();
  return [...by.entries()]
    .map(([id, rs]) => ({ id, state: fold(id, rs.map((r) => r.event), now), pending: rs.filter((r) => r.status === 'pending').length }))
    .filter((c) => c.state.registered)
    .sort((a, b) => (b.state.injuredAt ?? '').localeCompare(a.state.injuredAt ?? ''));
}

/** Merge the server's copy of a casualty's log (events of other devices: dispatcher, facility). */
export async function pull(casualtyId: string): Promise<void> {
  const { events } = await getCasualty(casualtyId);
  const have = new Set((await rowsOf(casualtyId)).map((r) => r.id));
  const fresh = events.filter((e) => !have.has(e.id));
  if (!fresh.length) return;
  await tx('readwrite', async (s) => {
    for (const e of fresh) {
      const { seq, receivedAt: _r, ...ev } = e;
      s.put({ id: e.id, casualtyId, event: ev as CasualtyEvent, status: 'sent', seq } satisfies Row);
    }
    return undefined;
  });
  emit();
}

// ---- sending -------------------------------------------------------------------------------------------------

let flushing: Promise<void> | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;
let backoffMs = 2000;
export let lastError: string | null = null;

export function scheduleFlush(ms = backoffMs): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void flush();
  }, ms);
}

export function flush(): Promise<void> {
  flushing ??= sendPending().finally(() => (flushing = null));
  return flushing;
}

async function sendPending(): Promise<void> {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
  const pending = await rowsWith('pending');
  if (!pending.length) return;
  const byCasualty = new Map<string, Row[]>();
  for (const r of pending.sort((a, b) => (a.id < b.id ? -1 : 1))) byCasualty.set(r.casualtyId, [...(byCasualty.get(r.casualtyId) ?? []), r]);
  try {
    for (const [casualtyId, rows] of byCasualty) {
      let batch = rows.slice(0, 1000);
      while (batch.length) {
        try {
          const res = await postEvents(casualtyId, batch.map((r) => r.event));
          const seqs = new Map(res.results.map((x) => [x.id, x.seq]));
          await tx('readwrite', async (s) => {
            for (const r of batch) s.put({ ...r, status: 'sent', seq: seqs.get(r.id) } satisfies Row);
            return undefined;
          });
          batch = [];
        } catch (e) {
          if (!(e instanceof ApiError) || e.status !== 400) throw e;
          // One bad event rejects the batch: set the named one(s) aside, keep them visible, send the rest.
          const issues = ((e.body as { error?: { issues?: { path?: string }[] } } | null)?.error?.issues ?? []).map((i) => i.path ?? '');
          const bad = new Set(issues.map((p) => /^events\.(\d+)/.exec(p)?.[1]).filter((x): x is string => x !== undefined).map(Number));
          const rejected = bad.size ? batch.filter((_, i) => bad.has(i)) : batch;
          await tx('readwrite', async (s) => {
            for (const r of rejected) s.put({ ...r, status: 'rejected', error: e.message } satisfies Row);
            return undefined;
          });
          batch = batch.filter((r) => !rejected.includes(r));
        }
      }
    }
    lastError = null;
    backoffMs = 2000;
  } catch (e) {
    lastError = e instanceof Error ? e.message : String(e);
    backoffMs = Math.min(backoffMs * 2, 60_000);
    scheduleFlush(backoffMs);
  } finally {
    emit();
  }
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => scheduleFlush(0));
  setInterval(() => void flush(), 15_000);
}
