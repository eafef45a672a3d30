// Reading a SQLite store's WAL in tests (issue 16): how many transactions committed since it was last reset.
import { readFileSync } from 'node:fs';

/** Commit frames in the WAL since it was last reset (one per committed transaction: one fsync each). */
export function walCommits(dbPath: string): number {
  const wal = readFileSync(`${dbPath}-wal`);
  const pageSize = wal.readUInt32BE(8);
  const salt = [wal.readUInt32BE(16), wal.readUInt32BE(20)];
  let commits = 0;
  for (let off = 32; off + 24 + pageSize <= wal.length; off += 24 + pageSize)
    if (wal.readUInt32BE(off + 8) === salt[0] && wal.readUInt32BE(off + 12) === salt[1] && wal.readUInt32BE(off + 4) !== 0) commits++;
  return commits;
}
