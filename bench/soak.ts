// `npm run bench:soak`: kill -9 of the server process under steady write load, 100 cycles on SQLite and on
// PostgreSQL (test/support/soak.ts). Prints cycles survived and acknowledged events lost (must be 0).
// Usage: node bench/soak.ts [cycles=100] [sqlite|postgres|both]
import { soak } from '../test/support/soak.ts';
import type { SoakResult } from '../test/support/soak.ts';
import { startPostgres } from '../test/support/postgres.ts';

const cycles = Number(process.argv[2] ?? 100);
const which = process.argv[3] ?? 'both';
const results: SoakResult[] = [];
const log = (s: string) => (s.endsWith('0 batches acknowledged so far') || /cycle \d*0:/.test(s) ? console.log(`  ${s}`) : undefined);
if (which !== 'postgres') results.push(await soak({ backend: 'sqlite', cycles, log }));
if (which !== 'sqlite') {
  const pg = await startPostgres();
  try {
    results.push(await soak({ backend: 'postgres', cycles, databaseUrl: pg.url, log }));
  } finally {
    await pg.stop();
  }
}
let bad = 0;
for (const r of results) {
  console.log(
    `soak ${r.backend}: ${r.survived}/${r.cycles} kill -9 cycles survived; ${r.acknowledged} acknowledged events, ${r.lost} lost; ` +
      `${r.duplicates} duplicates; ${r.partialBatches} partial batches; ${r.gaps} sequence gaps; ${r.unacknowledgedBatches} batches in flight at a kill; ` +
      `audit chain ${r.auditOk ? 'verifies' : 'BROKEN'}; ${r.seconds} s`,
  );
  if (r.lost || r.duplicates || r.partialBatches || r.gaps || !r.auditOk || r.survived !== r.cycles) bad++;
}
process.exit(bad ? 1 : 0);
