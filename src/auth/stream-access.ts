// Who may hold a live stream open, and for how long. EventSource cannot send an Authorization header, so the web
// app trades its bearer token for a ticket (single use, valid TICKET_TTL_MS) and puts only the ticket in the URL:
// a URL that leaks (logs, history, a proxy) opens nothing. An open stream re-checks the credential behind it on
// every page and every RECHECK_MS, so revocation, logout, expiry and a disabled user close it within seconds; and
// one credential holds at most MAX_STREAMS_PER_CREDENTIAL streams at once, and one user at most MAX_STREAMS_PER_USER
// whatever number of sessions they sign in (both counted per server process).
//
// Tickets are kept in the trust database (`auth_stream_tickets`), so a ticket issued by one server process opens the
// stream on any other on the same database. A row holds the ticket's SHA-256 and the bearer token sealed
// (AES-256-GCM) under a key derived from the ticket itself: a copy of the table opens nothing. Redemption is one
// `DELETE … RETURNING`: of racing redemptions on any processes, exactly one gets the row.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../storage/trust-db.ts';
import { sha256 } from './crypto.ts';

export const TICKET_TTL_MS = 30_000;
export const RECHECK_MS = 2_000;
export const MAX_STREAMS_PER_CREDENTIAL = 4;
/**
 * Streams one user may hold at once over all their credentials: two sessions' worth. Without it a user held four on
 * every session they signed in (the attack review: five sessions × four streams that never read).
 */
export const MAX_STREAMS_PER_USER = 8;

const keyOf = (ticket: string): Buffer => createHash('sha256').update('goldenhour stream ticket key\n').update(ticket).digest();

function seal(token: string, ticket: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', keyOf(ticket), iv);
  const body = Buffer.concat([c.update(token, 'utf8'), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url');
}

function unseal(sealed: string, ticket: string): string | null {
  try {
    const b = Buffer.from(sealed, 'base64url');
    const d = createDecipheriv('aes-256-gcm', keyOf(ticket), b.subarray(0, 12));
    d.setAuthTag(b.subarray(12, 28));
    return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** Single-use stream tickets in the trust database, shared by every server process on it. */
export class StreamTickets {
  private readonly sql: Sql;
  private readonly now: () => number;
  constructor(sql: Sql, now: () => number = Date.now) {
    this.sql = sql;
    this.now = now;
  }

  async issue(token: string): Promise<{ ticket: string; expiresAt: string }> {
    const t = this.now();
    await this.sql.query('DELETE FROM auth_stream_tickets WHERE expires_at <= $1', [t]); // expired ones, by index
    const ticket = `ght_${randomBytes(24).toString('base64url')}`;
    await this.sql.query('INSERT INTO auth_stream_tickets (ticket_hash, sealed, expires_at) VALUES ($1, $2, $3)', [sha256(ticket), seal(token, ticket), t + TICKET_TTL_MS]);
    return { ticket, expiresAt: new Date(t + TICKET_TTL_MS).toISOString() };
  }

  /** The bearer token behind a ticket, once: a used or expired ticket gives null. */
  async redeem(ticket: string): Promise<string | null> {
    const r = await this.sql.query<{ sealed: string; expires_at: number | string }>(
      'DELETE FROM auth_stream_tickets WHERE ticket_hash = $1 RETURNING sealed, expires_at',
      [sha256(ticket)],
    );
    const row = r[0];
    return row && Number(row.expires_at) > this.now() ? unseal(row.sealed, ticket) : null;
  }
}

/** Why a stream was not given a place: its credential's streams, or its user's, are at the maximum. */
export type StreamRefusal = 'credential' | 'user';

/** Open streams per credential and per user in this process. */
export class StreamSlots {
  private readonly byCredential = new Map<string, number>();
  private readonly byUser = new Map<string, number>();

  /** Count a stream against its credential and its user; the refusal when either already holds the maximum. */
  acquire(token: string, username: string): (() => void) | StreamRefusal {
    const key = sha256(token);
    if ((this.byCredential.get(key) ?? 0) >= MAX_STREAMS_PER_CREDENTIAL) return 'credential';
    if ((this.byUser.get(username) ?? 0) >= MAX_STREAMS_PER_USER) return 'user';
    const take = (m: Map<string, number>, k: string, d: number) => {
      const n = (m.get(k) ?? 0) + d;
      if (n <= 0) m.delete(k);
      else m.set(k, n);
    };
    take(this.byCredential, key, 1);
    take(this.byUser, username, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      take(this.byCredential, key, -1);
      take(this.byUser, username, -1);
    };
  }
}
