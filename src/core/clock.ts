// Field phones' clocks are often hours off (a dead battery resets them, a SIM never set them). A device measures its
// offset to a server on every contact (NTP-style, docs/sync.md SYNC-15) and records events in corrected time,
// keeping its own clock reading; a server corrects what a device could not, from the batch's send time (SYNC-16).
// Pure: every clock is a parameter.
import type { CasualtyEvent } from './events.ts';
import { EARLIEST_ACCEPTED, MAX_FUTURE_SKEW_MIN, MAX_OFFSET_MS, toMs } from './time.ts';
import type { ClockNote } from './time.ts';
import { canonical } from './canonical.ts';

/** Offsets smaller than this are measurement noise (a one-second Date header, network jitter): not applied. */
export const NEGLIGIBLE_OFFSET_MS = 2_000;

export interface ClockSample {
  /** Server clock minus device clock, ms. */
  offsetMs: number;
  /** Round trip of the measuring request, ms: the offset is good to ± half of it. */
  rttMs: number;
  /** Device clock when measured (ms). */
  measuredAt: number;
}

/**
 * One NTP-style sample: the device's clock at send and at receipt, and the server's clock while it answered
 * (assumed half-way through the round trip).
 */
export function measureOffset(sentMs: number, receivedMs: number, serverMs: number): ClockSample {
  const rttMs = Math.max(0, receivedMs - sentMs);
  return { offsetMs: Math.round(serverMs - (sentMs + receivedMs) / 2), rttMs, measuredAt: receivedMs };
}

/** A round trip this slow is the one kind of sample never taken over an earlier one (SLOW_SAMPLE_MS below is fresher). */
export const MAX_SAMPLE_RTT_MS = 60_000;
/** A sample slower than this is taken over an earlier one only when that one is stale. */
export const SLOW_SAMPLE_MS = 2_000;
/** A sample older than this may be replaced by a slower one. */
export const STALE_SAMPLE_MS = 10 * 60_000;

/**
 * Whether a new sample replaces the one held (SYNC-15); `movedMs`: the wall clock's round trip minus the monotonic
 * clock's. A sample is good to ± half its round trip, so: never one
 * whose round trip the wall clock and the monotonic clock measured differently (the clock was set, or the phone
 * slept, while the request was out: its offset is wrong by that much); never one over MAX_SAMPLE_RTT_MS when another
 * is held (an answer that slow is off by minutes, however stale the one held); a slow one only over a stale one.
 */
export function takeSample(held: ClockSample | null, s: ClockSample, movedMs = 0): boolean {
  if (Math.abs(movedMs) >= CLOCK_JUMP_MS) return false;
  if (!held) return true;
  if (s.rttMs > MAX_SAMPLE_RTT_MS) return false;
  const fresh = s.measuredAt >= held.measuredAt && s.measuredAt - held.measuredAt < STALE_SAMPLE_MS;
  return !(s.rttMs > SLOW_SAMPLE_MS && held.rttMs <= s.rttMs && fresh);
}

/** The offset to apply: zero when it is within the noise. */
export const effectiveOffset = (offsetMs: number | null | undefined): number =>
  offsetMs === null || offsetMs === undefined || Math.abs(offsetMs) < NEGLIGIBLE_OFFSET_MS ? 0 : Math.round(offsetMs);

const shift = (iso: string, ms: number): string => new Date(toMs(iso) + ms).toISOString();

/** A registered event's time of injury is read off the same device clock as `at`. */
function withInstants(e: CasualtyEvent, f: (iso: string) => string): CasualtyEvent {
  const moved = { ...e, at: f(e.at), recordedAt: f(e.recordedAt) } as CasualtyEvent;
  if (moved.type === 'registered') moved.payload = { ...moved.payload, injuredAt: f(moved.payload.injuredAt) };
  return moved;
}

/**
 * Move an event recorded by a device clock `offsetMs` behind the server's into server time; its own reading is kept.
 * The note is added even for a negligible offset: it says the offset was known, so nobody corrects the event again.
 */
export function correctTimes(e: CasualtyEvent, offsetMs: number, by: ClockNote['by']): CasualtyEvent {
  const off = effectiveOffset(offsetMs);
  if (e.clock || Math.abs(off) > MAX_OFFSET_MS) return e;
  return { ...withInstants(e, (iso) => shift(iso, off)), clock: { deviceAt: e.at, offsetMs: off, by } };
}

/** Not before the earliest accepted instant, not more than MAX_FUTURE_SKEW_MIN ahead of `nowMs`. */
export const plausibleInstant = (iso: string, nowMs: number): boolean => {
  const t = toMs(iso);
  return t >= toMs(EARLIEST_ACCEPTED) && t <= nowMs + MAX_FUTURE_SKEW_MIN * 60_000;
};

const instantsOf = (e: CasualtyEvent): string[] => [e.at, e.recordedAt, ...(e.type === 'registered' ? [e.payload.injuredAt] : [])];

/**
 * A server's time check (SYNC-16): never refuse an event for its clock. Without a clock note, an event of a batch
 * whose device clock (`sentMs`, read at send) is off is corrected by that offset. What is still implausible is kept
 * with its implausible instants set to the time of receipt and marked `needsTime` for a person to resolve.
 */
export function reconcileClock(e: CasualtyEvent, sentMs: number | undefined, nowMs: number): CasualtyEvent {
  const derived = sentMs !== undefined && Number.isFinite(sentMs) ? effectiveOffset(nowMs - sentMs) : 0;
  const corrected = derived !== 0 ? correctTimes(e, derived, 'server') : e; // a right clock changes nothing
  if (instantsOf(corrected).every((iso) => plausibleInstant(iso, nowMs))) return corrected;
  const now = new Date(nowMs).toISOString();
  const fixed = withInstants(corrected, (iso) => (plausibleInstant(iso, nowMs) ? iso : now));
  const deviceAt = corrected.clock?.deviceAt ?? e.at;
  const offsetMs = Math.max(-MAX_OFFSET_MS, Math.min(MAX_OFFSET_MS, toMs(fixed.at) - toMs(deviceAt)));
  return { ...fixed, clock: { deviceAt, offsetMs, by: 'server', needsTime: true } };
}

/** Events still waiting for a person to give them a time (not voided since). */
export function needingTime(events: readonly CasualtyEvent[]): CasualtyEvent[] {
  const voided = new Set(events.flatMap((e) => (e.type === 'void' ? [e.payload.target] : [])));
  return events.filter((e) => e.clock?.needsTime && !voided.has(e.id));
}

/** Gaps between the wall clock and the monotonic clock below this are timer jitter, not a clock being set. */
export const CLOCK_JUMP_MS = 5_000;
/** One reading of both clocks: the wall clock (Date.now) and a monotonic one (performance.now). */
export interface ClockReading {
  wall: number;
  mono: number;
}
/**
 * By how much the wall clock was set between two readings (ms, + forward), or 0. A clock set back is always a
 * change; set forward it may be a device asleep (a monotonic clock stops in suspend), so a forward gap counts only
 * when the app stayed in view between the readings.
 */
export function clockJump(last: ClockReading, now: ClockReading, stayedVisible: boolean): number {
  const gap = now.wall - last.wall - (now.mono - last.mono);
  if (Math.abs(gap) < CLOCK_JUMP_MS || (gap > 0 && !stayedVisible)) return 0;
  return Math.round(gap);
}

/** The time a device's clock read for an event: before any correction the server made. */
const deviceReading = (e: CasualtyEvent): string => (e.clock?.by === 'server' ? e.clock.deviceAt : e.at);
const untimed = (e: CasualtyEvent): string => canonical(e.type === 'registered' ? { ...e.payload, injuredAt: undefined } : e.payload);

/**
 * A re-sent event whose time the server fixed (its answer was lost; the client sends it again) is fixed again at
 * another instant — a new receipt time, an offset measured over another round trip — and differs from what is
 * stored: a 409 for an honest re-send. The same submission (same device reading, casualty, type and payload but for
 * the times the server set) is the stored event itself.
 */
export function sameSubmission(stored: CasualtyEvent, e: CasualtyEvent): boolean {
  if (stored.clock?.by !== 'server' && e.clock?.by !== 'server') return false;
  return deviceReading(stored) === deviceReading(e) && stored.casualtyId === e.casualtyId && stored.type === e.type && untimed(stored) === untimed(e);
}
