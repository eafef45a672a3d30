// A database that is restarting or unreachable is a temporary condition, not a bug: requests in flight fail with
// 503 and a clear message, the pool opens fresh connections once the server is back, and the process never dies
// of it. Shared by both PostgreSQL pools (the store's and the trust tables') and the LISTEN bus.
import type pg from 'pg';

/** SQLSTATE classes and socket errors that mean "the database went away" (not "your query is wrong"). */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-3]|53300)/; // connection exception, admin/crash shutdown, cannot connect now, too many connections
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_TEXT = /Connection terminated|connection ended|Client has encountered a connection error|Connection closed|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery mode)/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATE.test(e.code) || UNAVAILABLE_ERRNO.has(e.code))) return true;
  return typeof e.message === 'string' && UNAVAILABLE_TEXT.test(e.message);
}

/**
 * Make a pool survive its server restarting: an error on an idle client (the pool's own listener) or on a checked-out
 * client between two queries (no listener of its own: Node would throw it and end the process) is logged once per
 * outage; the client is discarded by pg and the next query connects afresh.
 */
export function survivePoolErrors(pool: pg.Pool, name: string, log: (s: string) => void = (s) => console.error(s)): void {
  let last = 0;
  const report = (err: Error) => {
    if (Date.now() - last > 10_000) log(`${name}: ${err.message} (the database is unavailable; requests answer 503 until it is back)`);
    last = Date.now();
  };
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
}
