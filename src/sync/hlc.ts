// Hybrid logical clocks (Kulkarni et al.): a display order for events from many devices that respects causality
// (an event stamped after receiving another always sorts after it) even when a phone's wall clock is hours off.
// Pure: the wall clock is a parameter. Correctness of sync never depends on these stamps (docs/sync.md SYNC-2).

export interface Hlc {
  /** Logical milliseconds: the largest physical time seen. */
  l: number;
  /** Counter for events within the same logical millisecond. */
  c: number;
}

/** A remote stamp further ahead of our wall clock than this is not adopted (SYNC-3): phones hours off still order causally,
// but a clock days or years ahead must not drag every other clock with it. */
export const MAX_DRIFT_MS = 24 * 3_600_000;

const MS_WIDTH = 15;
const C_WIDTH = 6;
const MAX_C = 10 ** C_WIDTH - 1;

/** Fixed-width text form: lexicographic order = HLC order. `node` breaks ties and says who stamped it. */
export function formatHlc(h: Hlc, node: string): string {
  const n = node.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40);
  return `${String(h.l).padStart(MS_WIDTH, '0')}.${String(h.c).padStart(C_WIDTH, '0')}.${n}`;
}

const HLC_RE = /^(\d{15})\.(\d{6})\.([A-Za-z0-9._-]{0,40})$/;

export function parseHlc(s: string): (Hlc & { node: string }) | null {
  const m = HLC_RE.exec(s);
  if (!m) return null;
  return { l: Number(m[1]), c: Number(m[2]), node: m[3]! };
}

/** Local event or send: advance past both our previous stamp and the wall clock. */
export function tick(prev: Hlc, wallMs: number): Hlc {
  const l = Math.max(prev.l, Math.floor(wallMs));
  if (l === prev.l) {
    if (prev.c >= MAX_C) return { l: l + 1, c: 0 };
    return { l, c: prev.c + 1 };
  }
  return { l, c: 0 };
}

/** Receive a stamp from elsewhere: the next local stamp sorts after it (unless it is implausibly far ahead). */
export function receive(prev: Hlc, remote: Hlc, wallMs: number, maxDriftMs: number = MAX_DRIFT_MS): Hlc {
  const pt = Math.floor(wallMs);
  if (remote.l - pt > maxDriftMs) return tick(prev, wallMs); // SYNC-3: ignore a clock from the far future
  const l = Math.max(prev.l, remote.l, pt);
  let c: number;
  if (l === prev.l && l === remote.l) c = Math.max(prev.c, remote.c) + 1;
  else if (l === prev.l) c = prev.c + 1;
  else if (l === remote.l) c = remote.c + 1;
  else c = 0;
  if (c > MAX_C) return { l: l + 1, c: 0 };
  return { l, c };
}

/** A clock owned by one replica. */
export class HlcClock {
  private state: Hlc = { l: 0, c: 0 };
  private readonly node: string;
  private readonly wall: () => number;
  constructor(node: string, wall: () => number, initial?: Hlc) {
    this.node = node;
    this.wall = wall;
    if (initial) this.state = { ...initial };
  }
  /** Stamp a new local event. */
  now(): string {
    this.state = tick(this.state, this.wall());
    return formatHlc(this.state, this.node);
  }
  /** Merge a stamp seen on an incoming event (ignored when malformed). */
  observe(stamp: string | undefined): void {
    if (!stamp) return;
    const r = parseHlc(stamp);
    if (r) this.state = receive(this.state, r, this.wall());
  }
  get current(): Hlc {
    return { ...this.state };
  }
}

/**
 * Display order across devices: HLC first (events without one fall back to their recording time), then id.
 * For display only; fold() orders by field time and id and never looks at clocks for causality.
 */
export function compareForDisplay(
  a: { hlc?: string | undefined; recordedAt: string; id: string },
  b: { hlc?: string | undefined; recordedAt: string; id: string },
): number {
  const ka = displayKey(a);
  const kb = displayKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function displayKey(e: { hlc?: string | undefined; recordedAt: string }): string {
  const p = e.hlc ? parseHlc(e.hlc) : null;
  if (p) return `${String(p.l).padStart(MS_WIDTH, '0')}.${String(p.c).padStart(C_WIDTH, '0')}`;
  const ms = Date.parse(e.recordedAt);
  return `${String(Number.isFinite(ms) ? ms : 0).padStart(MS_WIDTH, '0')}.${'0'.repeat(C_WIDTH)}`;
}
