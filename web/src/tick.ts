// One clock for every running timer on screen: a single 1 s interval, and one way to show a running duration.
import { dur, minutesSince } from './fmt.ts';

const fns = new Set<() => void>();
export function onTick(f: () => void): () => void {
  fns.add(f);
  return () => fns.delete(f);
}
if (typeof window !== 'undefined') setInterval(() => fns.forEach((f) => f()), 1000);

/** Every element under root with `data-since="<ISO time>"` shows the time since then in the one clock format. */
export function tickClocks(root: ParentNode): void {
  root.querySelectorAll<HTMLElement>('[data-since]').forEach((el) => {
    if (el.dataset.since) el.textContent = dur(minutesSince(el.dataset.since));
  });
}

/** Keep root's running clocks ticking; returns the stop function. */
export const runClocks = (root: ParentNode): (() => void) => onTick(() => tickClocks(root));
