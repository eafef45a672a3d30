// `goldenhour staff import|export|synthetic`: the medical workforce registry from the command line (issue 12).
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs, int, str } from '../args.ts';
import { UsageError, describeDatabase, loadConfig, openMigratedStore } from '../config.ts';
import type { Store } from '../../storage/port.ts';
import { importCsv, loadRegistry } from '../../server/workforce.ts';
import { processWorkforceDoor } from '../../log/workforce.ts';
import { toCsv } from '../../workforce/csv.ts';
import { syntheticWorld } from '../../workforce/synthetic.ts';
import { progressBar } from '../progress.ts';

const USAGE = `Usage: goldenhour staff <import FILE [--keep-valid] | export [--out FILE] | synthetic [--clinicians N] [--sites N]>

  import FILE     load a registry CSV (columns: id,name,profession,specialties,credentials,training,experience_years,
                  cases_12m,languages,status,home_lat,home_lon,availability,site). Every row is checked first and
                  every problem printed as "line N, field F: message". Any problem: nothing is stored (exit 1),
                  unless --keep-valid, which stores the valid rows. Importing the same file again changes nothing.
  export          write the registry as CSV (stdout or --out FILE)
  synthetic       load the SYNTHETIC registry, units and facilities (default 5000 clinicians, 500 sites)

Personal data: run these only as the personnel officer or an administrator of this server.`;

/** Load the synthetic workforce world (also `goldenhour demo --workforce`). */
export async function loadSyntheticWorkforce(store: Store, o: { clinicians: number; sites: number; now: string }): Promise<string> {
  const w = syntheticWorld({ now: o.now, clinicians: o.clinicians, sites: o.sites });
  for (const u of w.units) await store.putEntity('unit', u);
  for (const f of w.facilities) await store.putEntity('facility', f);
  const r = await processWorkforceDoor(store, 'staff synthetic', { now: () => o.now }).record(w.facts);
  return `SYNTHETIC workforce: ${w.units.length} units, ${w.facilities.length} facilities, ${o.sites} staffing sites, ${o.clinicians} clinicians (${r.accepted} new facts${r.duplicates ? `, ${r.duplicates} already loaded` : ''})`;
}

export async function staffCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h') return console.log(USAGE), sub ? 0 : 2;
  const p = parseArgs(rest, ['out', 'clinicians', 'sites'], ['keep-valid']);
  if (p.flags.has('help')) return console.log(USAGE), 0;
  const config = loadConfig();
  const now = new Date().toISOString();
  if (sub === 'import') {
    const file = p.positional[0];
    if (!file || p.positional.length > 1) throw new UsageError('staff import takes one FILE');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${file}: ${(err as Error).message}`, 1);
    }
    const store = await openMigratedStore(config);
    try {
      const validate = progressBar('checking', 'rows');
      const store_ = progressBar('storing ', 'facts');
      const r = await importCsv(store, processWorkforceDoor(store, 'staff import', { now: () => now }), text, {
        now, author: process.env.USER ? `cli:${process.env.USER}` : 'cli', keepValid: p.flags.has('keep-valid'),
        onProgress: (phase, d, t) => (phase === 'validate' ? validate : store_)(d, t),
      });
      // The report lists the first WORKFORCE_IMPORT_ISSUES problems and counts them all.
      for (const i of r.issues) console.error(`line ${i.line}, field ${i.field}: ${i.message}`);
      if (r.issuesTotal > r.issues.length) console.error(`… and ${r.issuesTotal - r.issues.length} more problems`);
      console.log(`${r.lines} rows, ${r.valid} valid, ${r.issuesTotal} problem(s); ${r.stored ? `stored in ${describeDatabase(config)}: ${r.accepted} new facts, ${r.duplicates} already there` : 'NOTHING stored (fix the rows, or --keep-valid)'}`);
      return r.issuesTotal && !r.stored ? 1 : 0;
    } finally {
      await store.close();
    }
  }
  if (sub === 'export') {
    const store = await openMigratedStore(config);
    try {
      const reg = await loadRegistry(store);
      const csv = toCsv([...reg.clinicians.values()].map((c) => ({ record: c.record, site: c.siteId })));
      const out = str(p, 'out');
      if (out) writeFileSync(out, csv);
      else process.stdout.write(csv);
      process.stderr.write(`exported ${reg.clinicians.size} clinicians${out ? ` to ${out}` : ''}\n`);
      return 0;
    } finally {
      await store.close();
    }
  }
  if (sub === 'synthetic') {
    const store = await openMigratedStore(config);
    try {
      console.log(await loadSyntheticWorkforce(store, { clinicians: int(p, 'clinicians', 5000, 1, 200_000), sites: int(p, 'sites', 500, 10, 5000), now }));
      return 0;
    } finally {
      await store.close();
    }
  }
  throw new UsageError(`unknown staff command "${sub}"\n${USAGE}`);
}
