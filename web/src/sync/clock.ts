// This phone's clock against the server's (docs/sync.md SYNC-15): every answer from the server carries its clock
// (x-server-time); each contact is one NTP-style sample. Times shown and running clocks use corrected time; new events
// are stamped in corrected time with the phone's own reading kept (src/core/clock.ts), and with a hybrid logical
// clock (SYNC-3) for display order.
import { clockJump, effectiveOffset, measureOffset, takeSample } from '../../../src/core/index.ts';
import type { ClockSample } from '../../../src/core/index.ts';
import { HlcClock, formatHlc, parseHlc } from '../../../src/sync/hlc.ts';

const KEY = 'gh.clock';
const HLC_KEY = 'gh.hlc';

let sample: ClockSample | null = load();

function load(): ClockSample | null {
  try {
    const s = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? 'null') as ClockSample | null;
    return s && Number.isFinite(s.offsetMs) ? s : null;
  } catch {
    return null;
  }
}

/** The measured offset (server minus phone, ms), or null when this phone has never reached a server. */
export const measured = (): ClockSample | null => sample;
/** Forget the measurement (a test of a phone that never reached a server; a clock the user just changed). */
export function forget(): void {
  sample = null;
  globalThis.localStorage?.removeItem(KEY);
}

/**
 * One contact: the phone's clock at send and at receipt, the server's clock from the answer's header, and the round
 * trip by the monotonic clock (a sample whose round trip the two clocks measured apart is not taken: takeSample).
 */
export function observe(sentMs: number, receivedMs: number, serverHeader: string | null, monoRttMs?: number): void {
  const server = serverHeader === null ? NaN : Number(serverHeader);
  if (!Number.isFinite(server)) return;
  const s = measureOffset(sentMs, receivedMs, server);
  if (!takeSample(sample, s, monoRttMs === undefined ? 0 : receivedMs - sentMs - monoRttMs)) return;
  checkJump(); // a jump before this contact is now measured: not to be applied again
  sample = s;
  globalThis.localStorage?.setItem(KEY, JSON.stringify(s));
  clockListeners.forEach((f) => f());
}

/**
 * A scanned hand-over code carries the sender's corrected clock: a phone that never reached a server takes it as a
 * rough sample (its round trip counted as a minute, so the next server contact replaces it).
 */
export function observeHandover(senderMs: number | undefined): void {
  if (sample || senderMs === undefined) return;
  const now = Date.now();
  sample = { offsetMs: Math.round(senderMs - now), rttMs: 60_000, measuredAt: now };
  globalThis.localStorage?.setItem(KEY, JSON.stringify(sample));
}

// ---- a clock changed while the app runs (issue 19) --------------------------------------------------------------
// Between two readings the wall clock (Date.now) and the monotonic one (performance.now) move alike unless someone
// or something set the phone's clock: then the offset moves the other way at once, with no server contact (the rule,
// and why a forward gap counts only while the page stayed in view, is clockJump in src/core/clock.ts).
const visible = (): boolean => typeof document === 'undefined' || document.visibilityState === 'visible';
let last = { wall: Date.now(), mono: performance.now() };
let hiddenSinceLast = !visible();
const clockListeners = new Set<() => void>();
/** Called when the offset changes (a jump detected, a new measurement). */
export const onClock = (f: () => void): (() => void) => {
  clockListeners.add(f);
  return () => clockListeners.delete(f);
};
/** The last jump detected: by how much the phone's clock moved (ms), and when (corrected clock). */
export let lastJump: { ms: number; at: number } | null = null;

/** Compare the two clocks since the last reading; a jump moves the measured offset by as much the other way. */
export function checkJump(): number {
  const now = { wall: Date.now(), mono: performance.now() };
  const gap = clockJump(last, now, !hiddenSinceLast);
  last = now;
  hiddenSinceLast = !visible();
  if (!gap || !sample) return 0;
  sample = { ...sample, offsetMs: Math.round(sample.offsetMs - gap), measuredAt: sample.measuredAt + gap };
  globalThis.localStorage?.setItem(KEY, JSON.stringify(sample));
  lastJump = { ms: Math.round(gap), at: now.wall + sample.offsetMs };
  clockListeners.forEach((f) => f());
  return gap;
}
if (typeof document !== 'undefined') {
  document.addEventListener('visibilitychange', () => {
    if (!visible()) hiddenSinceLast = true;
  });
  setInterval(checkJump, 1_000);
}

/** The offset to apply now (0 when unknown or negligible); a clock changed since the last reading is caught first. */
export const offsetMs = (): number => {
  checkJump();
  return effectiveOffset(sample?.offsetMs);
};
/** The corrected clock: what the server's clock reads now, as far as this phone knows. */
export const serverNow = (): number => Date.now() + offsetMs();
export const serverNowIso = (): string => new Date(serverNow()).toISOString();

// ---- hybrid logical clock (SYNC-3), on corrected time, persisted so a reload never goes back --------------------
let hlc: HlcClock | null = null;
function clockFor(node: string): HlcClock {
  if (!hlc) {
    const saved = parseHlc(globalThis.localStorage?.getItem(HLC_KEY) ?? '');
    hlc = new HlcClock(node, serverNow, saved ? { l: saved.l, c: saved.c } : undefined);
  }
  return hlc;
}
/** A stamp for a new event of this device. */
export function stamp(node: string): string {
  const s = clockFor(node).now();
  globalThis.localStorage?.setItem(HLC_KEY, s);
  return s;
}
/** Merge the stamps of events received from elsewhere, so the next local stamp sorts after them. */
export function seen(node: string, stamps: (string | undefined)[]): void {
  const c = clockFor(node);
  for (const s of stamps) c.observe(s);
  if (c.current.l > 0) globalThis.localStorage?.setItem(HLC_KEY, formatHlc(c.current, node));
}
