// Keeps map labels readable: markers whose boxes would overlap are moved apart on screen (pixel offsets), nearest free
// place first, in priority order (the first item keeps its true position). Pure: no DOM, no MapLibre.

export interface Box {
  /** Screen position of the true location (the marker's centre when not moved). */
  x: number;
  y: number;
  w: number;
  h: number;
}

const GAP = 3;

const hits = (a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }): boolean =>
  Math.abs(a.x - b.x) * 2 < a.w + b.w + GAP * 2 && Math.abs(a.y - b.y) * 2 < a.h + b.h + GAP * 2;

/** Offsets [dx, dy] in pixels, one per box, such that no two moved boxes overlap (searching up to `rings` steps away). */
export function declutter(boxes: readonly Box[], rings = 12): [number, number][] {
  const placed: Box[] = [];
  return boxes.map((b) => {
    const rowStep = b.h + GAP;
    const colStep = Math.max(b.w / 2, 24);
    const tries: [number, number][] = [];
    for (let r = 0; r <= rings; r++)
      for (let col = -r; col <= r; col++)
        for (let row = -r; row <= r; row++) if (Math.max(Math.abs(col), Math.abs(row)) === r) tries.push([col * colStep + 0, row * rowStep + 0]);
    // Nearest first; rows before columns (labels are wide and short), below before above.
    tries.sort((p, q) => Math.hypot(p[0], p[1] * 1.5) - Math.hypot(q[0], q[1] * 1.5) || q[1] - p[1]);
    const off = tries.find(([dx, dy]) => !placed.some((o) => hits({ ...b, x: b.x + dx, y: b.y + dy }, o))) ?? [0, 0];
    placed.push({ ...b, x: b.x + off[0], y: b.y + off[1] });
    return off;
  });
}
