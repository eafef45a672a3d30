// The outbox. Every event is written to IndexedDB first and only then sent; a send carries the event's client id,
// so a resend after a lost answer is a no-op on the server. Events from other devices are merged in as 'sent'.
import { canonical, parseEvent, sameSubmission, uuidv7, fold, correctTimes } from '../../src/core/index.ts';
import type { CasualtyEvent, CasualtyState, EventType, PayloadOf, ServedEvent } from '../../src/core/index.ts';
import { ApiError, api, currentUser, getCasualty, hasToken, postEvents } from './api.ts';
import { author, deviceId } from './device.ts';
import { measured, offsetMs, seen, serverNowIso, stamp } from './sync/clock.ts';
import { forgetKeys, syncKeys } from './handover/keys.ts';
import { LockedError, forgetVault, lock, locked, onVault, seal, secret, setSecret, unseal } from './vault/vault.ts';
import type { Sealed } from './vault/vault.ts';
import { failureOf } from './sync/failure.ts';
import type { SendFailure } from './sync/failure.ts';

/** 'held': received by an unverified hand-over code: shown, marked, never sent (issue 17). */
export type Status = 'pending' | 'sent' | 'rejected' | 'held';
export interface Row {
  id: string;
  casualtyId: string;
  event: CasualtyEvent;
  status: Status;
  error?: string;
  /** The HTTP status the server refused it with (SYNC-14): says why in the medic's language. */
  refusal?: number;
  /** Recorded again as new (a 409): the card its copy is on. Offered once; the refused one stays, set aside. */
  anew?: string;
  seq?: number;
  /**
   * Received by a hand-over code: from which device and user, and whether its signature was verified; a verified
   * code's text, the proof its arrival here carries (SYNC-22).
   */
  handover?: { from: string; author: string; verified: boolean; code?: string };
}

const DB = 'golden-hour';
/** Version 2: one object store of sealed rows under random keys; version 1's 'events' (rows by id) is migrated. */
const SEALED = 'sealed';
const LEGACY = 'events';
/**
 * How many records exist on this phone only, in the clear: the wrong-PIN and remote-wipe rules need it while locked.
 * Waiting to be sent, refused for a person to correct, or held from an unverified hand-over: a wipe would lose them.
 */
const UNSENT = 'gh.outbox-count';
let dbp: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  dbp ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB, 2);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(SEALED)) req.result.createObjectStore(SEALED);
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

async function tx<T>(name: string, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T> | Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      const db = await open();
      const t = db.transaction(name, mode);
      const complete = new Promise<void>((resolve, reject) => {
        t.oncomplete = () => resolve();
        t.onerror = () => reject(t.error ?? new Error('transaction failed'));
        t.onabort = () => reject(t.error ?? new Error('transaction aborted'));
      });
      const store = t.objectStore(name);
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

// ---- at rest: every row sealed whole (web/src/vault) under a random key; open rows live in memory while unlocked --
let cache: Promise<Map<string, Row>> | null = null;
/** Each row's key in IndexedDB (random: an event id never appears on disk). */
const slots = new Map<string, string>();
const newSlot = (): string => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

onVault(() => {
  if (!locked()) return;
  cache = null; // locked: what was open is forgotten
  slots.clear();
});

/** Rows kept by version 1, in the clear or with their content sealed: sealed anew, then removed. */
async function migrateLegacy(map: Map<string, Row>): Promise<void> {
  const db = await open();
  if (!db.objectStoreNames.contains(LEGACY)) return;
  type Old = Row | (Pick<Row, 'id' | 'casualtyId' | 'status' | 'seq'> & { box: Sealed });
  const old = await tx(LEGACY, 'readonly', (s) => s.getAll() as IDBRequest<Old[]>);
  const rows = await Promise.all(old.map(async (d) => {
    if (!('box' in d)) return d;
    const { box, ...rest } = d;
    return { ...rest, ...(await unseal<Pick<Row, 'event' | 'error' | 'handover'>>(box)) } as Row;
  }));
  await writeRows(map, rows.filter((r) => !map.has(r.id)));
  await tx(LEGACY, 'readwrite', (s) => s.clear());
}

async function load(): Promise<Map<string, Row>> {
  const [keys, boxes] = await tx(SEALED, 'readonly', async (s) => Promise.all([done(s.getAllKeys()), done(s.getAll() as IDBRequest<Sealed[]>)]));
  const map = new Map<string, Row>();
  const rows = await Promise.all(boxes.map((b) => unseal<Row>(b)));
  rows.forEach((r, i) => {
    map.set(r.id, r);
    slots.set(r.id, String(keys[i]));
  });
  await migrateLegacy(map);
  return map;
}

/** The open rows; throws LockedError while locked (nothing can be read without the PIN). */
function rowsMap(): Promise<Map<string, Row>> {
  if (locked()) return Promise.reject(new LockedError());
  cache ??= load().catch((e: unknown) => {
    cache = null;
    throw e;
  });
  return cache;
}

const unsentInClear = (): number => Number(localStorage.getItem(UNSENT) ?? '0') || 0;
const countUnsent = (map: Map<string, Row>): number => [...map.values()].filter((r) => r.status !== 'sent').length;

/** Seal and write rows (sealed first: WebCrypto cannot run inside an IndexedDB transaction). */
async function writeRows(map: Map<string, Row>, rows: Row[]): Promise<void> {
  if (!rows.length) return;
  const put = rows.map((r) => {
    let slot = slots.get(r.id);
    if (!slot) slots.set(r.id, (slot = newSlot()));
    return { slot, row: r };
  });
  const boxes = await Promise.all(put.map((p) => seal(p.row)));
  await tx(SEALED, 'readwrite', async (s) => {
    put.forEach((p, i) => s.put(boxes[i], p.slot));
    return undefined;
  });
  for (const r of rows) map.set(r.id, r);
  localStorage.setItem(UNSENT, String(countUnsent(map)));
}
const putRows = async (rows: Row[]): Promise<void> => writeRows(await rowsMap(), rows);

async function rowsById(ids: string[]): Promise<Map<string, Row>> {
  const map = await rowsMap();
  return new Map(ids.flatMap((id) => (map.has(id) ? [[id, map.get(id)!] as const] : [])));
}

export const allRows = async (): Promise<Row[]> => [...(await rowsMap()).values()];
export const rowsOf = async (casualtyId: string): Promise<Row[]> => (await allRows()).filter((r) => r.casualtyId === casualtyId);
export const rowsWith = async (status: Status): Promise<Row[]> => (await allRows()).filter((r) => r.status === status);

/** Delete everything this phone holds — only when it holds nothing the server lacks. Returns whether it wiped. */
export async function wipeIfAllSent(): Promise<boolean> {
  const pending = cache && !locked() ? countUnsent(await cache) : unsentInClear();
  if (pending > 0) return false;
  (await dbp)?.close();
  dbp = null;
  cache = null;
  slots.clear();
  await new Promise<void>((resolve) => {
    const r = indexedDB.deleteDatabase(DB);
    r.onsuccess = r.onerror = r.onblocked = () => resolve();
  });
  for (const k of Object.keys(localStorage)) if (k.startsWith('gh.') && k !== 'gh.lang' && k !== 'gh.device') localStorage.removeItem(k);
  await forgetKeys();
  forgetVault(); // the credential went with the sealed settings: nothing may be pulled back before the reload
  emit();
  return true;
}

/**
 * What waits, what was refused and still needs a person, and what was refused but recorded again as new (`anew`: set
 * aside, resolved by its copy, which counts as waiting until sent); while locked only the count of unsent records is known.
 */
export async function counts(): Promise<{ pending: number; rejected: number; anew: number }> {
  if (locked()) return { pending: unsentInClear(), rejected: 0, anew: 0 };
  const rows = await allRows();
  const refused = rows.filter((r) => r.status === 'rejected');
  return { pending: rows.filter((r) => r.status === 'pending').length, rejected: refused.filter((r) => !r.anew && !relayed(r)).length, anew: refused.filter((r) => r.anew).length };
}

/**
 * A record received by a verified hand-over (SYNC-17) that the server refused as taken (409): its id is on the server
 * already, from the medic's phone that signed it. Nothing for a person to correct, and never recorded again as new
 * (that made a second casualty at the bedside); kept, set aside, shown as already on the server.
 */
export const relayed = (r: Row): boolean => r.status === 'rejected' && r.refusal === 409 && r.handover?.verified === true;

/**
 * Build, validate and store one event (pending). Throws on an invalid payload: nothing is stored. `at` and the
 * payload's times are read off this phone's clock; when its offset to the server is known they are corrected and
 * the phone's own reading kept (SYNC-15); every event gets a hybrid logical clock stamp (SYNC-3).
 */
export async function record<T extends EventType>(casualtyId: string, type: T, payload: PayloadOf<T>, at?: string): Promise<CasualtyEvent> {
  const now = new Date().toISOString();
  const raw = { id: uuidv7(), casualtyId, at: at ?? now, recordedAt: now, deviceId: deviceId(), author: author(), hlc: stamp(deviceId()), type, payload };
  const parsed = parseEvent(raw);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const event = measured() ? correctTimes(parsed.data, offsetMs(), 'device') : parsed.data;
  await putRows([{ id: raw.id, casualtyId, event, status: 'pending' }]);
  emit();
  scheduleFlush(0);
  return event;
}

export async function casualtyState(casualtyId: string): Promise<{ state: CasualtyState; rows: Row[] }> {
  const rows = await rowsOf(casualtyId);
  return { state: fold(casualtyId, rows.map((r) => r.event), serverNowIso()), rows };
}

/** A casualty received here by a verified hand-over code, as this device holds it, and the code (SYNC-22). */
export interface HandedOver {
  id: string;
  state: CasualtyState;
  /** The medic who handed it over. */
  from: string;
  code: string;
  /** This device's arrival records of it: the facility, whether each is sent, waiting or refused, and the server's why. */
  arrivals: { facilityId: string; status: Status; error?: string | undefined }[];
}

/** Casualties received by a verified hand-over code on this device, the latest registered first. */
export async function handedOver(): Promise<HandedOver[]> {
  const rows = await allRows();
  const now = serverNowIso();
  const codes = new Map<string, { from: string; code: string }>();
  for (const r of rows) if (r.handover?.verified && r.handover.code) codes.set(r.casualtyId, { from: r.handover.author, code: r.handover.code });
  return [...codes].sort(([a], [b]) => (a < b ? 1 : -1)).map(([id, { from, code }]) => {
    const mine = rows.filter((r) => r.casualtyId === id);
    const arrivals = mine.filter((r) => r.event.type === 'arrival' && !r.handover).map((r) => ({ facilityId: (r.event.payload as { facilityId: string }).facilityId, status: r.status, error: r.error }));
    return { id, state: fold(id, mine.map((r) => r.event), now), from, code, arrivals };
  });
}

/** Casualties known on this device: the ids with a registered event, newest first. */
export async function localCasualties(): Promise<{ id: string; state: CasualtyState; pending: number }[]> {
  const rows = await allRows();
  const by = new Map<string, Row[]>();
  for (const r of rows) by.set(r.casualtyId, [...(by.get(r.casualtyId) ?? []), r]);
  const now = serverNowIso();
  return [...by.entries()]
    .map(([id, rs]) => ({ id, state: fold(id, rs.map((r) => r.event), now), pending: rs.filter((r) => r.status === 'pending').length }))
    .filter((c) => c.state.registered)
    .sort((a, b) => (b.state.injuredAt ?? '').localeCompare(a.state.injuredAt ?? ''));
}

/**
 * Merge events as the server holds them: new ones are added, and the server's copy replaces ours (it may have given
 * an event a corrected time, SYNC-16, and an event it holds was acknowledged even if the answer was lost, SYNC-6) —
 * but only when it is our record. Other content under the id of a record still here only (a writer re-using ids) is
 * not: a pending record goes on to be refused and set aside, and one set aside stays as the medic made it, for a
 * person (SYNC-14); before, the next pull replaced it with the server's copy and it was gone without a word.
 * Returns how many rows changed.
 */
/** The server's copy is this record: as sent, or the same submission with the times the server fixed (SYNC-16). */
const ours = (mine: CasualtyEvent, theirs: CasualtyEvent): boolean => canonical(mine) === canonical(theirs) || sameSubmission(theirs, mine);

async function mergeServerEvents(events: ServedEvent[]): Promise<number> {
  if (!events.length) return 0;
  seen(deviceId(), events.map((e) => e.hlc));
  const have = await rowsById(events.map((e) => e.id));
  const changed: Row[] = [];
  for (const e of events) {
    const { seq, receivedAt: _r, ...ev } = e;
    const old = have.get(e.id);
    // The event alone decides (an id names one event forever; most callers are not told its seq).
    if (old?.status === 'sent' && JSON.stringify(old.event) === JSON.stringify(ev)) continue;
    if (old && old.status !== 'sent' && (old.status === 'rejected' || !ours(old.event, ev as CasualtyEvent))) continue;
    changed.push({ id: e.id, casualtyId: e.casualtyId, event: ev as CasualtyEvent, status: 'sent', ...(seq !== undefined ? { seq } : {}) });
  }
  await putRows(changed);
  if (changed.length) emit();
  return changed.length;
}

/** Merge a log read from the server (an incident's, issue 15) as the server holds it. */
export const mergeEvents = (events: ServedEvent[]): Promise<number> => mergeServerEvents(events);

/** Merge the server's copy of a casualty's log (events of other devices: dispatcher, facility). */
export async function pull(casualtyId: string): Promise<void> {
  const { events } = await getCasualty(casualtyId);
  await mergeServerEvents(events);
}

/** What this phone may hold of other phones' casualties (SYNC-12); beyond it, only casualties already held are pulled. */
export const STORAGE_BUDGET_BYTES = 50 * 1024 * 1024;
export async function storageUse(): Promise<{ usage: number; budget: number }> {
  const est = await navigator.storage?.estimate?.().catch(() => undefined);
  return { usage: est?.usage ?? 0, budget: STORAGE_BUDGET_BYTES };
}

/** The pull cursor of the signed-in user, kept sealed (its name holds the user's). */
const cursorKey = (): string => `pull.${currentUser()?.username ?? '-'}`;
/**
 * A pull page. Those who see every casualty get numbers (`head`); others an opaque `next` and `more`, and `after`
 * echoes the token sent, or 0 when the page starts at the beginning (no cursor, or a number of before tokens).
 */
type PullPage = { after: number | string; events: ServedEvent[]; next: number | string } & ({ head: number } | { more: boolean });
/** SYNC-5: the page starts at the cursor sent (or before it, or at the beginning): moving to its `next` opens no gap. */
const startsAt = (r: PullPage, sent: string): boolean =>
  r.after === 0 || String(r.after) === sent || (typeof r.after === 'number' && /^\d+$/.test(sent) && r.after <= Number(sent));
/**
 * Receive the unit's casualties (SYNC-12): page the server's log from this phone's cursor; the server returns only
 * what this user may see. The cursor moves only over answers that start at it (SYNC-5). A numeric cursor kept from
 * before tokens is answered once from the start (merges are idempotent); a cursor the server no longer takes (a
 * token of another key, or the user now shown numbers) is dropped and the scope pulled from the start.
 */
export async function pullScope(): Promise<number> {
  if (!hasToken()) return 0;
  let after = secret(cursorKey()) ?? '';
  if (after === '0') after = '';
  let merged = 0;
  for (let page = 0; page < 50; page++) {
    let r: PullPage;
    try {
      r = await api<PullPage>(`/api/sync/pull?limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 400 || after === '') throw e;
      after = '';
      setSecret(cursorKey(), null);
      continue;
    }
    if (!startsAt(r, after || '0')) break;
    const { usage, budget } = await storageUse();
    const held = usage > budget ? new Set((await allRows()).map((x) => x.casualtyId)) : null;
    merged += await mergeServerEvents(held ? r.events.filter((e) => held.has(e.casualtyId)) : r.events);
    const next = typeof r.next === 'number' && /^\d+$/.test(after) ? Math.max(Number(after), r.next) : r.next;
    if (String(next) !== after) setSecret(cursorKey(), String(next));
    if ('more' in r ? !r.more : typeof r.next === 'number' && (r.next >= r.head || String(r.next) === String(r.after))) break;
    after = String(next);
  }
  return merged;
}

/** Casualties whose card is open: pulled whenever the link is up, so the card shows other phones' records live. */
const watched = new Set<string>();
export function watch(casualtyId: string): () => void {
  watched.add(casualtyId);
  if (navigator.onLine) pull(casualtyId).catch(() => undefined);
  return () => watched.delete(casualtyId);
}

/** Send what waits, then receive what others recorded (and devices' keys): on reconnect and while online. */
export async function syncNow(): Promise<void> {
  if ((typeof navigator !== 'undefined' && navigator.onLine === false) || locked()) return; // locked: nothing is readable
  await flush();
  await Promise.all([pullScope(), syncKeys(), ...[...watched].map((id) => pull(id))]).catch(() => undefined);
}

/**
 * Keep the events of a scanned hand-over code (issue 17). Verified: with their own ids, so they merge with the
 * sender's copy on the server (SYNC-1); an event already here is never overwritten. Unverified: added under new ids,
 * marked and held on this phone, never sent.
 */
export async function receiveHandover(events: CasualtyEvent[], from: { device: string; author: string }, verified: boolean, code?: string): Promise<number> {
  const handover = { from: from.device, author: from.author, verified, ...(verified && code ? { code } : {}) };
  const have = verified ? await rowsById(events.map((e) => e.id)) : new Map<string, Row>();
  const added: Row[] = events
    .filter((e) => !have.has(e.id))
    .map((e) => {
      // Times read off the sender's clock, not this one's: a note with no offset applied, so neither this phone nor
      // the server (x-device-time) shifts them by this phone's offset. Shifted (a desk 2 s or more off), they were
      // other content under the medic's ids: refused, never the duplicates they are (SYNC-1).
      const event = verified ? ({ ...e, clock: e.clock ?? { deviceAt: e.at, offsetMs: 0, by: 'device' } } as CasualtyEvent) : ({ ...e, id: uuidv7() } as CasualtyEvent);
      return { id: event.id, casualtyId: e.casualtyId, event, status: verified ? 'pending' : 'held', handover };
    });
  await putRows(added);
  emit();
  if (verified) scheduleFlush(0);
  return added.length;
}

/** Send a refused record again, its time corrected by the phone's current offset if it had none (SYNC-16). */
export async function resend(id: string): Promise<void> {
  const r = (await rowsById([id])).get(id);
  if (r?.status === 'rejected') {
    const { error: _e, refusal: _f, ...rest } = r;
    await putRows([{ ...rest, event: measured() ? correctTimes(r.event, offsetMs(), 'device') : r.event, status: 'pending' }]);
  }
  emit();
  await flush();
}

/**
 * Record a record refused as 409 (its id is taken on the server) again as new: the same content under new ids, the
 * refused one kept set aside and marked with the card its copy is on, so it is offered once. A refused registration
 * (the casualty's id taken) makes a new casualty, and takes along that casualty's records still waiting here: they
 * build on it. Those are set aside with it, never deleted: sent, they would land on the other writer's casualty once
 * it came into scope (SYNC-20), a second copy of the medic's records. Answers the card to open.
 */
export async function recordAnew(id: string): Promise<string | null> {
  // Alone, as a send is: a send starting while the copy is stored took the records being set aside (they were still
  // pending), and a second tap made a second copy. Either now waits for it (flush joins it) and then finds it done.
  while (flushing) await flushing.catch(() => undefined);
  const run = copyAnew(id);
  flushing = run.then(() => undefined, () => undefined).finally(() => (flushing = null));
  return run;
}

async function copyAnew(id: string): Promise<string | null> {
  const r = (await rowsById([id])).get(id);
  if (r?.status !== 'rejected' || r.anew || relayed(r)) return null;
  const whole = r.event.type === 'registered';
  const casualtyId = whole ? uuidv7() : r.casualtyId;
  const rows = whole ? [r, ...(await rowsOf(r.casualtyId)).filter((x) => x.status === 'pending').sort((a, b) => (a.id < b.id ? -1 : 1))] : [r];
  const ids = new Map(rows.map((x) => [x.id, uuidv7()]));
  // A void or an amend among them names its target by id: the copy names the target's copy.
  const renamed = (payload: unknown): unknown => JSON.parse(JSON.stringify(payload), (_k, v: unknown) => (typeof v === 'string' ? (ids.get(v) ?? v) : v));
  const copies = rows.map((x): Row => {
    const event = { ...x.event, id: ids.get(x.id)!, casualtyId, hlc: stamp(deviceId()), payload: renamed(x.event.payload) } as CasualtyEvent;
    return { id: event.id, casualtyId, event, status: 'pending' };
  });
  const { error, refusal } = r;
  await putRows([...copies, ...rows.map((x): Row => ({ ...x, status: 'rejected', error, refusal, anew: casualtyId }))]);
  emit();
  scheduleFlush(0);
  return casualtyId;
}

// ---- sending -------------------------------------------------------------------------------------------------

let flushing: Promise<void> | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;
let backoffMs = 2000;
export let lastError: SendFailure | null = null;

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

/**
 * A person's "Send now": an attempt that starts after the tap. A tap while a send is under way used to join it, and
 * when that one failed the next try waited for the backoff (up to a minute): the tap did nothing.
 */
export function sendNow(): Promise<void> {
  return flushing ? flushing.then(flush) : flush();
}

/** Events recorded before this phone knew its clock's offset: measure it now and correct them before they leave. */
async function correctUnmeasured(pending: Row[]): Promise<Row[]> {
  if (!pending.some((r) => !r.event.clock)) return pending;
  await api('/api/health'); // one contact = one clock sample (SYNC-15)
  if (!measured()) return pending;
  const fixed = pending.map((r) => (r.event.clock ? r : { ...r, event: correctTimes(r.event, offsetMs(), 'device') }));
  await putRows(fixed);
  return fixed;
}

/**
 * The verified codes a batch's records were received by (SYNC-17): sent with them, so the server stores each record
 * a code signs as the code's author's, not this device's (before, a desk that sent them first was their author).
 */
const codesOf = (batch: Row[]): string[] => [...new Set(batch.flatMap((r) => (r.handover?.verified && r.handover.code ? [r.handover.code] : [])))].slice(-8);

/** Refusals for good (SYNC-14). Not 401 (sign in again), 404 (not yet, SYNC-20), 429 or 5xx (try again later). */
const FINAL = new Set([400, 403, 409, 413, 415, 422]);

/** The batch indices a refusal names (`events.3.id` → 3), or none when it names no single event. */
function namedEvents(e: ApiError, size: number): Set<number> {
  const issues = (e.body as { error?: { issues?: { path?: string }[] } } | null)?.error?.issues ?? [];
  const at = issues.map((i) => /^events\.(\d+)(\.|$)/.exec(i.path ?? '')?.[1]).filter((x): x is string => x !== undefined).map(Number);
  return new Set(at.filter((i) => i < size));
}

/**
 * Send one casualty's records. A batch refused for good is bisected until the refused record is alone (or named by
 * the server); that one is set aside, visibly, with the server's reason, and the rest go (SYNC-14): before, only a
 * 400 was, and any other refusal (409, 403, 413…) stopped the whole flush, so nothing recorded after it ever left.
 * Answers the server's refusal when it lacks what these build on (404, SYNC-20): they stay pending, to go later.
 */
async function sendCasualty(casualtyId: string, rows: Row[]): Promise<ApiError | null> {
  const todo: Row[][] = [rows]; // last = next to send, so the records go in the order they were made
  while (todo.length) {
    const batch = todo.pop()!;
    try {
      const res = await postEvents(casualtyId, batch.map((r) => r.event), codesOf(batch));
      const seqs = new Map(res.results.map((x) => [x.id, x.seq]));
      await putRows(batch.map((r) => ({ ...r, status: 'sent', seq: seqs.get(r.id) }) satisfies Row));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return e; // the other casualties' records go now
      if (!(e instanceof ApiError) || !FINAL.has(e.status)) throw e;
      const named = namedEvents(e, batch.length);
      if (named.size === 0 && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        todo.push(batch.slice(half), batch.slice(0, half));
        continue;
      }
      const refused = named.size ? batch.filter((_, i) => named.has(i)) : batch;
      await putRows(refused.map((r) => ({ ...r, status: 'rejected', error: e.message, refusal: e.status }) satisfies Row));
      emit();
      const rest = batch.filter((r) => !refused.includes(r));
      if (rest.length) todo.push(rest);
    }
  }
  return null;
}

async function sendPending(): Promise<void> {
  if ((typeof navigator !== 'undefined' && navigator.onLine === false) || locked()) return;
  const waiting = await rowsWith('pending');
  if (!waiting.length) return;
  try {
    const pending = await correctUnmeasured(waiting);
    const byCasualty = new Map<string, Row[]>();
    for (const r of pending.sort((a, b) => (a.id < b.id ? -1 : 1))) byCasualty.set(r.casualtyId, [...(byCasualty.get(r.casualtyId) ?? []), r]);
    let notYet: ApiError | null = null;
    for (const [casualtyId, rows] of byCasualty) notYet = (await sendCasualty(casualtyId, rows.slice(0, 1000))) ?? notYet;
    if (notYet !== null) throw notYet;
    lastError = null;
    backoffMs = 2000;
  } catch (e) {
    lastError = failureOf(e, typeof navigator === 'undefined' || navigator.onLine);
    backoffMs = Math.min(backoffMs * 2, 60_000);
    scheduleFlush(backoffMs);
  } finally {
    emit();
  }
}

/** Set in the clear after a remote wipe or seal, to tell the user why (vault/ui.ts). */
export const REVOKED = 'gh.revoked';
/**
 * The server said this device was revoked (issue 17): wipe everything when nothing waits to be sent; else forget the
 * credential and lock, the unsent records staying sealed as after too many wrong PINs.
 */
let revoking: Promise<'wiped' | 'sealed'> | null = null;
export function revoked(): Promise<'wiped' | 'sealed'> {
  revoking ??= sealOrWipe(); // every refused request of the moment says so: act once
  return revoking;
}
async function sealOrWipe(): Promise<'wiped' | 'sealed'> {
  if (await wipeIfAllSent()) {
    localStorage.setItem(REVOKED, 'wiped');
    return 'wiped';
  }
  if (!locked()) setSecret('token', null);
  localStorage.setItem(REVOKED, 'sealed');
  lock();
  return 'sealed';
}

if (typeof window !== 'undefined') {
  window.addEventListener('gh:revoked', () => void revoked().then((r) => r === 'wiped' && location.reload()));
  window.addEventListener('online', () => void syncNow());
  setInterval(() => void syncNow(), 15_000);
}
