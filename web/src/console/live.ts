// Live updates: one EventSource on /api/stream; any casualty event, entity change, workforce or claims wake-up
// triggers a (debounced) refresh.
import { streamUrl } from '../api.ts';

export function live(onUpdate: () => void, onState: (connected: boolean) => void): () => void {
  let es: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const bump = (): void => {
    clearTimeout(timer);
    timer = setTimeout(onUpdate, 250);
  };
  /** The last event's sequence number, or the cursor token a caller shown no number is given (head-oracle). */
  let last: number | string | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const connect = async (): Promise<void> => {
    if (closed) return;
    let url: string;
    try {
      url = await streamUrl(last);
    } catch {
      onState(false);
      retry = setTimeout(() => void connect(), 3000);
      return;
    }
    if (closed) return;
    es = new EventSource(url);
    es.onopen = () => onState(true);
    // A ticket opens one connection: on error, reconnect ourselves with a fresh ticket from the last event seen.
    es.onerror = () => {
      onState(false);
      es?.close();
      clearTimeout(retry);
      retry = setTimeout(() => void connect(), 3000);
    };
    const seen = (e: MessageEvent): void => {
      const n = Number(e.lastEventId);
      if (e.lastEventId && Number.isInteger(n)) last = n;
      bump();
    };
    es.addEventListener('casualty-event', seen);
    // A caller shown no number: its sealed position at the opening and after each page it was shown.
    es.addEventListener('cursor', (e) => {
      if ((e as MessageEvent).lastEventId) last = (e as MessageEvent).lastEventId;
    });
    es.addEventListener('entity', bump);
    es.addEventListener('workforce', bump);
    es.addEventListener('claims', bump);
    es.addEventListener('closed', () => es?.close()); // the credential ended: the next request signs the user out
  };
  void connect();
  return () => {
    closed = true;
    clearTimeout(timer);
    clearTimeout(retry);
    es?.close();
  };
}
