// Live updates: one EventSource on /api/stream; any casualty event or entity change triggers a (debounced) refresh.
import { streamUrl } from '../api.ts';

export function live(onUpdate: () => void, onState: (connected: boolean) => void): () => void {
  let es: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const bump = (): void => {
    clearTimeout(timer);
    timer = setTimeout(onUpdate, 250);
  };
  const connect = (): void => {
    if (closed) return;
    es = new EventSource(streamUrl());
    es.onopen = () => onState(true);
    es.onerror = () => onState(false); // EventSource reconnects by itself, resuming from Last-Event-ID
    es.addEventListener('casualty-event', bump);
    es.addEventListener('entity', bump);
  };
  connect();
  return () => {
    closed = true;
    clearTimeout(timer);
    es?.close();
  };
}
