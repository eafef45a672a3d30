// Name-based ids shared by the translators (TAK, FHIR, radio): apart from the CoT code so that a translator that
// needs only an id does not load the CoT library (@tak-ps/node-cot, ~45 MiB resident) into every server (issue 16).
import { createHash } from 'node:crypto';

/** A name-based UUID (version 8, SHA-256): the same message always yields the same ids (idempotent import). */
export function nameUuid(name: string): string {
  const b = createHash('sha256').update(name).digest().subarray(0, 16);
  b[6] = 0x80 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
