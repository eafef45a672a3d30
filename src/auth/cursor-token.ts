// Opaque cursors for callers who do not see every casualty (test/attack/README.md "head-oracle"; docs/security.md).
// A global sequence number counts every unit's writes one by one, so a scoped caller is never shown one: its
// cursors are the seq sealed with AES-256-GCM under the server's cursor key (the trust database's, so every process
// opens what another sealed), a random nonce (equal seqs look different: two tokens tell nothing of each other) and
// the username as associated data (a token opens only for the user it was made for: one phone's cursor read from
// another's cannot be replayed to learn anything new). A token that does not open is refused, never guessed at.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Sql } from '../storage/trust-db.ts';
import { CURSOR_TOKEN } from '../core/api.ts';

export const CURSOR_KEY_BYTES = 32;
const NONCE = 12;
const TAG = 16;
const BODY = 8; // the seq as a big-endian unsigned 64-bit integer
/** Every token starts with this letter, so it is never all digits (a numeric cursor is told from a token by its form). */
const PREFIX = 'c';
/** A token's shape (the API's schemas accept it before it is opened): `c` + base64url of 36 bytes. */
export { CURSOR_TOKEN };

export type CursorKey = Buffer;

export function newCursorKey(): CursorKey {
  return randomBytes(CURSOR_KEY_BYTES);
}

/** Seal `seq` for `user`: `c` + base64url(nonce ‖ ciphertext ‖ tag), 49 characters. */
export function sealCursor(key: CursorKey, user: string, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError(`not a sequence number: ${seq}`);
  const nonce = randomBytes(NONCE);
  const c = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG });
  c.setAAD(Buffer.from(user, 'utf8'));
  const body = Buffer.alloc(BODY);
  body.writeBigUInt64BE(BigInt(seq));
  return PREFIX + Buffer.concat([nonce, c.update(body), c.final(), c.getAuthTag()]).toString('base64url');
}

/** The seq sealed in `token` for `user`, or null: not a token, tampered with, another user's, another key's. */
export function openCursor(key: CursorKey, user: string, token: string): number | null {
  if (!CURSOR_TOKEN.test(token)) return null;
  const b = Buffer.from(token.slice(PREFIX.length), 'base64url');
  if (b.length !== NONCE + BODY + TAG) return null;
  try {
    const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, NONCE), { authTagLength: TAG });
    d.setAAD(Buffer.from(user, 'utf8'));
    d.setAuthTag(b.subarray(NONCE + BODY));
    const body = Buffer.concat([d.update(b.subarray(NONCE, NONCE + BODY)), d.final()]);
    const seq = body.readBigUInt64BE();
    return seq <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(seq) : null;
  } catch {
    return null;
  }
}

/** The server's cursor key from the trust database, made once by whichever process first needs it. */
export async function loadCursorKey(sql: Sql): Promise<CursorKey> {
  await sql.query('INSERT INTO auth_cursor_key (id, cursor_key) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [newCursorKey().toString('base64url')]);
  const [row] = await sql.query<{ cursor_key: string }>('SELECT cursor_key FROM auth_cursor_key WHERE id = 1');
  const key = Buffer.from(row!.cursor_key, 'base64url');
  if (key.length !== CURSOR_KEY_BYTES) throw new Error('the trust database holds a cursor key of the wrong size');
  return key;
}
