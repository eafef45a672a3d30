// Keeps map labels readable: markers whose boxes would overlap are moved apart on screen (pixel offsets), nearest free
// place first, in priority order (the first item keeps its true position). Pure: no DOM, no MapLibre.
// It runs on every change the console shows (a few dozen labels each time), so the search order of a label size is
// worked out once and a try allocates nothing: the sorted 625 tries per label were a tenth of a console's CPU.

export interface Box {
  /** Screen position of the true location (the marker's centre when not moved). */
  x: number;
  y: number;
  w: number;
  h: number;
}

const GAP = 3;

/** The places to try, nearest first (rows before columns: labels are wide and short; below before above). */
function searchOrder(colStep: number, rowStep: number, rings: number): readonly (readonly [number, number])[] {
  const tries: [number, number][] = [];
  for (let r = 0; r <= rings; r++)
    for (let col = -r; col <= r; col++)
      for (let row = -r; row <= r; row++) if (Math.max(Math.abs(col), Math.abs(row)) === r) tries.push([col * colStep + 0, row * rowStep + 0]);
  const key = tries.map(([dx, dy]) => Math.hypot(dx, dy * 1.5));
  const idx = tries.map((_, i) => i).sort((p, q) => key[p]! - key[q]! || tries[q]![1] - tries[p]![1] || p - q);
  return idx.map((i) => tries[i]!);
}

/** Search orders by label size and rings; a console shows a handful of sizes, so this stays small. */
const orders = new Map<string, readonly (readonly [number, number])[]>();
const ORDERS_KEPT = 64;
function orderFor(colStep: number, rowStep: number, rings: number): readonly (readonly [number, number])[] {
  const k = `${colStep} ${rowStep} ${rings}`;
  let o = orders.get(k);
  if (!o) {
    if (orders.size >= ORDERS_KEPT) orders.clear();
    o = searchOrder(colStep, rowStep, rings);
    orders.set(k, o);
  }
  return o;
}

/** Offsets [dx, dy] in pixels, one per box, such that no two moved boxes overlap (searching up to `rings` steps away). */
export function declutter(boxes: readonly Box[], rings = 12): [number, number][] {
  const placed: Box[] = [];
  return boxes.map((b) => {
    const free = (dx: number, dy: number): boolean => {
      const x = b.x + dx;
      const y = b.y + dy;
      for (const o of placed) if (Math.abs(x - o.x) * 2 < b.w + o.w + GAP * 2 && Math.abs(y - o.y) * 2 < b.h + o.h + GAP * 2) return false;
      return true;
    };
    const found = orderFor(Math.max(b.w / 2, 24), b.h + GAP, rings).find(([dx, dy]) => free(dx, dy));
    const off: [number, number] = found ? [found[0], found[1]] : [0, 0];
    placed.push({ x: b.x + off[0], y: b.y + off[1], w: b.w, h: b.h });
    return off;
  });
}
