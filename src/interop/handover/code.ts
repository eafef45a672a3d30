// The casualty card as a code for a hand-over with no network (issue 17): the casualty's events (ids kept, so both
// copies merge on the server without duplicates, SYNC-1), deflated, signed by the enrolled device that made it
// (ECDSA P-256, SHA-256). Isomorphic: CompressionStream and WebCrypto exist in browsers and in Node.
//
//   byte 0      'G' (0x47)           byte 1     version (1)
//   bytes 2–3   length N of the body (big-endian)
//   bytes 4…    body: deflate-raw of JSON {c: casualty id, d: signing device, a: author, e: [[id, type, at, payload]…],
//               t?: signer's clock (ms), f?: the facility the code is for (SYNC-24),
//               o?: how many records of each type were left out to fit (SYNC-25)}
//   last 64     signature (IEEE P1363 r‖s) over every byte before it
import type { CasualtyEvent } from '../../core/index.ts';
import { parseEvent, Slug } from '../../core/index.ts';

export const MAGIC = 0x47;
export const VERSION = 1;
export const SIGNATURE_BYTES = 64;
/** Beyond this the QR code gets too dense to scan from a phone screen: older vitals, then the oldest notes, are left out (SYNC-25). */
export const MAX_CODE_BYTES = 1_800;

export class HandoverError extends Error {}

export interface HandoverCard {
  casualtyId: string;
  /** The device that made and signed the code. */
  signer: string;
  /** Who was signed in on it. */
  author: string;
  events: CasualtyEvent[];
  /** The signer's clock (corrected, ms) when it made the code: a receiver that never reached a server can use it. */
  clockMs?: number;
  /** The facility the casualty goes to, as the signer knows it: only an arrival there is admitted by the code (SYNC-24). */
  facility?: string;
  /** Read from a code: how many records of each type its signer left out to fit (SYNC-25); none when it holds all. */
  left?: Record<string, number>;
}
type Row = [id: string, type: string, at: string, payload: unknown];
interface Body {
  c: string;
  d: string;
  a: string;
  e: Row[];
  t?: number;
  f?: string;
  o?: Record<string, number>;
}

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

const ALG = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** A new signing key pair for this device; the private key cannot be exported. */
export const newDeviceKeys = (): Promise<CryptoKeyPair> => crypto.subtle.generateKey(ALG, false, ['sign', 'verify']) as Promise<CryptoKeyPair>;

export async function exportPublicKey(k: CryptoKey): Promise<string> {
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', k));
  return btoa(String.fromCharCode(...spki));
}

const fromBase64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

const byTime = (a: CasualtyEvent, b: CasualtyEvent): number => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1);

/**
 * The events to carry, oldest first, as many as fit (SYNC-25): all; else without the vitals before the latest two (a
 * trend the next medic measures again); else also without the oldest notes, as few as need be (a note holds what no
 * button records: the newest are kept). What is left out is returned, to be said on both phones.
 */
async function fit(card: HandoverCard): Promise<{ body: Body; z: Uint8Array; left: CasualtyEvent[] }> {
  const all = [...card.events].sort(byTime);
  const body = (events: CasualtyEvent[], left: CasualtyEvent[]): Body => ({
    c: card.casualtyId, d: card.signer, a: card.author, e: events.map((e) => [e.id, e.type, e.at, e.payload]),
    ...(card.clockMs ? { t: Math.round(card.clockMs) } : {}), ...(card.facility ? { f: card.facility } : {}),
    ...(left.length ? { o: countByType(left) } : {}),
  });
  const tryLeaving = async (left: CasualtyEvent[]) => {
    const out = new Set(left.map((e) => e.id));
    const b = body(all.filter((e) => !out.has(e.id)), left);
    const z = await through(new TextEncoder().encode(JSON.stringify(b)), new CompressionStream('deflate-raw'));
    return { body: b, z, left, fits: 4 + z.length + SIGNATURE_BYTES <= MAX_CODE_BYTES };
  };
  const whole = await tryLeaving([]);
  if (whole.fits) return whole;
  const vitals = all.filter((e) => e.type === 'vitals');
  const oldVitals = vitals.slice(0, -2);
  const trimmed = await tryLeaving(oldVitals);
  if (trimmed.fits) return trimmed;
  // The fewest oldest notes to leave out (a binary search: each try is one deflate).
  const notes = all.filter((e) => e.type === 'note');
  let lo = 1;
  let hi = notes.length;
  let best = await tryLeaving([...oldVitals, ...notes]);
  while (lo <= hi && best.fits) {
    const k = (lo + hi) >> 1;
    const t = await tryLeaving([...oldVitals, ...notes.slice(0, k)]);
    if (t.fits) {
      best = t;
      hi = k - 1;
    } else lo = k + 1;
  }
  return best; // may still be over MAX_CODE_BYTES: the screen says it may not scan
}

/** How many records of each type (what a code says it left out, SYNC-25). */
export const countByType = (events: readonly CasualtyEvent[]): Record<string, number> => {
  const n: Record<string, number> = {};
  for (const e of events) n[e.type] = (n[e.type] ?? 0) + 1;
  return n;
};

/** Build and sign the code; `left`: the records it does not carry (SYNC-25). */
export async function packHandoverLeaving(card: HandoverCard, privateKey: CryptoKey): Promise<{ code: Uint8Array; left: CasualtyEvent[] }> {
  const { z, left } = await fit(card);
  if (z.length > 0xffff) throw new HandoverError('the card is too large for a code');
  const head = new Uint8Array(4 + z.length);
  head.set([MAGIC, VERSION, z.length >> 8, z.length & 0xff]);
  head.set(z, 4);
  const sig = new Uint8Array(await crypto.subtle.sign(SIGN, privateKey, head));
  const code = new Uint8Array(head.length + sig.length);
  code.set(head);
  code.set(sig, head.length);
  return { code, left };
}

/** Build and sign the code. */
export const packHandover = async (card: HandoverCard, privateKey: CryptoKey): Promise<Uint8Array> => (await packHandoverLeaving(card, privateKey)).code;

export interface OpenedHandover {
  card: HandoverCard;
  /** The signed part and its signature, to verify with the signer's public key. */
  signed: Uint8Array;
  signature: Uint8Array;
}

/** Read a code: its layout, its body and every event (validated as the server would). Throws HandoverError. */
export async function openHandover(code: Uint8Array, receiver: { deviceId: string; author: string; now: string }): Promise<OpenedHandover> {
  if (code.length < 4 + SIGNATURE_BYTES || code[0] !== MAGIC) throw new HandoverError('not a Golden Hour hand-over code');
  if (code[1] !== VERSION) throw new HandoverError(`hand-over code version ${code[1]} is not supported`);
  const n = (code[2]! << 8) | code[3]!;
  if (code.length !== 4 + n + SIGNATURE_BYTES) throw new HandoverError('hand-over code truncated');
  let body: Body;
  try {
    body = JSON.parse(new TextDecoder().decode(await through(code.subarray(4, 4 + n), new DecompressionStream('deflate-raw')))) as Body;
  } catch {
    throw new HandoverError('hand-over code damaged');
  }
  if (typeof body?.c !== 'string' || typeof body.d !== 'string' || typeof body.a !== 'string' || !Array.isArray(body.e) || (body.f !== undefined && !Slug.safeParse(body.f).success) || (body.o !== undefined && !isCounts(body.o)))
    throw new HandoverError('hand-over code damaged');
  // The receiver records what it received: its own device and user, as the server requires of what it sends.
  const events = body.e.map(([id, type, at, payload], i) => {
    const r = parseEvent({ id, casualtyId: body.c, type, at, recordedAt: receiver.now, deviceId: receiver.deviceId, author: receiver.author, payload });
    if (!r.success) throw new HandoverError(`hand-over code event ${i} invalid: ${r.error.issues[0]?.message ?? ''}`);
    return r.data;
  });
  return {
    card: {
      casualtyId: body.c, signer: body.d, author: body.a, events,
      ...(typeof body.t === 'number' && Number.isFinite(body.t) ? { clockMs: body.t } : {}), ...(body.f !== undefined ? { facility: body.f } : {}),
      ...(body.o !== undefined ? { left: body.o } : {}),
    },
    signed: code.subarray(0, 4 + n),
    signature: code.subarray(4 + n),
  };
}

/** `o`: at most a few types, each a count (a signed body, but read before its signature is checked). */
const isCounts = (o: unknown): o is Record<string, number> =>
  typeof o === 'object' && o !== null && !Array.isArray(o) && Object.keys(o).length <= 32 &&
  Object.entries(o).every(([k, v]) => k.length <= 40 && Number.isSafeInteger(v) && (v as number) > 0);

/** Whether the code was signed by the holder of `publicKeySpki` (base64). */
export async function verifyHandover(opened: OpenedHandover, publicKeySpki: string): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey('spki', fromBase64(publicKeySpki) as BufferSource, ALG, false, ['verify']);
    return await crypto.subtle.verify(SIGN, key, opened.signature as BufferSource, opened.signed as BufferSource);
  } catch {
    return false;
  }
}

// ---- as QR text: Base45 (RFC 9285) fits the QR alphanumeric mode, so the text costs about what the bytes do, and
// every reader (BarcodeDetector, jsQR) returns it as the same string --------------------------------------------
const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
export const QR_PREFIX = 'GH:';

export function toQrText(code: Uint8Array): string {
  let s = QR_PREFIX;
  for (let i = 0; i < code.length; i += 2) {
    if (i + 1 < code.length) {
      let n = code[i]! * 256 + code[i + 1]!;
      const c = n % 45;
      n = (n - c) / 45;
      s += B45[c]! + B45[n % 45]! + B45[Math.floor(n / 45)]!;
    } else {
      const n = code[i]!;
      s += B45[n % 45]! + B45[Math.floor(n / 45)]!;
    }
  }
  return s;
}

export function fromQrText(text: string): Uint8Array {
  const t = text.trim();
  if (!t.startsWith(QR_PREFIX)) throw new HandoverError('not a Golden Hour hand-over code');
  const s = t.slice(QR_PREFIX.length);
  const out: number[] = [];
  const v = (ch: string): number => {
    const k = B45.indexOf(ch);
    if (k < 0) throw new HandoverError('hand-over code damaged');
    return k;
  };
  for (let i = 0; i < s.length; i += 3) {
    const chunk = s.slice(i, i + 3);
    if (chunk.length === 3) {
      const n = v(chunk[0]!) + v(chunk[1]!) * 45 + v(chunk[2]!) * 2025;
      if (n > 0xffff) throw new HandoverError('hand-over code damaged');
      out.push(n >> 8, n & 0xff);
    } else if (chunk.length === 2) {
      const n = v(chunk[0]!) + v(chunk[1]!) * 45;
      if (n > 0xff) throw new HandoverError('hand-over code damaged');
      out.push(n);
    } else throw new HandoverError('hand-over code damaged');
  }
  return new Uint8Array(out);
}
