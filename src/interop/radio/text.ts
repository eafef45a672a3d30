// Text forms of a radio message, for SMS and voice relay.
//
// Form: "GH" + Crockford base32 of the bytes in groups of 4 (hyphen-separated), then "-" and one check symbol
// (Crockford's mod-37 check over the whole value). Reading is forgiving the way Crockford intends: case, spaces,
// hyphens ignored; I/L read as 1, O as 0. A single wrong symbol always fails the mod-37 check (37 is prime and
// does not divide 32^k·d for |d| < 32); the CRC inside the bytes catches the rest.
import { RadioDecodeError } from './bits.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK = ALPHABET + '*~$=U';
const PREFIX = 'GH';

function base32(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let n = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    n += 8;
    while (n >= 5) {
      out += ALPHABET[(acc >> (n - 5)) & 31];
      n -= 5;
    }
    acc &= (1 << n) - 1;
  }
  if (n > 0) out += ALPHABET[(acc << (5 - n)) & 31];
  return out;
}

function checkOf(symbols: string): string {
  let m = 0;
  for (const ch of symbols) m = (m * 32 + ALPHABET.indexOf(ch)) % 37;
  return CHECK[m]!;
}

/** Bytes → "GH0123-4567-…-K" (groups of four, last symbol the check). */
export function toText(bytes: Uint8Array): string {
  const s = base32(bytes);
  const groups = s.match(/.{1,4}/g) ?? [];
  return `${PREFIX}${groups.join('-')}-${checkOf(s)}`;
}

/** Text → bytes. Throws RadioDecodeError for anything that is not a well-formed, correctly checked text form. */
export function fromText(text: string): Uint8Array {
  const cleaned = text.toUpperCase().replace(/[\s-]/g, '');
  if (!cleaned.startsWith(PREFIX)) throw new RadioDecodeError('not a Golden Hour radio text (must start with GH)');
  const body = cleaned.slice(PREFIX.length);
  if (body.length < 2) throw new RadioDecodeError('radio text too short');
  const norm = (ch: string): string => (ch === 'I' || ch === 'L' ? '1' : ch === 'O' ? '0' : ch);
  const symbols = [...body.slice(0, -1)].map(norm).join('');
  const check = norm(body.slice(-1));
  for (const ch of symbols)
    if (!ALPHABET.includes(ch)) throw new RadioDecodeError(`invalid character '${ch}' in radio text`);
  if (!CHECK.includes(check)) throw new RadioDecodeError(`invalid check character '${check}'`);
  if (checkOf(symbols) !== check)
    throw new RadioDecodeError('check character mismatch: a character was misread or mistyped');
  const nBytes = Math.floor((symbols.length * 5) / 8);
  if (Math.ceil((nBytes * 8) / 5) !== symbols.length) throw new RadioDecodeError('radio text has the wrong length');
  const out = new Uint8Array(nBytes);
  let acc = 0;
  let n = 0;
  let i = 0;
  for (const ch of symbols) {
    acc = (acc << 5) | ALPHABET.indexOf(ch);
    n += 5;
    if (n >= 8) {
      out[i++] = (acc >> (n - 8)) & 0xff;
      n -= 8;
      acc &= (1 << n) - 1;
    }
  }
  if (acc !== 0) throw new RadioDecodeError('radio text has non-zero padding');
  return out;
}

const PHONETIC: Record<string, string> = {
  A: 'ALFA',
  B: 'BRAVO',
  C: 'CHARLIE',
  D: 'DELTA',
  E: 'ECHO',
  F: 'FOXTROT',
  G: 'GOLF',
  H: 'HOTEL',
  J: 'JULIETT',
  K: 'KILO',
  M: 'MIKE',
  N: 'NOVEMBER',
  P: 'PAPA',
  Q: 'QUEBEC',
  R: 'ROMEO',
  S: 'SIERRA',
  T: 'TANGO',
  V: 'VICTOR',
  W: 'WHISKEY',
  X: 'X-RAY',
  Y: 'YANKEE',
  Z: 'ZULU',
  U: 'UNIFORM',
  '0': 'ZERO',
  '1': 'ONE',
  '2': 'TWO',
  '3': 'THREE',
  '4': 'FOWER',
  '5': 'FIFE',
  '6': 'SIX',
  '7': 'SEVEN',
  '8': 'EIGHT',
  '9': 'NINER',
  '*': 'STAR',
  '~': 'TILDE',
  $: 'DOLLAR',
  '=': 'EQUALS',
  '-': 'BREAK',
};

/** The text form spelled for voice (NATO phonetic alphabet, ITU digits), groups separated by "BREAK". */
export function toVoice(text: string): string {
  return [...text.replace(/^GH/, '')].map((ch) => PHONETIC[ch] ?? ch).join(' ');
}
