// Boundary checks shared by the routes: zod parsing into our error shape, and time sanity of events.
import type { z } from 'zod';
import { EARLIEST_ACCEPTED, MAX_FUTURE_SKEW_MIN, toMs } from '../core/index.ts';
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
