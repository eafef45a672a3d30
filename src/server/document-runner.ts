// FHIR documents of long cards on their own thread (document-worker.ts), one at a time, so the main thread keeps
// answering. A short card (the field's usual few dozen events) is built where it is read: no hop for it.
import type { DocumentAnswer, DocumentInput } from './document-worker.ts';
import { fhirDocument } from './document-worker.ts';
import { WorkerThread } from './worker-thread.ts';
import { ApiError } from './errors.ts';

/** Cards with more events than this are built on the thread (~20 ms of CPU at this size; 30,000 vitals took 2.2 s). */
export const DOCUMENT_THREAD_EVENTS = 200;
/**
 * FHIR reads one user may have in progress at once, each from before its card is read until its answer; more is
 * refused (429). Counted from the start: counted from the build, reads sent together each read a long card first and
 * were refused after (the attack review, session 40: 12 at once read 12 cards, +900 MB).
 */
export const DOCUMENTS_PER_USER = 4;

const thread = new WorkerThread<DocumentAnswer>(new URL('./document-worker.ts', import.meta.url), 'document thread');
const inProgress = new Map<string, number>();
let built = 0;

/** Long documents the thread has answered in this process (what a test can see of where a document was built). */
export const documentsBuiltOnThread = (): number => built;

/** A turn for one FHIR read of `who`'s, taken before the card is read; call the answer when the read is over. */
export function documentTurn(who: string): () => void {
  const mine = inProgress.get(who) ?? 0;
  if (mine >= DOCUMENTS_PER_USER)
    throw new ApiError(429, 'rate_limited', `at most ${DOCUMENTS_PER_USER} FHIR documents are made for one user at a time: retry once one has been answered`);
  inProgress.set(who, mine + 1);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    const left = (inProgress.get(who) ?? 1) - 1;
    if (left) inProgress.set(who, left);
    else inProgress.delete(who);
  };
}

/** The card's FHIR document as bytes: built here for a short card, on the document thread (one at a time) for a long one. */
export async function fhirDocumentBytes(d: DocumentInput): Promise<Buffer> {
  if (d.events.length <= DOCUMENT_THREAD_EVENTS) return Buffer.from(fhirDocument(d));
  const a = await thread.run(thread.worker, { ...d, id: thread.nextId() });
  built++;
  return Buffer.from(a.body.buffer, a.body.byteOffset, a.body.byteLength);
}
