// Client-generated ids. UUIDv7 (RFC 9562): 48-bit unix ms, then random bits. Sortable by creation time and
// unique without coordination, so an offline phone can mint ids that a server later accepts idempotently.
import { z } from 'zod';

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

let lastMs = 0;
let seq = 0;

/** A new UUIDv7. Monotonic within one process: ids minted in the same millisecond still sort in order. */
export function uuidv7(nowMs: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  if (nowMs <= lastMs) {
    seq = (seq + 1) & 0xfff;
    if (seq === 0) lastMs += 1; // 4096 ids in one ms: borrow the next ms rather than repeat
    nowMs = lastMs;
  } else {
    seq = bytes[6]! & 0x07; // small random start keeps room for increments
    lastMs = nowMs;
  }
  const ms = BigInt(nowMs);
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | ((seq >> 8) & 0x0f);
  bytes[7] = seq & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Any RFC 9562 UUID (v4 and v7 both occur: older devices mint v4). Lower-case canonical form only. */
export const Uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, {
  message: 'must be a lower-case UUID',
});

/** Ids of reference entities (units, facilities, vehicles, threat zones): short, URL-safe, human-chosen. */
export const Slug = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
  message: 'must be 1–64 characters: letters, digits, dot, underscore, hyphen',
});

/**
 * Usernames and device ids are separate namespaces: in a casualty's list of writers (`authors`) a device appears as
 * `device:<id>`, so no username can ever equal a device id there (a user named like a device sees nothing by it).
 */
export const deviceAuthor = (deviceId: string): string => `device:${deviceId}`;

/** Names no user may take: what the system writes as author or device id itself, and the device id namespace. */
export const RESERVED_USERNAMES: readonly string[] = ['web', 'api', 'system', 'anonymous', 'import', 'demo', 'tak', 'upstream', 'sync', 'server', 'unknown', 'root', 'device', 'cli'];
export const isReservedUsername = (u: string): boolean => RESERVED_USERNAMES.includes(u) || /^(dev|device|tak|sys)[-_.:]/.test(u);
