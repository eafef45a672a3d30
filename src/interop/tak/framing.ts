// TAK wire framing. Payloads are CoT messages written and read by node-cot; this module only cuts streams and
// datagrams into messages (it never interprets XML itself).
//   XML stream:       <?xml …?><event …>…</event><event …>…</event>…
//   protobuf stream:  0xBF <varint length> <TakMessage>           (TAK protocol v1, "streaming")
//   protobuf mesh:    0xBF 0x01 0xBF <TakMessage>  per UDP datagram (TAK protocol v1, "mesh")
import { CoT } from '../cot/node-cot.ts';

export type Protocol = 'xml' | 'protobuf';
export const MAGIC = 0xbf;
/** Largest message we accept (a guard against a peer that never ends a message). */
export const MAX_MESSAGE_BYTES = 1 << 20;

export class FramingError extends Error {
  override name = 'FramingError';
}

/**
 * Most tags (`<`, opening or closing) a message may hold: node-cot parses a message into a tree on the server's one
 * thread, about 2.4 s for a megabyte of empty elements, while a 9-line or a PLI has a few dozen. Counted on the bytes
 * (a protobuf message's XML detail included), before any parse; a message over it is a bad message.
 */
export const MAX_MESSAGE_TAGS = 4096;

function fewTags(bytes: Uint8Array): Uint8Array {
  let n = 0;
  for (let i = bytes.indexOf(0x3c); i >= 0; i = bytes.indexOf(0x3c, i + 1))
    if (++n > MAX_MESSAGE_TAGS) throw new FramingError(`a message of more than ${MAX_MESSAGE_TAGS} tags is refused unparsed`);
  return bytes;
}

export function varint(n: number): Uint8Array {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Uint8Array.from(out);
}

/** One message for a stream connection. */
export function frameStream(cot: CoT, protocol: Protocol): Uint8Array {
  if (protocol === 'xml') return new TextEncoder().encode(cot.to_xml());
  const payload = cot.to_proto();
  const len = varint(payload.length);
  const out = new Uint8Array(1 + len.length + payload.length);
  out[0] = MAGIC;
  out.set(len, 1);
  out.set(payload, 1 + len.length);
  return out;
}

/** One datagram for the mesh (situational-awareness multicast). */
export function frameMesh(cot: CoT, protocol: Protocol): Uint8Array {
  if (protocol === 'xml') return new TextEncoder().encode(cot.to_xml());
  const payload = cot.to_proto();
  const out = new Uint8Array(3 + payload.length);
  out.set([MAGIC, 0x01, MAGIC]);
  out.set(payload, 3);
  return out;
}

/** A mesh datagram → CoT (XML or protobuf, told apart by the first byte). */
export function parseMesh(d: Uint8Array): CoT {
  if (d[0] === MAGIC) {
    if (d[1] !== 0x01 || d[2] !== MAGIC) throw new FramingError(`unsupported TAK mesh header ${d[1]}`);
    return CoT.from_proto(fewTags(d.subarray(3)));
  }
  return new CoT(Buffer.from(fewTags(d)).toString('utf8'));
}

const END = Buffer.from('</event>');

/**
 * Cuts a byte stream into CoT messages, XML or protobuf (detected per message: 0xBF starts a protobuf frame,
 * anything else is XML). Feed chunks as they arrive; whole messages come out.
 */
export class StreamDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private readonly onBadMessage: (e: unknown) => void;
  /** `onBadMessage`: a framed message node-cot could not parse (skipped; the stream goes on). */
  constructor(onBadMessage: (e: unknown) => void = () => {}) {
    this.onBadMessage = onBadMessage;
  }

  private parse(make: () => CoT, out: CoT[]): void {
    try {
      out.push(make());
    } catch (e) {
      this.onBadMessage(e);
    }
  }

  push(chunk: Uint8Array): CoT[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk);
    const out: CoT[] = [];
    for (;;) {
      // skip whitespace between messages
      let i = 0;
      while (
        i < this.buf.length &&
        (this.buf[i] === 0x20 || this.buf[i] === 0x0a || this.buf[i] === 0x0d || this.buf[i] === 0x09)
      )
        i++;
      if (i) this.buf = this.buf.subarray(i);
      if (this.buf.length === 0) break;
      if (this.buf[0] === MAGIC) {
        let len = 0;
        let shift = 1;
        let p = 1;
        for (;;) {
          if (p >= this.buf.length) return out;
          const b = this.buf[p++]!;
          len += (b & 0x7f) * shift;
          shift *= 128;
          if (!(b & 0x80)) break;
          if (p > 6) throw new FramingError('varint too long');
        }
        if (len > MAX_MESSAGE_BYTES) throw new FramingError(`message of ${len} bytes is too large`);
        if (this.buf.length < p + len) return out;
        const payload = this.buf.subarray(p, p + len);
        this.parse(() => CoT.from_proto(fewTags(payload)), out);
        this.buf = this.buf.subarray(p + len);
      } else {
        const end = this.buf.indexOf(END);
        if (end < 0) {
          if (this.buf.length > MAX_MESSAGE_BYTES) throw new FramingError('XML message too large');
          return out;
        }
        const xml = this.buf.subarray(0, end + END.length);
        this.buf = this.buf.subarray(end + END.length);
        this.parse(() => new CoT(Buffer.from(fewTags(xml)).toString('utf8')), out);
      }
    }
    return out;
  }
}
