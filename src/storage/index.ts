// Public surface of the storage layer.
export type * from './port.ts';
export { openStore } from './open.ts';
export type { StoreEnv } from './open.ts';
export { openSqliteStore } from './sqlite.ts';
export { openPostgresStore } from './postgres.ts';
export { StoreLockedError } from './common.ts';
