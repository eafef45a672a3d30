// Request hardening shared by every route: security headers and a token-bucket rate limit (429).
import { isIPv6 } from 'node:net';

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

/**
 * The key a client's address is throttled under: an IPv6 address by its /64 (one host holds a whole /64 and may send
 * from any address of it, so a bucket per address held nobody), an IPv4-mapped one as its IPv4 address, anything
 * else as it is.
 */
export function addressKey(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const bare = ip.split('%')[0]!.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped) return mapped[1]!;
  // An embedded IPv4 address (`64:ff9b::192.0.2.1`) is the last two groups.
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])));
  const [head, tail] = bare.includes('::') ? bare.split('::') : [bare, undefined];
  const h = groups(head!);
  const t = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return `${all.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
