// A hand-over code's text as the casualty log's door reads it (SYNC-22): the door sits under interop, so the server
// passes this reader to it (LogDeps.readHandover).
import type { HandoverCode } from '../../log/handover.ts';
import { fromQrText, openHandover, verifyHandover } from './code.ts';

/** What the code names and a check of its signature; throws HandoverError when it cannot be read. */
export async function readHandover(text: string): Promise<HandoverCode> {
  const opened = await openHandover(fromQrText(text), { deviceId: 'server', author: 'server', now: new Date().toISOString() });
  const { card } = opened;
  // The code is its signed part: ECDSA verifies both s and n − s, so the signature's bytes do not identify it.
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', opened.signed as BufferSource));
  const id = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  return { id, casualtyId: card.casualtyId, signer: card.signer, madeMs: card.clockMs ?? null, facility: card.facility ?? null, author: card.author, events: card.events, verify: (spki) => verifyHandover(opened, spki) };
}
