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
