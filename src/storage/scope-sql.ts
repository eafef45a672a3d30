// Row scope as SQL (migration 008's casualty_access), shared by the casualty filter and the read side.
import type { ReadScope } from './port.ts';

/** The condition "the casualty in `column` is in scope"; null when every row is. */
export function scopeSql(scope: ReadScope | undefined, column: string, p: (v: string) => string): string | null {
  if (!scope || scope.all) return null;
  if (scope.keys.length === 0) return '1 = 0';
  return `${column} IN (SELECT casualty_id FROM casualty_access WHERE key IN (${scope.keys.map((k) => p(k)).join(', ')}))`;
}
