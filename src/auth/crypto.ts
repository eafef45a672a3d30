// Passwords: scrypt (memory-hard; N=2^15, r=8, p=1 ≈ 32 MiB), salted, compared in constant time. A stored hash
// names its own cost, and a password is verified at that cost.
// Tokens: 32 random bytes, base64url, with a prefix naming their kind; only their SHA-256 is stored, so a copy
// of the database opens nothing.
import { hash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 1 << 15;
/**
 * PASSWORD_COST=low (as RATE_LIMIT=off, for tests only; `serve` refuses it beyond loopback, and a sign-in without it
 * makes a cheaper hash again at the real cost): N=2^10, ~5 ms a hash instead of ~165. Every test server creates and
 * signs in its users, and at the real cost that was a quarter of the server tests' CPU; what the tests check (salts,
 * the gate, constant-time compare, the stored format) is the same.
 */
export const passwordCost = (): number => (process.env.PASSWORD_COST === 'low' ? 1 << 10 : N);
const R = 8;
const P = 1;
const KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

/** A hash refused because too many are already waiting: the caller answers 503 with Retry-After. */
export class HashingBusy extends Error {
  constructor() {
    super('the server is busy signing other people in: retry in a few seconds');
  }
}

/**
 * At most `atOnce` hashes run at once, at most `waiting` wait their turn (first come, first served), and beyond that
 * a hash is refused at once. Each scrypt holds 32 MiB outside V8 and one of libuv's four threads, which file reads
 * and compression share: a burst of sign-ins must neither grow the server's memory by 32 MiB each nor take every
 * thread, and an unbounded queue would only turn a flood into timeouts for everyone.
 */
export class HashGate {
  #running = 0;
  readonly #queue: (() => void)[] = [];
  atOnce: number;
  waiting: number;
  constructor(atOnce: number, waiting: number) {
    this.atOnce = atOnce;
    this.waiting = waiting;
  }
  get running(): number {
    return this.#running;
  }
  get queued(): number {
    return this.#queue.length;
  }
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.atOnce) {
      if (this.#queue.length >= this.waiting) throw new HashingBusy();
      await new Promise<void>((go) => this.#queue.push(go));
    } else this.#running++;
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line (the count stays), or is given back.
      const next = this.#queue.shift();
      if (next) next();
      else this.#running--;
    }
  }
}

/** The server's gate: two hashes at once (the machine we size for has two cores), 32 in line. */
export const passwordHashing = new HashGate(2, 32);

const scryptAsync = (pw: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> =>
  passwordHashing.run(() => new Promise((res, rej) => scrypt(pw.normalize('NFC'), salt, KEYLEN, { N: n, r, p, maxmem: MAXMEM }, (e, k) => (e ? rej(e) : res(k)))));

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const n = passwordCost();
  const key = await scryptAsync(password, salt, n, R, P);
  return `scrypt$${n}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, key] = stored.split('$');
  if (alg !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const want = Buffer.from(key, 'base64url');
  const got = await scryptAsync(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return got.length === want.length && timingSafeEqual(got, want);
}

/** A stored hash made at a lower cost than today's (the tests' PASSWORD_COST=low, or an older default). */
export const belowCost = (stored: string): boolean => Number(stored.split('$')[1]) < passwordCost();

/** A dummy hash to verify against when the user does not exist (same time either way: the same cost). */
export const dummyHash = (): string => `scrypt$${passwordCost()}$${R}$${P}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEYLEN).toString('base64url')}`;

export const newToken = (prefix: 'ghs' | 'ghd'): string => `${prefix}_${randomBytes(32).toString('base64url')}`;
/** One-shot (`hash`, no Hash object): every API request hashes its bearer token. */
export const sha256 = (s: string): string => hash('sha256', s, 'hex');

/** An enrolment code a person can type: 12 letters/digits without look-alikes, grouped by 4. */
export function newEnrolmentCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const b = randomBytes(12);
  const s = Array.from(b, (x) => alphabet[x % alphabet.length]).join('');
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}
export const normaliseCode = (code: string): string => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
