// Canonical JSON: keys sorted at every level, undefined members dropped, so a hash of it does not depend on key
// order in storage or on the wire (the audit chains hash events and entries with it).
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return Object.isFrozen(v) ? frozenArray(v) : `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/**
 * The text of a frozen array of strings is kept: it cannot change, and the stream read audit lists one such array of
 * up to 1,000 casualties in the entries of every stream that read the same (issue 16), rendered once, not per entry.
 */
const keptText = new WeakMap<readonly unknown[], string>();
function frozenArray(v: readonly unknown[]): string {
  const kept = keptText.get(v);
  if (kept !== undefined) return kept;
  const text = `[${v.map(canonical).join(',')}]`;
  if (v.every((x) => typeof x === 'string')) keptText.set(v, text);
  return text;
}
