// Bit-level writer/reader and checksums for the radio codec. Pure (no Node APIs): the web app can use it too.

export class RadioDecodeError extends Error {
  override name = 'RadioDecodeError';
}

export class BitWriter {
  private readonly bytes: number[] = [];
  private acc = 0;
  private n = 0;

  /** Write `width` bits of the non-negative integer `value` (most significant first). */
  u(value: number, width: number): this {
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** width) {
      throw new RangeError(`value ${value} does not fit in ${width} bits`);
    }
    if (width > 30) {
      const hi = Math.floor(value / 2 ** 30);
      this.u(hi, width - 30);
      return this.u(value - hi * 2 ** 30, 30);
    }
    for (let i = width - 1; i >= 0; i--) {
      const bit = (value >>> i) & 1;
      this.acc = (this.acc << 1) | bit;
      this.n++;
      if (this.n === 8) {
        this.bytes.push(this.acc);
        this.acc = 0;
        this.n = 0;
      }
    }
    return this;
  }

  bool(b: boolean): this {
    return this.u(b ? 1 : 0, 1);
  }

  /** Unsigned variable length: groups of `chunk` bits, each followed by a continuation bit. */
  uvar(value: number, chunk = 4): this {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`uvar needs a non-negative integer, got ${value}`);
    const groups: number[] = [];
    let v = value;
    do {
      groups.push(v % 2 ** chunk);
      v = Math.floor(v / 2 ** chunk);
    } while (v > 0);
    for (let i = groups.length - 1; i >= 0; i--) {
      this.u(groups[i]!, chunk);
      this.bool(i > 0);
    }
    return this;
  }

  /** A small count 0–99: `0` → 1 bit; 1–7 → 4 bits; 8–99 → 11 bits. */
  count(c: number): this {
    if (c === 0) return this.bool(false);
    this.bool(true);
    if (c >= 1 && c <= 7) return this.u(c, 3);
    return this.u(0, 3).u(c, 7);
  }

  get bitLength(): number {
    return this.bytes.length * 8 + this.n;
  }

  /** The bytes written so far, the last one padded with zero bits. */
  finish(): Uint8Array {
    const out = [...this.bytes];
    if (this.n > 0) out.push(this.acc << (8 - this.n));
    return Uint8Array.from(out);
  }
}

export class BitReader {
  private pos = 0;
  private readonly buf: Uint8Array;
  constructor(buf: Uint8Array) {
    this.buf = buf;
  }

  u(width: number): number {
    if (this.pos + width > this.buf.length * 8)
      throw new RadioDecodeError('message ends early (truncated or not a radio message)');
    if (width > 30) return this.u(width - 30) * 2 ** 30 + this.u(30);
    let v = 0;
    for (let i = 0; i < width; i++) {
      const byte = this.buf[this.pos >> 3]!;
      const bit = (byte >> (7 - (this.pos & 7))) & 1;
      v = v * 2 + bit;
      this.pos++;
    }
    return v;
  }

  bool(): boolean {
    return this.u(1) === 1;
  }

  uvar(chunk = 4): number {
    let v = 0;
    for (let i = 0; i < 8; i++) {
      v = v * 2 ** chunk + this.u(chunk);
      if (!this.bool()) return v;
    }
    throw new RadioDecodeError('variable-length number too long');
  }

  count(): number {
    if (!this.bool()) return 0;
    const small = this.u(3);
    if (small !== 0) return small;
    const big = this.u(7);
    if (big < 8 || big > 99) throw new RadioDecodeError(`count out of range: ${big}`);
    return big;
  }

  /** After the last field: only zero padding may remain, and less than a byte of it. */
  end(): void {
    const rest = this.buf.length * 8 - this.pos;
    if (rest >= 8) throw new RadioDecodeError(`${rest >> 3} unexpected trailing byte(s)`);
    if (rest > 0 && this.u(rest) !== 0) throw new RadioDecodeError('non-zero padding bits');
  }
}

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF): detects every error burst of up to 16 bits. */
export function crc16(data: Uint8Array): number {
  let crc = 0xffff;
  for (const b of data) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

const CRC32_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, as zlib). */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC32_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// Text fields: a 2-bit mode, a length, then the characters in the smallest alphabet that holds them all:
//   0 digits (4 bits/char: frequencies, grids), 1 call-sign alphabet (40 symbols, 3 chars in 16 bits),
//   2 a 64-symbol upper-case alphabet (6 bits/char), 3 UTF-8 (lower case, Cyrillic, anything).
export const DIGITS = '0123456789. -/:+';
export const TEXT40 = ' ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-/';
export const TEXT6 = ' ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,-/:;()+#\'?!&*=@_%"<>[]$^';

const fits = (s: string, alphabet: string): boolean => [...s].every((ch) => alphabet.includes(ch));

export function writeText(w: BitWriter, s: string): void {
  const chars = [...s];
  if (fits(s, DIGITS)) {
    w.u(0, 2).uvar(chars.length, 4);
    for (const ch of chars) w.u(DIGITS.indexOf(ch), 4);
  } else if (fits(s, TEXT40)) {
    w.u(1, 2).uvar(chars.length, 4);
    for (let i = 0; i < chars.length; i += 3) {
      const group = chars.slice(i, i + 3).map((ch) => TEXT40.indexOf(ch));
      const v = group.reduce((a, x) => a * 40 + x, 0);
      w.u(v, group.length === 3 ? 16 : group.length === 2 ? 11 : 6);
    }
  } else if (fits(s, TEXT6)) {
    w.u(2, 2).uvar(chars.length, 4);
    for (const ch of chars) w.u(TEXT6.indexOf(ch), 6);
  } else {
    const bytes = new TextEncoder().encode(s);
    w.u(3, 2).uvar(bytes.length, 4);
    for (const b of bytes) w.u(b, 8);
  }
}

export function readText(r: BitReader, max: number): string {
  const mode = r.u(2);
  const n = r.uvar(4);
  if (n > (mode === 3 ? max * 4 : max)) throw new RadioDecodeError(`text longer than ${max}`);
  const at = (alphabet: string, i: number): string => {
    const c = alphabet[i];
    if (c === undefined) throw new RadioDecodeError('bad text character');
    return c;
  };
  let s = '';
  if (mode === 0) {
    for (let i = 0; i < n; i++) s += at(DIGITS, r.u(4));
  } else if (mode === 1) {
    for (let i = 0; i < n; i += 3) {
      const k = Math.min(3, n - i);
      let v = r.u(k === 3 ? 16 : k === 2 ? 11 : 6);
      if (v >= 40 ** k) throw new RadioDecodeError('bad text characters');
      let part = '';
      for (let j = 0; j < k; j++) {
        part = at(TEXT40, v % 40) + part;
        v = Math.floor(v / 40);
      }
      s += part;
    }
  } else if (mode === 2) {
    for (let i = 0; i < n; i++) s += at(TEXT6, r.u(6));
  } else {
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i++) bytes[i] = r.u(8);
    try {
      s = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new RadioDecodeError('text is not valid UTF-8');
    }
    if ([...s].length > max) throw new RadioDecodeError(`text longer than ${max}`);
    if (fits(s, TEXT6)) throw new RadioDecodeError('non-canonical text encoding');
    return s;
  }
  return s;
}

/** Bit cost of a text field (for budgeting). */
export function textBits(s: string): number {
  const w = new BitWriter();
  writeText(w, s);
  return w.bitLength;
}
