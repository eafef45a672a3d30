// The accounting module reads and writes through the store's SQL facet (Store.sql, src/storage/sql.ts): the same
// connection as the casualty store, whose migrations create our tables. `Db` is that runner.
export type { Param, SqlRunner as Db } from '../storage/sql.ts';
export { toPg } from '../storage/sql.ts';
