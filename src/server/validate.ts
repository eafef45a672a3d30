// Boundary checks shared by the routes: zod parsing into our error shape, and time sanity of events.
import type { z } from 'zod';
import { invalid } from './errors.ts';

export function parse<T extends z.ZodType>(schema: T, raw: unknown, prefix: (string | number)[] = [], what?: string): z.infer<T> {
  const r = schema.safeParse(raw);
  if (!r.success) throw invalid(r.error, prefix, what);
  return r.data as z.infer<T>;
}

/** The one time check lives with the casualty log's validation (every writer uses it). */
export { checkInstant } from '../log/validate.ts';

/** The device's own clock when it sent the request (`x-device-time`, ms since the epoch), if it says (SYNC-16). */
export function deviceSentMs(headers: Record<string, string | string[] | undefined>): number | undefined {
  const v = headers['x-device-time'];
  const n = typeof v === 'string' && /^-?\d{1,16}$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}
