// Why the last send failed, as a kind the outbox says in the medic's language (sync/i18n.ts): the raw message was
// the browser's "Failed to fetch" or the server's English words, shown as they were to a Ukrainian medic. The words
// are kept, as a detail only.
import { ApiError } from '../api.ts';

export type FailureKind = 'offline' | 'unreachable' | 'signIn' | 'notYet' | 'busy' | 'refused' | 'server' | 'other';
export interface SendFailure {
  kind: FailureKind;
  /** The HTTP status, when the server answered. */
  status?: number;
  /** The words it came with: the server's when it answered, else the browser's (English either way). */
  words: string;
  fromServer: boolean;
}

const byStatus = (s: number): FailureKind =>
  s === 401 ? 'signIn' : s === 404 ? 'notYet' : s === 429 ? 'busy' : s >= 500 ? 'server' : 'refused';

/** The kind of a send's failure; `online` is the browser's word on the link (a fetch that failed without one). */
export function failureOf(e: unknown, online: boolean): SendFailure {
  const words = e instanceof Error ? e.message : String(e);
  if (e instanceof ApiError) return { kind: byStatus(e.status), status: e.status, words, fromServer: true };
  // fetch rejects with a TypeError when no answer came (sends have no timeout: a stalled one waits).
  return { kind: e instanceof TypeError ? (online ? 'unreachable' : 'offline') : 'other', words, fromServer: false };
}
