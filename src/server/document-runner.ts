// FHIR documents of long cards on their own thread (document-worker.ts), one at a time, so the main thread keeps
// answering. A short card (the field's usual few dozen events) is built where it is read: no hop for it.
import type { DocumentAnswer, DocumentInput } from './document-worker.ts';
import { fhirDocument } from './document-worker.ts';
import { WorkerThread } from './worker-thread.ts';
import { ApiError } from './errors.ts';

/** Cards with more events than this are built on the thread (~10 ms of CPU at this size, measured session 40). */
export const DOCUMENT_THREAD_EVENTS = 1_000;
/** Long documents one user may have waiting or being built at once; more is refused (429) until one is answered. */
export const DOCUMENTS_PER_USER = 2;

const thread = new WorkerThread<DocumentAnswer>(new URL('./document-worker.ts', import.meta.url), 'document thread');
const waiting = new Map<string, number>();
let built = 0;

/** Long documents the thread has answered in this process (what a test can see of where a document was built). */
export const documentsBuiltOnThread = (): number => built;

/**
 * Refuses (429) a user who has DOCUMENTS_PER_USER long documents in the making: called before the card is read, so a
 * refused read costs no read of a long card either.
 */
export function checkDocumentTurn(who: string): void {
  if ((waiting.get(who) ?? 0) >= DOCUMENTS_PER_USER)
    throw new ApiError(429, 'rate_limited', `at most ${DOCUMENTS_PER_USER} long FHIR documents are built for one user at a time: retry once one has been answered`);
}

/** The card's FHIR document as bytes; `who` names the caller whose long documents are counted. */
export async function fhirDocumentBytes(d: DocumentInput, who: string): Promise<Buffer> {
  if (d.events.length <= DOCUMENT_THREAD_EVENTS) return Buffer.from(fhirDocument(d));
  checkDocumentTurn(who);
  waiting.set(who, (waiting.get(who) ?? 0) + 1);
  try {
    const a = await thread.run(thread.worker, { ...d, id: thread.nextId() });
    built++;
    return Buffer.from(a.body.buffer, a.body.byteOffset, a.body.byteLength);
  } finally {
    const left = (waiting.get(who) ?? 1) - 1;
    if (left) waiting.set(who, left);
    else waiting.delete(who);
  }
}

