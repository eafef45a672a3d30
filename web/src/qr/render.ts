// QR codes for the screen and the printed tag: one renderer (uqr, no DOM, ~10 KB) shared by every screen that shows
// a code — device enrolment and the casualty hand-over card. Import it lazily: it is not on the field card's first
// paint. Binary payloads go in as byte arrays (byte mode); text as a string.
import { encode, renderSVG } from 'uqr';

export type QrData = string | Uint8Array;

const toInput = (data: QrData): string | number[] => (typeof data === 'string' ? data : Array.from(data));

/** An SVG string (black on white, quiet zone of 4 modules) for the given text or bytes, error correction M. */
export function qrSvg(data: QrData, ecc: 'L' | 'M' | 'Q' = 'M'): string {
  return renderSVG(toInput(data), { ecc, border: 4 });
}

/** The module matrix (true = dark), e.g. to measure the version a payload needs. */
export function qrMatrix(data: QrData, ecc: 'L' | 'M' | 'Q' = 'M'): { version: number; size: number; data: boolean[][] } {
  const r = encode(toInput(data), { ecc, border: 0 });
  return { version: r.version, size: r.size, data: r.data };
}
