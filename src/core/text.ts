// Text that the two databases treat differently is refused at every boundary. PostgreSQL cannot store U+0000 in
// text or json at all (SQLite can), and a lone UTF-16 surrogate has no UTF-8 form (each driver replaces it its own
// way): either would be accepted by one replica and refused by the other, which then blocks replication.
// Pure: used by the HTTP boundary, sync, import and the web app's forms alike.

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why this string cannot be stored alike everywhere, or null. */
export function unstorableText(s: string): string | null {
  if (s.includes('\u0000')) return 'contains a NUL character (U+0000)';
  if (LONE_SURROGATE.test(s)) return 'contains a lone UTF-16 surrogate (not valid Unicode)';
  return null;
}

/**
 * How deep a JSON value may nest. SQLite refuses JSON nested ~1000 deep where PostgreSQL stores it, and writing very
 * deep JSON overflows the stack: both would turn one writer's input into a 500 on one replica and block replication
 * behind it. No message of ours nests past about 10.
 */
export const MAX_JSON_DEPTH = 32;
const TOO_DEEP = `is nested deeper than ${MAX_JSON_DEPTH} levels`;

/** Where a JSON-like value nests deeper than MAX_JSON_DEPTH (the path of the first such level), or null. */
export function tooDeep(value: unknown, path: string[] = [], depth = 0): { path: string; message: string } | null {
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_JSON_DEPTH) return { path: path.length ? path.join('.') : 'body', message: TOO_DEEP };
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const f = tooDeep(v, [...path, k], depth + 1);
    if (f) return f;
  }
  return null;
}

/**
 * The first unstorable string in a JSON-like value (keys included), or the first level nested deeper than
 * MAX_JSON_DEPTH, as {path, message}; null when clean.
 */
export function findUnstorableText(value: unknown, path: string[] = [], depth = 0): { path: string; message: string } | null {
  const here = () => (path.length ? path.join('.') : 'body');
  if (typeof value === 'string') {
    const why = unstorableText(value);
    return why ? { path: here(), message: why } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_JSON_DEPTH) return { path: here(), message: TOO_DEEP };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const f = findUnstorableText(value[i], [...path, String(i)], depth + 1);
      if (f) return f;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const kw = unstorableText(k);
    if (kw) return { path: [...path, storableText(k)].join('.'), message: `key ${kw}` };
    const f = findUnstorableText(v, [...path, k], depth + 1);
    if (f) return f;
  }
  return null;
}

/** The string with NULs and lone surrogates replaced by U+FFFD: for records of refused input (audit, logs). */
export const storableText = (s: string): string => s.replaceAll('\u0000', '\ufffd').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\ufffd');
