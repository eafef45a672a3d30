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

interface Level {
  array: boolean;
  index: number;
  /** The current key's text, quotes included, as [start, end) of the source: decoded only for a refusal's path. */
  key: [number, number] | null;
}

/**
 * tooDeep on JSON text, before it is parsed: JSON.parse builds every level of `[[[[…` (2 M levels from a 4 KB gzip
 * body cost ~0.4 s of the server's thread) before a check of the value could refuse it. One pass over the characters,
 * stopping at the first level past MAX_JSON_DEPTH, with the path tooDeep gives; brackets inside strings do not count.
 * Text that is not JSON is left to the parser (null): this only measures nesting.
 */
export function jsonTextTooDeep(text: string): { path: string; message: string } | null {
  const stack: Level[] = [];
  let stringStart = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (stringStart >= 0) {
      if (c === 0x5c) i++; // a backslash escapes the next character (\" is an escaped quote)
      else if (c === 0x22) {
        const top = stack[stack.length - 1];
        if (top && !top.array && top.key === null) top.key = [stringStart, i + 1];
        stringStart = -1;
      }
      continue;
    }
    if (c === 0x22) stringStart = i;
    else if (c === 0x5b || c === 0x7b) {
      if (stack.length >= MAX_JSON_DEPTH) return { path: levelPath(text, stack), message: TOO_DEEP };
      stack.push({ array: c === 0x5b, index: 0, key: null });
    } else if (c === 0x5d || c === 0x7d) stack.pop();
    else if (c === 0x2c) {
      const top = stack[stack.length - 1];
      if (top?.array) top.index++;
      else if (top) top.key = null; // the next string is the next key
    }
  }
  return null;
}

/** The path to the current position, as tooDeep names it ("body" at the top). */
function levelPath(text: string, stack: readonly Level[]): string {
  if (stack.length === 0) return 'body';
  return stack.map((l) => (l.array ? String(l.index) : l.key ? keyText(text.slice(l.key[0], l.key[1])) : '')).join('.');
}

function keyText(quoted: string): string {
  try {
    return String(JSON.parse(quoted));
  } catch {
    return quoted.slice(1, -1);
  }
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
