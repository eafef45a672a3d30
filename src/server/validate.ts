// Boundary checks shared by the routes: zod parsing into our error shape, and time sanity of events.
import type { z } from 'zod';
import { EARLIEST_ACCEPTED, MAX_FUTURE_SKEW_MIN, reconcileClock, toMs } from '../core/index.ts';
import type { CasualtyEvent } from '../core/index.ts';
import type { Issue } from './errors.ts';
import { invalid } from './errors.ts';

export function parse<T extends z.ZodType>(schema: T, raw: unknown, prefix: (string | number)[] = [], what?: string): z.infer<T> {
  const r = schema.safeParse(raw);
  if (!r.success) throw invalid(r.error, prefix, what);
  return r.data as z.infer<T>;
}

/** An instant a client claims: not before EARLIEST_ACCEPTED, not later than now + MAX_FUTURE_SKEW_MIN. */
export function checkInstant(value: string | undefined, path: string, now: string): Issue | null {
  if (value === undefined) return null;
  const t = toMs(value);
  if (t > toMs(now) + MAX_FUTURE_SKEW_MIN * 60_000)
    return { path, message: `is more than ${MAX_FUTURE_SKEW_MIN} min in the future (server time ${now})` };
  if (t < toMs(EARLIEST_ACCEPTED)) return { path, message: `is before ${EARLIEST_ACCEPTED}` };
  return null;
}

/**
 * The time check of an event (SYNC-16): nothing is refused for a clock. An event corrected by its device's measured
 * offset passes as it is; one from a device that could not correct it is corrected by the batch's send time
 * (`deviceSentMs`); what is still implausible is kept at the time of receipt, marked as needing a time.
 */
export function timeChecked(e: CasualtyEvent, deviceSentMs: number | undefined, now: string): CasualtyEvent {
  return reconcileClock(e, deviceSentMs, toMs(now));
}

/** The device's own clock when it sent the request (`x-device-time`, ms since the epoch), if it says. */
export function deviceSentMs(headers: Record<string, string | string[] | undefined>): number | undefined {
  const v = headers['x-device-time'];
  const n = typeof v === 'string' && /^-?\d{1,16}$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}
