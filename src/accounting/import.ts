// Import the shipped datasets into the claims ledger: idempotent (claim ids are derived from the source row, an
// existing id is left alone), in multi-row statements inside one transaction, with progress and a validation report. A row whose
// id exists with a different value is reported as a conflict, never overwritten: a changed figure is a new claim.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Db, Param } from './db.ts';
import type { BuiltClaim, DatasetReport } from './datasets.ts';
import { allDatasetClaims } from './datasets.ts';
import { CLAIM_COLUMNS, HISTORY_COLUMNS, chainHistory, claimValues, lockHistory } from './ledger.ts';

export interface ImportReport {
  datasets: (DatasetReport & { inserted: number; unchanged: number; conflicts: number })[];
  inserted: number;
  unchanged: number;
  conflicts: string[];
  evidence: number;
}

export type Progress = (done: number, total: number) => void;

/**
 * Rows per statement. SQLite binds at most 32,766 parameters (31 columns × 400 fit); PostgreSQL gets a chunk as one
 * JSON parameter, which it plans once instead of thousands of untyped parameters (the import took 6.7–15 s that way).
 */
const CHUNK = { sqlite: 400, postgres: 5000 } as const;

/**
 * INSERT many rows of `columns` (values in that order) in one statement: `VALUES (?…), (?…)` on SQLite,
 * `json_populate_recordset` of one JSON array on PostgreSQL. `json` names columns whose value is JSON text.
 */
async function insertRows<T>(t: Db, table: string, columns: string, rows: Param[][], tail: string, json: readonly string[] = []): Promise<T[]> {
  const names = columns.split(',').map((c) => c.trim());
  if (t.kind === 'sqlite') {
    const one = `(${names.map(() => '?').join(', ')})`;
    return t.all<T>(`INSERT INTO ${table} (${names.join(', ')}) VALUES ${rows.map(() => one).join(', ')} ${tail}`, rows.flat());
  }
  const isJson = names.map((n) => json.includes(n));
  const objects = rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) o[names[i]!] = isJson[i] ? JSON.parse(String(r[i])) : r[i];
    return o;
  });
  return t.all<T>(
    `INSERT INTO ${table} (${names.join(', ')}) SELECT ${names.join(', ')} FROM json_populate_recordset(NULL::${table}, ?::json) ${tail}`,
    [JSON.stringify(objects)],
  );
}

export function datasetDir(dir: string): { read(name: string): string } {
  return { read: (name) => readFileSync(join(dir, name), 'utf8') };
}

export async function importDatasets(db: Db, dir: string, actor: string, now: string, progress?: Progress): Promise<ImportReport> {
  const { claims, reports } = allDatasetClaims(datasetDir(dir));
  const existing = new Map<string, number>();
  for (const r of await db.all<{ id: string; value: number }>('SELECT id, value FROM claims WHERE dataset IS NOT NULL'))
    existing.set(r.id, Number(r.value));
  const conflicts: string[] = [];
  const fresh: BuiltClaim[] = [];
  const perDataset = new Map<string, { inserted: number; unchanged: number; conflicts: number }>(
    reports.map((r) => [r.dataset, { inserted: 0, unchanged: 0, conflicts: 0 }]),
  );
  for (const b of claims) {
    const stat = perDataset.get(b.dataset)!;
    const old = existing.get(b.claim.id);
    if (old === undefined) fresh.push(b);
    else if (old === b.claim.value) stat.unchanged++;
    else {
      stat.conflicts++;
      if (conflicts.length < 50) conflicts.push(`${b.claim.id}: stored ${old}, file says ${b.claim.value}`);
    }
  }
  let evidence = 0;
  progress?.(0, fresh.length);
  await db.tx(async (t) => {
    const chunkSize = CHUNK[t.kind];
    for (let i = 0; i < fresh.length; i += chunkSize) {
      const chunk = fresh.slice(i, i + chunkSize);
      const rows = await insertRows<{ id: string }>(t, 'claims', CLAIM_COLUMNS, chunk.map((b) => claimValues(b.claim, b.claim.id, actor, now, b.dataset)),
        'ON CONFLICT (id) DO NOTHING RETURNING id');
      const inserted = new Set(rows.map((r) => r.id));
      const done = chunk.filter((b) => inserted.has(b.claim.id));
      if (done.length) {
        await lockHistory(t);
        const rows = await insertRows<Parameters<typeof chainHistory>[1][number]>(t, 'claim_history', 'id, claim_id, at, actor, action, reason, detail',
          done.map((b) => [randomUUID(), b.claim.id, now, actor, 'created', `imported from ${b.dataset}`, JSON.stringify({ status: 'claimed', dataset: b.dataset })]),
          `RETURNING ${HISTORY_COLUMNS}`, ['detail']);
        await chainHistory(t, rows.sort((a, b) => Number(a.seq) - Number(b.seq)), 'claims import', now);
      }
      const withEvidence = done.filter((b) => b.evidence);
      if (withEvidence.length) {
        await insertRows(t, 'claim_evidence', 'id, claim_id, url, first_seen, kind, added_by, added_at',
          withEvidence.map((b) => [randomUUID(), b.claim.id, b.evidence!.url, b.evidence!.firstSeen, b.evidence!.kind, actor, now]), '');
        evidence += withEvidence.length;
      }
      for (const b of done) perDataset.get(b.dataset)!.inserted++;
      progress?.(Math.min(i + chunkSize, fresh.length), fresh.length);
    }
  });
  const datasets = reports.map((r) => ({ ...r, ...perDataset.get(r.dataset)! }));
  return {
    datasets,
    inserted: datasets.reduce((n, d) => n + d.inserted, 0),
    unchanged: datasets.reduce((n, d) => n + d.unchanged, 0),
    conflicts,
    evidence,
  };
}
