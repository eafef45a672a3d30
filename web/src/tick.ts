// One clock for every running timer on screen.
const fns = new Set<() => void>();
export function onTick(f: () => void): () => void {
  fns.add(f);
  return () => fns.delete(f);
}
if (typeof window !== 'undefined') setInterval(() => fns.forEach((f) => f()), 1000);
