// Sync batches on the wire: JSON, gzip-compressed when large enough to pay (Content-Encoding: gzip).
// Decompression is bounded: a small body may not inflate past the limit (a "zip bomb" is a 413, not an OOM).
import { gzipSync, gunzipSync, inflateSync } from 'node:zlib';

export const COMPRESS_ABOVE = 1024;

export function encodeBody(json: string): { bytes: Buffer; encoding: 'gzip' | 'identity' } {
  const raw = Buffer.from(json, 'utf8');
  if (raw.length < COMPRESS_ABOVE) return { bytes: raw, encoding: 'identity' };
  return { bytes: gzipSync(raw), encoding: 'gzip' };
}

export class TooLarge extends Error {}

export function decodeBody(bytes: Buffer, encoding: string | undefined, maxBytes: number): Buffer {
  const enc = (encoding ?? 'identity').toLowerCase().trim();
  if (enc === 'identity' || enc === '') {
    if (bytes.length > maxBytes) throw new TooLarge('body too large');
    return bytes;
  }
  try {
    if (enc === 'gzip' || enc === 'x-gzip') return gunzipSync(bytes, { maxOutputLength: maxBytes });
    if (enc === 'deflate') return inflateSync(bytes, { maxOutputLength: maxBytes });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new TooLarge('body too large once inflated');
    throw new Error('malformed compressed body');
  }
  throw new Error(`unsupported Content-Encoding ${enc}`);
}
