// Who may hold a live stream open, and for how long. EventSource cannot send an Authorization header, so the web
// app trades its bearer token for a ticket (single use, valid TICKET_TTL_MS) and puts only the ticket in the URL:
// a URL that leaks (logs, history, a proxy) opens nothing. An open stream re-checks the credential behind it on
// every page and every RECHECK_MS, so revocation, logout, expiry and a disabled user close it within seconds; and
// one credential holds at most MAX_STREAMS_PER_CREDENTIAL streams at once.
import { randomBytes } from 'node:crypto';
import { sha256 } from './crypto.ts';

export const TICKET_TTL_MS = 30_000;
export const RECHECK_MS = 2_000;
export const MAX_STREAMS_PER_CREDENTIAL = 4;
const MAX_TICKETS = 10_000;

export class StreamTickets {
  private readonly tickets = new Map<string, { token: string; expires: number }>();
  private readonly open = new Map<string, number>();
  private readonly now: () => number;
  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  issue(token: string): { ticket: string; expiresAt: string } {
    const t = this.now();
    if (this.tickets.size >= MAX_TICKETS) for (const [k, v] of this.tickets) if (v.expires <= t) this.tickets.delete(k);
    if (this.tickets.size >= MAX_TICKETS) this.tickets.delete(this.tickets.keys().next().value!); // oldest first
    const ticket = `ght_${randomBytes(24).toString('base64url')}`;
    this.tickets.set(sha256(ticket), { token, expires: t + TICKET_TTL_MS });
    return { ticket, expiresAt: new Date(t + TICKET_TTL_MS).toISOString() };
  }

  /** The bearer token behind a ticket, once: a used or expired ticket gives null. */
  redeem(ticket: string): string | null {
    const key = sha256(ticket);
    const found = this.tickets.get(key);
    this.tickets.delete(key);
    return found && found.expires > this.now() ? found.token : null;
  }

  /** Count a stream against its credential; null when the credential already holds the maximum. */
  acquire(token: string): (() => void) | null {
    const key = sha256(token);
    const n = this.open.get(key) ?? 0;
    if (n >= MAX_STREAMS_PER_CREDENTIAL) return null;
    this.open.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(key) ?? 1) - 1;
      if (left <= 0) this.open.delete(key);
      else this.open.set(key, left);
    };
  }
}
