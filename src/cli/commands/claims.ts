// `goldenhour claims import [DIR]`: load the shipped public loss datasets into the claims ledger (idempotent), with a
// progress bar on stderr and a validation report.
import { REPO_ROOT, UsageError, describeDatabase, loadConfig, openMigratedStore } from '../config.ts';
import { parseArgs } from '../args.ts';
import { join } from 'node:path';
import { importDatasets } from '../../accounting/import.ts';
import { ATTRIBUTION } from '../../accounting/datasets.ts';
import { progressBar } from '../progress.ts';

const USAGE = `Usage: goldenhour claims import [DIR] [--json]

Imports the public loss datasets in DIR (default: datasets/losses of this repository) into the claims ledger:
the General Staff's claimed cumulative series (equipment, personnel, the signed corrections), and Oryx's
photo-verified counts (daily by scrape date, totals by type, captured items with their photographs as evidence).
Idempotent: a second import changes nothing; a row whose stored figure differs is reported, never overwritten.
Prints a validation report per dataset (rows, claims, inserted, unchanged, conflicts, skipped, warnings).

Options:
  --json         the report as JSON on stdout
  -h, --help     show this help

Environment: DATA_DIR or DATABASE_URL (stop a server using the same SQLite file first).

Sources: ${ATTRIBUTION.generalStaff}; ${ATTRIBUTION.oryx}.`;

export async function claimsCommand(argv: string[]): Promise<number> {
  const p = parseArgs(argv, [], ['json']);
  if (p.flags.has('help') || argv.length === 0) return console.log(USAGE), argv.length === 0 ? 2 : 0;
  const [sub, dirArg, ...extra] = p.positional;
  if (sub !== 'import' || extra.length) throw new UsageError(USAGE);
  const config = loadConfig();
  const store = await openMigratedStore(config);
  const db = store.sql;
  const json = p.flags.has('json');
  try {
    const started = Date.now();
    const report = await importDatasets(db, dirArg ?? join(REPO_ROOT, 'datasets', 'losses'), 'import', new Date().toISOString(), progressBar('', 'claims'));
    if (json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(`${describeDatabase(config)}: ${report.inserted} claims added, ${report.unchanged} unchanged, ${report.evidence} evidence items, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      for (const d of report.datasets) {
        const skipped = Object.entries(d.skipped).map(([k, n]) => `${k}: ${n}`).join(', ');
        console.log(`  ${d.dataset.padEnd(26)} ${d.file}: ${d.rows} rows → ${d.claims} claims (${d.inserted} new, ${d.unchanged} unchanged, ${d.conflicts} conflicts)${skipped ? `; skipped ${skipped}` : ''}`);
        for (const w of d.warnings) console.log(`      warning: ${w}`);
      }
      for (const c of report.conflicts) console.log(`  conflict: ${c}`);
    }
    return report.conflicts.length ? 1 : 0;
  } finally {
    await store.close();
  }
}
