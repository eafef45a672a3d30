// Casualty records, credentials and the audit chain are readable by the server's own user only: the data
// directory is 0700 and every database file in it 0600 (SQLite gives its -wal/-shm files the main file's mode).
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';

export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700); // an existing directory keeps its mode otherwise
}

/** Create the file empty (0600) if it does not exist, and make sure an existing one is 0600 with its companions. */
export function privateFile(path: string): void {
  if (!existsSync(path)) writeFileSync(path, '', { mode: 0o600, flag: 'a' });
  for (const p of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(p)) chmodSync(p, 0o600);
}
