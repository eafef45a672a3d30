// Import the shipped datasets into the claims ledger: idempotent (claim ids are derived from the source row, an
// existing id is left alone), in chunks inside one transaction, with progress and a validation report. A row whose
// id exists with a different value is reported as a conflict, never overwritten: a changed figure is a new claim.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Db, Param } from './db.ts';
import type { BuiltClaim, DatasetReport } from './datasets.ts';
import { allDatasetClaims } from './datasets.ts';
import { CLAIM_COLUMNS, CLAIM_PLACEHOLDERS, HISTORY_COLUMNS, chainHistory, claimValues, lockHistory } from './ledger.ts';

export interface ImportReport {
  datasets: (DatasetReport & { inserted: number; unchanged: number; conflicts: number })[];
  inserted: number;
  unchanged: number;
  conflicts: string[];
  evidence: number;
}

export type Progress = (done: number, total: number) => void;

const CHUNK = 400;

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
    for (let i = 0; i < fresh.length; i += CHUNK) {
      const chunk = fresh.slice(i, i + CHUNK);
      const params: Param[] = chunk.flatMap((b) => claimValues(b.claim, b.claim.id, actor, now, b.dataset));
      const rows = await t.all<{ id: string }>(
        `INSERT INTO claims (${CLAIM_COLUMNS}) VALUES ${chunk.map(() => CLAIM_PLACEHOLDERS).join(', ')} ON CONFLICT (id) DO NOTHING RETURNING id`,
        params,
      );
      const inserted = new Set(rows.map((r) => r.id));
      const done = chunk.filter((b) => inserted.has(b.claim.id));
      if (done.length) {
        await lockHistory(t);
        const rows = await t.all<Parameters<typeof chainHistory>[1][number]>(
          `INSERT INTO claim_history (id, claim_id, at, actor, action, reason, detail) VALUES ${done.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')} RETURNING ${HISTORY_COLUMNS}`,
          done.flatMap((b) => [randomUUID(), b.claim.id, now, actor, 'created', `imported from ${b.dataset}`, JSON.stringify({ status: 'claimed', dataset: b.dataset })]),
        );
        await chainHistory(t, rows, 'claims import', now);
      }
      const withEvidence = done.filter((b) => b.evidence);
      if (withEvidence.length) {
        await t.run(
          `INSERT INTO claim_evidence (id, claim_id, url, sha256, archive, first_seen, kind, note, reliability, credibility, added_by, added_at)
           VALUES ${withEvidence.map(() => '(?, ?, ?, NULL, NULL, ?, ?, NULL, NULL, NULL, ?, ?)').join(', ')}`,
          withEvidence.flatMap((b) => [randomUUID(), b.claim.id, b.evidence!.url, b.evidence!.firstSeen, b.evidence!.kind, actor, now]),
        );
        evidence += withEvidence.length;
      }
      for (const b of done) perDataset.get(b.dataset)!.inserted++;
      progress?.(Math.min(i + CHUNK, fresh.length), fresh.length);
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
