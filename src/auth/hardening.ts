// Request hardening shared by every route: security headers and a token-bucket rate limit (429).
import type { FastifyReply } from 'fastify';

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(self), microphone=(), geolocation=(self)', // camera: scanning an enrolment or hand-over QR code
};

/**
 * The CSP with extra origins the web app may load map tiles from (a tile server or PMTiles file the operator set,
 * e.g. on the field network). Everything else stays same-origin.
 */
export function contentSecurityPolicy(mapOrigins: readonly string[] = []): string {
  const base = SECURITY_HEADERS['content-security-policy']!;
  if (!mapOrigins.length) return base;
  const extra = ` ${mapOrigins.join(' ')}`;
  return base.replace("img-src 'self' data: blob:", `img-src 'self' data: blob:${extra}`).replace("connect-src 'self'", `connect-src 'self'${extra}`);
}

/** Origins like `https://tiles.field.lan:8443`: scheme, host and optional port, nothing a CSP could be broken with. */
export function parseMapOrigins(text: string | undefined): string[] {
  const list = (text ?? '').split(/[\s,]+/).filter(Boolean);
  for (const o of list) if (!/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(o)) throw new Error(`MAP_ORIGINS: not an origin: ${o}`);
  return list;
}

export function setSecurityHeaders(reply: FastifyReply, https: boolean, csp: string = SECURITY_HEADERS['content-security-policy']!): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
  reply.header('content-security-policy', csp);
  if (https) reply.header('strict-transport-security', 'max-age=31536000');
}

const MAX_BUCKETS = 50_000;

/** Token buckets keyed by caller (token hash or address): `burst` requests at once, refilled at `perSecond`. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  readonly burst: number;
  readonly perSecond: number;
  private readonly now: () => number;
  constructor(burst: number, perSecond: number, now: () => number = () => performance.now()) {
    this.burst = burst;
    this.perSecond = perSecond;
    this.now = now;
  }
  /** How many buckets are kept (tests). */
  get size(): number {
    return this.buckets.size;
  }
  /** Take one token; returns 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.perSecond);
    b.at = t;
    if (this.buckets.size >= MAX_BUCKETS && !this.buckets.has(key)) this.forgetFullest(t);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      this.buckets.set(key, b);
      return 0;
    }
    this.buckets.set(key, b);
    return Math.ceil((1 - b.tokens) / this.perSecond);
  }

  /**
   * Bounded memory under a flood of addresses or names: forget the half of the buckets fullest now (a full one is as
   * good as new). Emptying them all — as before — gave a guesser its tries again after 50,000 made-up names; a flood's
   * names are nearly full, so a bucket being drained outlives it.
   */
  private forgetFullest(t: number): void {
    const level = (b: { tokens: number; at: number }): number => b.tokens + ((t - b.at) / 1000) * this.perSecond;
    const byLevel = [...this.buckets].sort((x, y) => level(y[1]) - level(x[1]));
    for (const [k] of byLevel.slice(0, byLevel.length - MAX_BUCKETS / 2)) this.buckets.delete(k);
  }
}
