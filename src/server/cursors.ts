// What a caller is shown of positions in the log (test/attack/README.md "head-oracle", docs/security.md): global
// sequence numbers count every unit's writes one by one, so only those who see every casualty (and servers without
// authentication) get them; every other caller gets opaque tokens (src/auth/cursor-token.ts) and events and
// acknowledgements without `seq`.
import type { FastifyRequest } from 'fastify';
import type { StoredEvent } from '../core/index.ts';
import type { ScopedEvent } from '../core/api.ts';
import type { AppContext, Cursors } from './context.ts';
import { badRequest } from './errors.ts';

export type { Cursors };

/** The caller's cursors, or null when the caller is shown numbers. */
export async function cursorsOf(ctx: AppContext, req: FastifyRequest): Promise<Cursors | null> {
  return ctx.cursors ? ctx.cursors(req) : null;
}

/**
 * Where a scoped caller's read starts: a token of theirs, or the start (no cursor, or 0). A number is refused: with
 * `more` and the scan budget, a chosen number is a binary search for the head. `numbersFromStart` (the pull: phones
 * kept a numeric cursor before tokens) answers any number as from the start instead, which tells nothing of it.
 */
export function scopedStart(c: Cursors, after: string | number | undefined, path: string, numbersFromStart = false): number {
  if (after === undefined || after === 0) return 0;
  if (typeof after === 'number') {
    if (numbersFromStart) return 0;
    throw badRequest(`invalid ${path}: a cursor token is required`, [{ path, message: 'must be the cursor token of an earlier answer' }]);
  }
  const seq = c.open(after);
  if (seq === null) throw badRequest(`invalid ${path}: not a cursor of this server for this user`, [{ path, message: 'must be the cursor token of an earlier answer' }]);
  return seq;
}

/** A number-holder sent a token (or a token-holder a number it may not send). */
export const numberRequired = (path: string) => badRequest(`invalid ${path}: a sequence number is required`, [{ path, message: 'must be a sequence number' }]);

export const withoutSeq = (e: StoredEvent): ScopedEvent => {
  const { seq: _seq, ...rest } = e;
  return rest as ScopedEvent;
};

/** An append's answer for a caller shown no numbers: no `head`, no `results[].seq`. */
export function scopedAck<R extends { results: { id: string; seq?: number; duplicate: boolean }[]; head?: number }>(r: R, c: Cursors | null): R {
  if (!c) return r;
  const { head: _head, ...rest } = r;
  return { ...rest, results: r.results.map(({ id, duplicate }) => ({ id, duplicate })) } as R;
}
