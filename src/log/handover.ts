// SYNC-22: the arrival of a casualty handed over by code. A facility desk that received a casualty by the medic's signed
// hand-over code (SYNC-17) records its arrival with the code as proof; the code admits the casualty into the desk's
// scope for that batch, and the stored arrival keeps it there (a facility sees the casualties that arrived at it).
// A guessed or known id is not enough: the code must be signed by the registered key of a device whose user (or the
// device itself, when an administrator enrolled it) wrote to the casualty, name this casualty, be made within 72 h, and the arrival be at a facility the
// desk holds (docs/security.md). The signer must still count (its device not revoked, its user not disabled), and a
// code admits once (SYNC-23): after an arrival by it is stored at one facility, it admits no other facility's desk —
// held by the database (SYNC-24: the reception named in the append's audit entry, `handoverReceived`, is a row keyed
// by the code's id, written in the arrival's transaction). A code that names its facility admits an arrival there only.
import type { CasualtyEvent, CasualtySummary } from '../core/index.ts';
import { deviceAuthor, sameSubmission } from '../core/index.ts';
import type { Store } from '../storage/port.ts';
import type { Principal } from '../auth/policy.ts';
import { sameContent } from '../storage/common.ts';
import { LogError } from './errors.ts';

/** A hand-over code as read from its text: what it names, and a check of its signature by a public key. */
export interface HandoverCode {
  /** What identifies the code: a digest of its signed part (a signature re-encoded, s → n − s, is the same code). */
  id: string;
  casualtyId: string;
  /** The device that signed it. */
  signer: string;
  /** The signer's (corrected) clock when it made the code; null when the code carries none. */
  madeMs: number | null;
  /** The facility the code is for (SYNC-24); null when it names none (made before, or with no destination known). */
  facility: string | null;
  /** Who was signed in on the signer, as the code says. */
  author: string;
  /** The records it carries (their author and device are the reader's: only the signature says whose they are). */
  events: CasualtyEvent[];
  verify(publicKeySpki: string): Promise<boolean>;
}
/** Reads a code's text; throws when it cannot be read. The server gives it (src/interop/handover/proof.ts). */
export type ReadHandover = (text: string) => Promise<HandoverCode>;
/** A signer as the trust database knows it (src/auth/service.ts signerStanding). */
export interface Standing {
  /** Why what the device signs no longer counts — its device revoked, its user disabled — or null when it does. */
  off: 'revoked' | 'disabled' | null;
  /**
   * Whether the device is one an administrator enrolled for the key's user: its id is the server's and its credential
   * the phone's. A session's device id is the client's word (anyone who read it on an event may sign in under it and
   * register a key first), so only an enrolled device counts as "the device itself" (SYNC-22).
   */
  enrolled: boolean;
}
/** The server gives it from the trust database; without it every registered key counts, and no device is enrolled. */
export type SignerStanding = (deviceId: string, username: string) => Promise<Standing>;
const STANDING = { revoked: 'the hand-over code\'s device was revoked', disabled: 'the hand-over code\'s signer is disabled' } as const;

/** A code proves a hand-over for this long: the desk's link may be down for days, a code seen once is not a pass. */
export const HANDOVER_MAX_AGE_H = 72;
/** As SYNC-16's plausible instant: a code made further ahead of this server's clock is refused. */
const AHEAD_MIN = 60;

/** An arrival admitted by a code, named in the append's audit entry: the database holds it as the code's reception. */
export interface Received {
  /** The code's id (HandoverCode.id). */
  code: string;
  casualtyId: string;
  facilityId: string;
  /** The arrival's event id. */
  event: string;
}

/**
 * The database's refusal of a code's reception (migrations: SQLite 033, PostgreSQL 036): the facility holding it, or
 * null when `err` is something else. Both dialects raise this text.
 */
export function receivedRefusal(err: unknown): { code: string; facilityId: string } | null {
  const m = err instanceof Error ? /the hand-over code ([0-9a-f]{64}) was already received at (\S+)/.exec(err.message) : null;
  return m ? { code: m[1]!, facilityId: m[2]! } : null;
}

const refused = (i: number, why: string): LogError => new LogError('forbidden', `events.${i}: ${why}`, [{ path: `events.${i}.payload.handover`, message: why }]);

/**
 * The facility this batch's arrival admits the casualty to (SYNC-22), or null when none does — the batch is then
 * answered as it would be without a code. A code that is bad in itself (unreadable, of another casualty, undated, too
 * old, from a device with no key, a signature that does not verify) is refused (403) before the casualty is looked at,
 * so the answer is the same whether the id exists or not. `visible`: the desk sees the casualty already; its code is
 * verified all the same (it is kept in the arrival as the proof of a hand-over), and one whose signer never wrote to
 * the casualty is refused rather than passed over — nothing is hidden from this desk, so saying so tells nothing.
 */
export async function handoverAdmits(
  o: { read: ReadHandover | undefined; standing?: SignerStanding | undefined; store: Store; principal: Principal; nowMs: number; received: Received[]; visible?: boolean },
  casualtyId: string,
  events: readonly CasualtyEvent[],
  existing: CasualtySummary | null,
): Promise<string | null> {
  let admits: string | null = null;
  for (const [i, e] of events.entries()) {
    if (e.type !== 'arrival' || e.payload.handover === undefined) continue;
    // A re-send of a stored arrival is a duplicate (SYNC-1): its code was decided when it was stored (it may be older
    // than 72 h now, or its signer revoked since).
    if (existing !== null && (await storedAs(o.store, e))) continue;
    if (!o.read) throw refused(i, 'hand-over codes are not read here');
    let code: HandoverCode;
    try {
      code = await o.read(e.payload.handover);
    } catch {
      throw refused(i, 'the hand-over code cannot be read');
    }
    if (code.casualtyId !== casualtyId) throw refused(i, 'the hand-over code is of another casualty');
    if (code.madeMs === null) throw refused(i, 'the hand-over code carries no time');
    if (code.madeMs < o.nowMs - HANDOVER_MAX_AGE_H * 3_600_000) throw refused(i, `the hand-over code was made more than ${HANDOVER_MAX_AGE_H} h ago`);
    if (code.madeMs > o.nowMs + AHEAD_MIN * 60_000) throw refused(i, `the hand-over code was made more than ${AHEAD_MIN} min ahead of this server`);
    const key = await o.store.getEntity('device-key', code.signer);
    if (!key) throw refused(i, 'the hand-over code\'s device has no key on this server');
    if (!(await code.verify(key.publicKey))) throw refused(i, 'the hand-over code\'s signature does not verify');
    const standing = await o.standing?.(code.signer, key.username);
    if (standing?.off) throw refused(i, STANDING[standing.off]);
    // SYNC-24: a code that names its facility admits an arrival there, or at the destination this server now holds
    // for the casualty (a diversion the medic's phone had not heard of when it made the code).
    const at = e.payload.facilityId;
    if (code.facility !== null && code.facility !== at && existing?.destinationId !== at) throw refused(i, `the hand-over code is for ${code.facility}`);
    // Whose the code is decides, not who shows it: the signer's user (or enrolled device) wrote to this casualty. A
    // desk's own device signs whatever it is given; its codes admit nothing it could not already see. A browser's id
    // is the client's word, so its device clause does not count: its codes admit by the key's user.
    const byDevice = standing?.enrolled === true && existing?.authors.includes(deviceAuthor(code.signer)) === true;
    const signedByWriter = existing !== null && (existing.authors.includes(key.username) || byDevice);
    // Another role's arrival, or at a facility the desk does not hold, is refused by the write rules (SYNC-10).
    if (o.principal.role !== 'facility' || !o.principal.facilities.includes(at)) continue;
    if (!signedByWriter) {
      if (o.visible) throw refused(i, 'the hand-over code is not signed by anyone who wrote to this casualty');
      continue;
    }
    const elsewhere = await receivedElsewhere(o.read, o.store, casualtyId, code, at);
    if (elsewhere !== null) throw refused(i, `the hand-over code was already received at ${elsewhere}`);
    o.received.push({ code: code.id, casualtyId, facilityId: at, event: e.id });
    admits = at;
  }
  return admits;
}

/** Whether `e` is stored already with this content (as submitted, or as the server fixed its time). */
async function storedAs(store: Store, e: CasualtyEvent): Promise<boolean> {
  const s = await store.getEvent(e.id);
  return s !== null && s.casualtyId === e.casualtyId && (sameContent(s, e) || sameSubmission(s, e));
}

/**
 * SYNC-23: the facility other than `facilityId` where an arrival by this code (the same signed part) is stored, or
 * null. A code that names no receiver is received wherever it is held first (one that names it, only there); a
 * second facility's desk holding a copy is refused, and the receiving desk sees nothing change.
 */
async function receivedElsewhere(read: ReadHandover, store: Store, casualtyId: string, code: HandoverCode, facilityId: string): Promise<string | null> {
  const log = await store.eventsOf(casualtyId);
  // An arrival its desk voided (recorded at the wrong facility) is no reception.
  const voided = new Set(log.flatMap((e) => (e.type === 'void' ? [e.payload.target] : [])));
  for (const e of log) {
    if (e.type !== 'arrival' || e.payload.handover === undefined || e.payload.facilityId === facilityId || voided.has(e.id)) continue;
    const stored = await read(e.payload.handover).catch(() => null);
    if (stored?.id === code.id) return e.payload.facilityId;
  }
  return null;
}

/** Whether a raw batch holds an arrival by hand-over code (before validation: a cheap look at the raw events). */
export const carriesHandover = (raw: readonly unknown[]): boolean =>
  raw.some((e) => typeof e === 'object' && e !== null && (e as { type?: unknown }).type === 'arrival' && typeof (e as { payload?: { handover?: unknown } }).payload?.handover === 'string');

const turns = new WeakMap<object, Promise<unknown>>();
/** Runs `f` after every earlier call for the same key has settled (whatever its outcome): one at a time per store. */
export function inTurn<T>(key: object, f: () => Promise<T>): Promise<T> {
  const run = (turns.get(key) ?? Promise.resolve()).then(f, f);
  turns.set(key, run.catch(() => undefined));
  return run;
}

/** A record a verified code signs, and whose it is: the signer device's registered user, on that device. */
export interface SignedRecord {
  event: CasualtyEvent;
  author: string;
  deviceId: string;
}

/**
 * The records of `casualtyId` that the codes a receiver relays from sign (SYNC-17), by id. A code proves whose they
 * are when its signature verifies by the registered key of the device it names and it names that key's user as its
 * author and its signer still counts; any other code (unreadable, of another casualty, no key, a forged or tampered
 * signature, another author, a revoked device or disabled user) is passed over: the records are then the writer's, as
 * without it. Its age does not matter: a signature is evidence of authorship, not a pass into a scope (SYNC-22's 72 h);
 * its signer's standing does (SYNC-23: a captured phone signs any time it likes).
 */
export async function signedRecords(read: ReadHandover, store: Store, casualtyId: string, texts: readonly string[], standing?: SignerStanding): Promise<Map<string, SignedRecord>> {
  const signed = new Map<string, SignedRecord>();
  for (const text of texts) {
    const code = await read(text).catch(() => null);
    if (!code || code.casualtyId !== casualtyId) continue;
    const key = await store.getEntity('device-key', code.signer);
    // The body's author is the signer's word only: a desk's own key may not name a medic as its author.
    if (!key || key.username !== code.author || !(await code.verify(key.publicKey))) continue;
    // A revoked device's key still signs (a captured phone): what it signs is the relaying desk's, as unsigned.
    if ((await standing?.(code.signer, key.username))?.off) continue;
    for (const event of code.events) signed.set(event.id, { event, author: key.username, deviceId: code.signer });
  }
  return signed;
}

/** A record stored as its code's author's, named in the append's audit entry with who relayed it. */
export interface Relayed {
  id: string;
  author: string;
  deviceId: string;
}

/**
 * The batch with each record a code signs with this id and this content (casualty, type, time, payload) as the code's
 * author's, on the code's device; every other record, and every other field, as it was.
 */
export function asSigned(events: readonly CasualtyEvent[], signed: ReadonlyMap<string, SignedRecord>): { events: CasualtyEvent[]; relayed: Relayed[] } {
  const relayed: Relayed[] = [];
  const out = events.map((e) => {
    const s = signed.get(e.id);
    if (!s || !sameContent(s.event, e) || (s.author === e.author && s.deviceId === e.deviceId)) return e;
    relayed.push({ id: e.id, author: s.author, deviceId: s.deviceId });
    return { ...e, author: s.author, deviceId: s.deviceId };
  });
  return { events: out, relayed };
}
