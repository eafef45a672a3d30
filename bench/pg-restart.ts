// `npm run bench:pg-restart [cycles=20]`: kill -9 and restart of PostgreSQL under steady HTTP write load
// (test/support/pg-restart.ts). Prints whether the server survived, acknowledged events lost (must be 0), the
// answers during outages and the time to recover after each restart.
import { pgRestartSoak } from '../test/support/pg-restart.ts';

const cycles = Number(process.argv[2] ?? 20);
const r = await pgRestartSoak({ cycles, writers: 4, log: (s) => console.log(`  ${s}`) });
const rec = [...r.recoverySeconds].sort((a, b) => a - b);
console.log(
  `pg-restart: ${r.cycles} PostgreSQL kill -9/restart cycles; server ${r.serverAlive ? 'alive' : 'DEAD'}; ${r.acknowledged} acknowledged events, ${r.lost} lost; ` +
    `${r.duplicates} duplicates; ${r.gaps} gaps; ${r.answers503} × 503 during outages, ${r.badAnswers.length} other failures; ` +
    `recovery median ${rec[Math.floor(rec.length / 2)]?.toFixed(1)} s, max ${rec.at(-1)?.toFixed(1)} s; stream live after ${r.streamAfterRestart.filter(Boolean).length}/${r.cycles} restarts; ${r.seconds} s`,
);
if (r.badAnswers.length) console.log(`  first failures: ${r.badAnswers.slice(0, 5).join(' | ')}`);
process.exit(r.serverAlive && !r.lost && !r.duplicates && !r.gaps && !r.badAnswers.length && r.streamAfterRestart.every(Boolean) ? 0 : 1);
